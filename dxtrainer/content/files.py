"""Small helpers shared by the lesson, quiz and glossary parsers."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from dxtrainer.content.yamlines import LineDict
from dxtrainer.domain.content import Problem

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Collector:
    """Gathers the problems of one file; `failed` is set once any error is added."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.failed = False

    def error(self, line: int, code: str, **params: object) -> None:
        self.failed = True
        self.problems.append(Problem(self.path, line, "error", code, params))

    def warning(self, line: int, code: str, **params: object) -> None:
        self.problems.append(Problem(self.path, line, "warning", code, params))


def read_text(path: Path, out: Collector) -> tuple[str, str] | None:
    """Return (text, sha256) of a UTF-8 file, or None after reporting why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        out.error(1, "unreadable", detail=exc.strerror or str(exc))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        out.error(line, "not-utf8")
        return None
    return text.replace("\r\n", "\n"), hashlib.sha256(data).hexdigest()


def text_field(data: LineDict, key: str, out: Collector, *, required: bool = True) -> str:
    value = data.get(key)
    line = data.line_of(key) if hasattr(data, "line_of") else 0
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            out.error(line or getattr(data, "line", 1), "missing-field", field=key)
        return ""
    if not isinstance(value, str | int | float):
        out.error(line, "not-text", field=key)
        return ""
    return str(value).strip()


def int_field(data: LineDict, key: str, out: Collector, *, required: bool = True, default: int = 0,
              minimum: int = 0) -> int:
    value = data.get(key)
    if value is None:
        if required:
            out.error(getattr(data, "line", 1), "missing-field", field=key)
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        out.error(data.line_of(key), "not-integer", field=key, minimum=minimum)
        return default
    return value


def id_field(data: LineDict, key: str, out: Collector) -> str:
    value = text_field(data, key, out)
    if value and not ID_PATTERN.match(value):
        out.error(data.line_of(key), "bad-id", field=key, value=value)
        return ""
    return value


def line_of_text(text: str, needle: str, first_line: int = 1) -> int:
    """The 1-based line where `needle` first appears in `text` (shifted by first_line - 1)."""
    at = text.find(needle)
    return first_line if at < 0 else text.count("\n", 0, at) + first_line
