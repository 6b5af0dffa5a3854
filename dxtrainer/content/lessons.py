"""Parses one lesson file: YAML front matter between `---` lines, then the Markdown body."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dxtrainer.content import yamlines
from dxtrainer.content.files import Collector, id_field, int_field, read_text, text_field
from dxtrainer.content.yamlines import LineDict
from dxtrainer.domain.content import Category, Lesson, Source

LINK_PATTERN = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CHECKED_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")
STALE_AFTER_MONTHS = 12


def parse_lesson(path: Path, out: Collector, today: date | None = None) -> Lesson | None:
    """Parse one lesson; `today` (default: the real today) is what `checked` is compared with."""
    read = read_text(path, out)
    if read is None:
        return None
    text, digest = read
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        out.error(1, "no-front-matter")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        out.error(1, "front-matter-unclosed")
        return None
    try:
        meta = yamlines.load("\n".join(lines[1:end]), first_line=2)
    except yamlines.YamlError as exc:
        out.error(exc.line, "bad-yaml", detail=exc.detail)
        return None
    if not isinstance(meta, LineDict):
        out.error(2, "front-matter-not-mapping")
        return None

    lesson_id = id_field(meta, "id", out)
    unreadable = out.failed or not lesson_id  # without an id nothing can refer to it
    title = text_field(meta, "title", out)
    version = int_field(meta, "version", out, minimum=1, default=1)
    revision = int_field(meta, "revision", out, required=False) if "revision" in meta else None
    minutes = int_field(meta, "minutes", out, minimum=1, default=10)
    order = int_field(meta, "order", out, required=False)
    category = _category(meta, out)
    objectives = _text_list(meta, "objectives", out, required=True)
    prerequisites = _text_list(meta, "prerequisites", out, required=False)
    sources = _sources(meta, out)
    checked = _checked(meta, out, today or date.today())
    body = "\n".join(lines[end + 1:])
    if not body.strip():
        out.error(end + 2, "empty-body")
        unreadable = True
    if lesson_id and path.stem != lesson_id:
        out.warning(meta.line_of("id"), "id-not-filename", id=lesson_id, stem=path.stem)
    if unreadable:
        return None
    # With a bad field (category, minutes, sources …) the lesson stays readable; `out.failed`
    # tells the loader to keep it out of statistics and 必修研修 until it is fixed.
    return Lesson(
        id=lesson_id, title=title or lesson_id, version=version,
        category=category or Category.MINDSET, minutes=minutes,
        objectives=tuple(objectives), prerequisites=tuple(prerequisites), sources=tuple(sources),
        body=body, path=str(path), order=order, body_line=end + 2, content_hash=digest,
        checked=checked, revision=revision,
    )


def body_links(lesson: Lesson) -> list[tuple[int, str, bool]]:
    """Every link and image target in the body: (file line, target, is_image)."""
    found = []
    for number, line in enumerate(lesson.body.split("\n"), start=lesson.body_line):
        for match in LINK_PATTERN.finditer(line):
            found.append((number, match.group(1), match.group(0).startswith("!")))
    return found


def _checked(meta: LineDict, out: Collector, today: date) -> date | None:
    """`checked: YYYY-MM`, the month the lesson's facts were last checked. Problems with it are
    warnings: the lesson still teaches, but the trainer is told to (re)check and date it."""
    value = meta.get("checked")
    if value is None or value == "":
        out.warning(meta.line, "missing-checked")
        return None
    match = CHECKED_PATTERN.match(str(value).strip())
    if isinstance(value, bool) or not match or not 1 <= int(match.group(2)) <= 12:
        out.warning(meta.line_of("checked"), "bad-checked", value=value)
        return None
    checked = date(int(match.group(1)), int(match.group(2)), 1)
    text = f"{checked.year:04d}-{checked.month:02d}"
    months = (today.year - checked.year) * 12 + today.month - checked.month
    if months < 0:
        out.warning(meta.line_of("checked"), "checked-in-future", value=text,
                    today=today.isoformat())
    elif months > STALE_AFTER_MONTHS:
        out.warning(meta.line_of("checked"), "checked-stale", value=text, months=months,
                    limit=STALE_AFTER_MONTHS)
    return checked


def _category(meta: LineDict, out: Collector) -> Category | None:
    value = text_field(meta, "category", out)
    if not value:
        return None
    try:
        return Category(value)
    except ValueError:
        out.error(meta.line_of("category"), "bad-category", value=value,
                  allowed=", ".join(c.value for c in Category))
        return None


def _text_list(meta: LineDict, key: str, out: Collector, *, required: bool) -> list[str]:
    value = meta.get(key)
    if value is None or value == []:
        if required:
            out.error(meta.line, "missing-field", field=key)
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        out.error(meta.line_of(key), "not-text-list", field=key)
        return []
    return [v.strip() for v in value]


def _sources(meta: LineDict, out: Collector) -> list[Source]:
    value = meta.get("sources")
    if not value:
        out.error(meta.line_of("sources") if "sources" in meta else meta.line,
                  "missing-field", field="sources")
        return []
    if not isinstance(value, list):
        out.error(meta.line_of("sources"), "sources-not-list")
        return []
    sources = []
    for item in value:
        if not isinstance(item, LineDict):
            out.error(meta.line_of("sources"), "sources-not-list")
            continue
        title = text_field(item, "title", out)
        publisher = text_field(item, "publisher", out)
        date = text_field(item, "date", out)
        url = text_field(item, "url", out, required=False)
        sources.append(Source(title, publisher, date, url))
    return sources
