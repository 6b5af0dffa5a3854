"""Writes quiz data as YAML in the style of our own files: keys in their usual order, Japanese
written as is, `prompt: |` blocks, a blank line between questions, comments kept as `#` lines."""

from __future__ import annotations

from typing import Any

import yaml

BLOCK_KEYS = ("prompt",)  # always a `|` block, as in the shipped quizzes


def dump_quiz(data: dict[str, Any]) -> str:
    """`data` is a quiz mapping; a question's "_comment" (list of lines) is written above it."""
    out: list[str] = []
    for key, value in data.items():
        if key == "questions":
            out.append("questions:")
            for index, question in enumerate(value):
                if index:
                    out.append("")
                out.extend(f"  # {line}" for line in question.get("_comment", ()))
                _mapping(question, 4, out, first_prefix="  - ")
        else:
            _item(key, value, 0, out)
    return "\n".join(out) + "\n"


def _mapping(data: dict[str, Any], indent: int, out: list[str], first_prefix: str) -> None:
    first = True
    for key, value in data.items():
        if key.startswith("_"):
            continue
        _item(key, value, indent, out, prefix=first_prefix if first else None)
        first = False


def _item(key: str, value: Any, indent: int, out: list[str], prefix: str | None = None) -> None:
    head = (prefix if prefix is not None else " " * indent) + f"{key}:"
    if isinstance(value, list):
        if not value:
            out.append(f"{head} []")
            return
        out.append(head)
        for entry in value:
            if isinstance(entry, dict):
                _mapping(entry, indent + 4, out, first_prefix=" " * (indent + 2) + "- ")
            else:
                out.append(" " * (indent + 2) + "- " + _scalar(entry))
        return
    if isinstance(value, str) and _block_ok(value) and ("\n" in value.strip()
                                                         or key in BLOCK_KEYS):
        out.append(f"{head} |")
        out.extend((" " * (indent + 2) + line).rstrip() for line in value.strip("\n").split("\n"))
        return
    out.append(f"{head} {_scalar(value)}")


def _block_ok(text: str) -> bool:
    """A literal block keeps text exactly unless it starts with a space or holds odd characters."""
    stripped = text.strip("\n")
    return bool(stripped) and not stripped[0].isspace() and all(
        line == line.rstrip() for line in stripped.split("\n")) and "\t" not in stripped and all(
        ch.isprintable() for ch in stripped.replace("\n", ""))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = yaml.safe_dump(str(value), allow_unicode=True, width=1 << 30)
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")
