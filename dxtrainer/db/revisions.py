"""This app's Alembic revisions, known without importing Alembic.

Opening a database only has to compare the revision stored in `alembic_version` with the ones
this app ships; importing Alembic for that (and Mako and Pygments with it) cost about 17 MB and
a tenth of a second on every start (benchmarks/memory.py). The revision files are read as text
and parsed, never run; Alembic itself is imported only to upgrade. tests/db/test_revisions.py
checks that this reading agrees with Alembic's own ScriptDirectory, so the two cannot drift.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VERSIONS = Path(__file__).parent / "migrations" / "versions"


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    min_writer_version: str | None  # see engine.BASE_WRITER_VERSION
    path: Path


def _constants(path: Path) -> dict[str, object]:
    """The module-level `name = <literal>` assignments of a revision file (not executed)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                values[target.id] = ast.literal_eval(value)
            except ValueError:
                continue
    return values


def _read(path: Path) -> Revision | None:
    values = _constants(path)
    revision = values.get("revision")
    if not isinstance(revision, str):
        return None
    down = values.get("down_revision")
    if down is not None and not isinstance(down, str):
        raise ValueError(f"{path.name}: merge revisions are not supported here")
    writer = values.get("min_writer_version")
    return Revision(revision, down, str(writer) if writer else None, path)


@lru_cache(maxsize=1)
def revisions() -> tuple[Revision, ...]:
    """Every revision this app ships, newest first (one straight line, as tests/db checks)."""
    found = [r for r in map(_read, sorted(VERSIONS.glob("*.py"))) if r is not None]
    by_down = {r.down_revision: r for r in found}
    if len(by_down) != len(found):
        raise ValueError("two revisions share a parent: the history has branches")
    line: list[Revision] = []
    current = by_down.get(None)
    while current is not None:
        line.append(current)
        current = by_down.get(current.revision)
    if len(line) != len(found):
        raise ValueError("a revision is not on the line from the first one")
    return tuple(reversed(line))


def head() -> str | None:
    """The newest revision this app ships (None when it ships none)."""
    shipped = revisions()
    return shipped[0].revision if shipped else None


def known() -> frozenset[str]:
    return frozenset(r.revision for r in revisions())
