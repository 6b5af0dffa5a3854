"""The layers of DESIGN.md: Qt only in ui/ and app.py; sqlalchemy never in ui/, domain/, content/."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "dxtrainer"


def imported_modules(path: Path) -> set[str]:
    """Top-level and function-level imports, except those under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                skip.add(id(child))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules_in(*parts: str) -> list[Path]:
    return sorted((PACKAGE.joinpath(*parts)).rglob("*.py"))


def offenders(files: list[Path], banned: tuple[str, ...]) -> list[str]:
    bad = []
    for path in files:
        for module in imported_modules(path):
            if module.split(".")[0] in banned or any(module.startswith(b + ".") or module == b
                                                     for b in banned):
                bad.append(f"{path.name} imports {module}")
    return bad


def test_core_layers_never_import_qt():
    files = [*modules_in("domain"), *modules_in("content"), *modules_in("db"),
             *modules_in("services"), PACKAGE / "messages.py", PACKAGE / "i18n.py"]
    assert offenders(files, ("PySide6", "pyqtgraph")) == []


def test_ui_never_imports_sqlalchemy_or_the_db_layer():
    assert offenders(modules_in("ui"), ("sqlalchemy", "alembic", "dxtrainer.db")) == []


def test_domain_imports_nothing_of_ours_but_itself_and_no_sqlalchemy():
    bad = [m for m in offenders(modules_in("domain"), ("sqlalchemy", "dxtrainer"))
           if "dxtrainer.domain" not in m]
    assert bad == []


def test_content_does_not_reach_into_db_or_services():
    assert offenders(modules_in("content"), ("sqlalchemy", "dxtrainer.db",
                                             "dxtrainer.services")) == []


def test_the_checker_itself_catches_an_offender(tmp_path: Path):
    sample = tmp_path / "x.py"
    sample.write_text("import sqlalchemy\nfrom PySide6.QtCore import Qt\n")
    assert len(offenders([sample], ("sqlalchemy",))) == 1
