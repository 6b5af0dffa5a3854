"""resources/licenses/ holds a licence notice for every distribution the app needs at run time
(tools/update_licenses.py writes them), and nothing else; the wheel carries them."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import REPO


def _tool():
    spec = importlib.util.spec_from_file_location("update_licenses",
                                                  REPO / "tools" / "update_licenses.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_runtime_dependency_has_its_licence_and_nothing_else():
    tool = _tool()
    names = set(tool.runtime_distributions())
    # pyproject's own dependencies and what they pull in
    assert {"pyside6-essentials", "shiboken6", "sqlalchemy", "alembic", "markdown", "nh3",
            "pyyaml", "platformdirs", "pyqtgraph", "numpy", "openpyxl", "fsrs", "mako"} <= names
    assert tool.check() == [], "run python3 tools/update_licenses.py"


def test_each_notice_names_its_licence_and_carries_a_text():
    for path in (REPO / "resources" / "licenses").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        head = text.split("\n\n", 1)[0]
        assert head.startswith("Name: ") and "\nLicense: " in head, path.name
        assert len(text) > len(head) + 200, path.name  # a licence text, not a header alone
    qt = (REPO / "resources" / "licenses" / "pyside6-essentials.txt").read_text(encoding="utf-8")
    assert "License: LGPL-3.0-only" in qt and "download.qt.io" in qt
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (
        REPO / "resources" / "licenses" / "lgpl-3.0.txt").read_text(encoding="utf-8")
