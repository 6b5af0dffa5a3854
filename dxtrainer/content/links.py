"""Safer authoring: what the sanitiser (render.py, nh3) will take out of a lesson's body, and the
links that leave the app, found in the Markdown source so that `validate` can say file:line;
and, for the reader, a visible address after every external link."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from dxtrainer.content.files import Collector
from dxtrainer.domain.content import Lesson

ALLOWED_TAGS = frozenset({
    "a", "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b",
    "i", "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "sup",
    "sub", "div", "span", "dl", "dt", "dd", "del",
})
EXTERNAL_SCHEMES = ("http", "https")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])([^>]*)>")
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_AUTOLINK = re.compile(r"<((?:https?|javascript|mailto):[^>\s]+)>", re.I)
_MD_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")


def _body_lines(lesson: Lesson):  # noqa: ANN202
    """(file line, text) of the body outside fenced code, with inline code blanked out."""
    fenced = None
    for number, line in enumerate(lesson.body.split("\n"), start=lesson.body_line):
        fence = _FENCE.match(line)
        if fence:
            fenced = None if fenced == fence[1] else fenced or fence[1]
            continue
        if fenced is None:
            yield number, _INLINE_CODE.sub(lambda m: " " * len(m[0]), line)


def _scheme(target: str) -> str:
    scheme, sep, _rest = html.unescape(target).strip().partition(":")
    return scheme.lower().strip() if sep and "/" not in scheme else ""


def check_body(lesson: Lesson, out: Collector) -> None:
    """Warnings for raw HTML the sanitiser removes and for links that leave the app."""
    found = Collector(out.path)
    for line, text in _body_lines(lesson):
        for match in _TAG.finditer(text):
            tag, attrs = match[1].lower(), match[2]
            if tag not in ALLOWED_TAGS:
                found.warning(line, "html-removed-tag", tag=tag)
                continue
            for name, raw in _ATTR.findall(attrs):
                value = raw.strip("\"'")
                if name.lower().startswith("on"):
                    found.warning(line, "html-event-handler", tag=tag, attribute=name.lower())
                elif name.lower() in ("href", "src"):
                    _check_target(line, value, tag == "img", found)
        for match in _AUTOLINK.finditer(text):
            _check_target(line, match[1], False, found, markdown=True)
        for match in _MD_LINK.finditer(text):
            if _scheme(match[2]) in EXTERNAL_SCHEMES and not match[1]:
                found.warning(line, "external-link", target=match[2])
        reference = _REFERENCE.match(text)
        if reference:
            _check_target(line, reference[1], False, found, markdown=True)
    seen = set()
    for problem in found.problems:  # one warning per line, code and target
        key = (problem.line, problem.code, tuple(sorted(problem.params.items())))
        if key not in seen:
            seen.add(key)
            out.warning(problem.line, problem.code, **problem.params)


def _check_target(line: int, target: str, is_image: bool, out: Collector, *,
                  markdown: bool = False) -> None:
    scheme = _scheme(target)
    if scheme == "javascript":
        out.warning(line, "javascript-link", target=target[:60])
    elif scheme in EXTERNAL_SCHEMES:
        if is_image:
            out.warning(line, "html-remote-image", target=target)
        else:
            out.warning(line, "external-link", target=target)
    elif not markdown and scheme and scheme not in ("lesson", "glossary", "mailto"):
        out.warning(line, "html-removed-link", target=target[:60])


_EXTERNAL_A = re.compile(r'<a ([^>]*?)href="(https?://[^"]+)"([^>]*)>(.*?)</a>', re.S)


def show_addresses(text: str) -> str:
    """After each external link in rendered HTML, its address's host in small print, and the
    full address as the link's title: the reader sees where a link leads before following it."""
    def mark(match: re.Match[str]) -> str:
        url = html.unescape(match[2])
        host = urlsplit(url).hostname or url
        title = f' title="{html.escape(url)}"' if "title=" not in match[1] + match[3] else ""
        return (f'<a {match[1]}href="{match[2]}"{match[3]}{title}>{match[4]}</a>'
                f'<span class="external-address"> (↗ {html.escape(host)})</span>')

    return _EXTERNAL_A.sub(mark, text)
