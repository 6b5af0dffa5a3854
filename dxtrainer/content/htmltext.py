"""HTML and Markdown from imported question banks, turned into the plain text our quizzes show.

Quiz text is shown as written (no markup), so paragraphs and line breaks become new lines, list
items `- `, links `text (address)`; bold and the like keep only their text. Scripts, styles,
frames and images are removed, each removal reported so that the trainer can check the question."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr",
           "blockquote", "pre", "section", "article", "dl", "dt", "dd"}
_DROPPED = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")  # a tag or an entity


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.removed: list[str] = []
        self._skip = 0
        self._href: list[str] = []
        self._link_start: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._skip += 1
            self.removed.append(tag)
            return
        values = dict(attrs)
        if any(name.startswith("on") for name in values):
            self.removed.append("on*")
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "img":
            self.removed.append("img")
            alt = (values.get("alt") or "").strip()
            if alt:
                self.parts.append(f"[{alt}]")
        elif tag == "a":
            self._href.append(values.get("href") or "")
            self._link_start.append(len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self._href:
            href, start = self._href.pop(), self._link_start.pop()
            text = "".join(self.parts[start:]).strip()
            if href.lower().startswith("javascript:"):
                self.removed.append("javascript:")
            elif href and href != text and not href.startswith("#"):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def html_to_text(text: str) -> tuple[str, list[str]]:
    """(plain text, what was removed: tag names such as "script", "img", "on*", "javascript:")."""
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    return tidy("".join(parser.parts)), list(dict.fromkeys(parser.removed))


def markdown_to_text(text: str) -> tuple[str, list[str]]:
    import markdown  # only for question banks written in Markdown: not loaded at start-up

    return html_to_text(markdown.markdown(text))


def tidy(text: str) -> str:
    """Strip each line, keep at most one blank line between paragraphs."""
    lines = [line.strip() for line in text.replace("\u00a0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
