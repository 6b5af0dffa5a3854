"""Parses the glossary file (`terms:` list of id, term, reading, definition, related)."""

from __future__ import annotations

from pathlib import Path

from dxtrainer.content import yamlines
from dxtrainer.content.files import Collector, id_field, read_text, text_field
from dxtrainer.content.yamlines import LineDict
from dxtrainer.domain.content import GlossaryTerm


def parse_glossary(path: Path, out: Collector) -> list[GlossaryTerm]:
    """Return the good terms; a bad term is reported and left out, the rest are kept."""
    read = read_text(path, out)
    if read is None:
        return []
    try:
        data = yamlines.load(read[0])
    except yamlines.YamlError as exc:
        out.error(exc.line, "bad-yaml", detail=exc.detail)
        return []
    raw = data.get("terms") if isinstance(data, LineDict) else None
    if not isinstance(raw, list):
        out.error(1, "glossary-no-terms")
        return []
    terms: list[GlossaryTerm] = []
    seen: dict[str, int] = {}
    lines: dict[str, int] = {}
    for entry in raw:
        if not isinstance(entry, LineDict):
            out.error(1, "term-not-mapping")
            continue
        sub = Collector(out.path)
        tid = id_field(entry, "id", sub)
        term = text_field(entry, "term", sub)
        definition = text_field(entry, "definition", sub)
        reading = text_field(entry, "reading", sub, required=False)
        related = entry.get("related") or []
        if not isinstance(related, list):
            sub.error(entry.line_of("related"), "not-text-list", field="related")
            related = []
        if tid in seen:
            sub.error(entry.line_of("id"), "duplicate-term-id", id=tid, first_line=seen[tid])
        out.problems.extend(sub.problems)
        if sub.failed:
            continue
        seen[tid] = entry.line_of("id")
        lines[tid] = entry.line_of("related")
        terms.append(GlossaryTerm(tid, term, definition, reading, tuple(map(str, related))))
    known = set(seen)
    for t in terms:
        for rel in t.related:
            if rel not in known:
                out.warning(lines[t.id], "unknown-related-term", id=t.id, related=rel)
    return terms
