"""The layers of DESIGN.md: import-linter contracts (pyproject.toml) for the whole graph, and
plain checks for Qt only in ui/ and app.py, sqlalchemy never in ui/, domain/, content/."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the `dxtrainer` package found in `root`, with its pyproject contracts."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
         "sys.exit(lint_imports_command())", "--config", str(root / "pyproject.toml"),
         "--no-cache"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_import_linter_contracts_are_kept():
    result = _lint_imports(PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line"), [
    ("services/reporting.py", "import dxtrainer.ui.style"),  # services reaching up into ui
    ("db/models/learning.py", "import dxtrainer.services.records"),  # db reaching up into services
    ("content/render.py", "import dxtrainer.db.models"),  # content and db are independent
])
def test_import_linter_catches_a_layer_broken_upwards(tmp_path, module, line):
    """The contracts are not decoration: one upward import in a copy of the package breaks them."""
    shutil.copytree(PACKAGE, tmp_path / "dxtrainer",
                    ignore=shutil.ignore_patterns("__pycache__", "locale", "bundled_*"))
    shutil.copy(PACKAGE.parent / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "dxtrainer" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n",
                      encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
