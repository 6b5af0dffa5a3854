"""Search across lessons and the glossary that works for Japanese (Qt-free).

The whole text (~100 KB) is scanned in memory, so a two-character word such as 窓口 is found
(a trigram index would miss it). Text and query are folded alike: NFKC (full/half width), case,
and hiragana → katakana, so 「まどぐち」 finds 「マドグチ」 and 「ｄｘ」 finds 「DX」.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dxtrainer.domain.content import ContentIndex

PASSAGE_CHARS = 40  # characters shown on each side of the match
MAX_HITS = 200
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_EXPLICIT_ID = re.compile(r"\{[^}]*#[\w-]+[^}]*\}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_MARKUP = re.compile(r"\[\^[^\]]*\]:?|!?\[([^\]]*)\]\([^)]*\)|[*_`>|]+|^\s*[-+] |^\s*!!!.*$|\{[^}]*\}",
                     re.MULTILINE)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "lesson" or "glossary"
    target_id: str  # lesson id or glossary term id
    title: str  # lesson title or the term
    section: str  # heading of the section ("" for the lesson's top or a term)
    anchor: str  # the lesson's anchor for that heading, as the 目次 uses ("" for none)
    before: str  # the passage: before + match + after
    match: str
    after: str


@dataclass(frozen=True)
class _Chunk:
    kind: str
    target_id: str
    title: str
    section: str
    anchor: str
    text: str
    folded: str


def fold(text: str) -> str:
    """NFKC, case-folded, hiragana as katakana; one character in, one out (NFKC aside)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _folded_chars(text: str) -> tuple[str, list[int]]:
    """Fold per character, remembering where each folded character came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        f = fold(c)
        out.append(f)
        origin.extend([i] * len(f))
    return "".join(out), origin


def lesson_sections(body: str) -> list[tuple[str, str, str]]:
    """(heading, anchor, plain text) per section of a Markdown body; anchors count every heading
    as the renderer's `toc` extension does (sec-1, sec-2 …)."""
    sections: list[tuple[str, str, str]] = []
    heading, anchor, lines = "", "", []
    number, fenced = 0, False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        found = None if fenced else _HEADING.match(line)
        if found is None:
            lines.append(line)
            continue
        sections.append((heading, anchor, "\n".join(lines)))
        title = found.group(2)
        explicit = _EXPLICIT_ID.search(title)
        if explicit:
            anchor = re.search(r"#([\w-]+)", explicit.group(0)).group(1)  # type: ignore[union-attr]
            title = title[:explicit.start()].strip()
        else:
            number += 1
            anchor = f"sec-{number}"
        heading, lines = _MARKUP.sub(lambda m: m.group(1) or "", title).strip(), []
    sections.append((heading, anchor, "\n".join(lines)))
    return [(h, a, _plain(t)) for h, a, t in sections if t.strip() or h]


def _plain(text: str) -> str:
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    return re.sub(r"\s+", " ", text).strip()


class SearchService:
    """Built once from the loaded ContentIndex; `search` is a plain scan."""

    def __init__(self, index: ContentIndex) -> None:
        chunks: list[_Chunk] = []
        for lesson in (*index.lessons, *index.uncounted):
            for heading, anchor, text in lesson_sections(lesson.body):
                searchable = f"{heading} {text}".strip() if heading else text
                chunks.append(_Chunk("lesson", lesson.id, lesson.title, heading, anchor,
                                     searchable, ""))
        for term in index.glossary:
            text = " ".join(x for x in (term.term, term.reading, term.definition) if x)
            chunks.append(_Chunk("glossary", term.id, term.term, "", "", text, ""))
        self._chunks = [(c, *_folded_chars(c.text)) for c in chunks]

    def search(self, query: str, limit: int = MAX_HITS) -> list[SearchHit]:
        """Every matching section or term, first match per section, in content order."""
        needle = fold(query.strip())
        if not needle:
            return []
        hits: list[SearchHit] = []
        for chunk, folded, origin in self._chunks:
            at = folded.find(needle)
            if at < 0:
                continue
            start = origin[at]
            end = origin[at + len(needle) - 1] + 1
            text = chunk.text
            head = max(0, start - PASSAGE_CHARS)
            tail = min(len(text), end + PASSAGE_CHARS)
            hits.append(SearchHit(
                chunk.kind, chunk.target_id, chunk.title, chunk.section, chunk.anchor,
                ("…" if head else "") + text[head:start], text[start:end],
                text[end:tail] + ("…" if tail < len(text) else "")))
            if len(hits) >= limit:
                break
        return hits
