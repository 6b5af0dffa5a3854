"""Start-up: nothing heavier than PySide6 loads before the window paints, and the real
entry point opens the database on the worker and shows the sign-in screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.ui.helpers import DEMO_TIMEOUT, TIMEOUT

HEAVY = ("sqlalchemy", "alembic", "markdown", "yaml", "nh3", "pyqtgraph", "openpyxl")


def test_only_pyside6_is_imported_before_the_first_paint(tmp_path):
    script = f"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import dxtrainer.cli, dxtrainer.app
from dxtrainer.ui.main_window import MainWindow
print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DXTRAINER_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_entry_point_opens_the_demo_database_and_shows_sign_in(qtbot, tmp_path):
    """「デモで試す」 uses the separate demo database even when another one was named."""
    import argparse

    from PySide6.QtWidgets import QApplication

    from dxtrainer.app import build_main_window

    named = tmp_path / "named.sqlite3"
    args = argparse.Namespace(database=str(named), content=None, demo=True)
    window, runner = build_main_window(args, QApplication.instance())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.services_ready, timeout=DEMO_TIMEOUT):
        pass
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
    assert window.services.is_demo
    assert window.pages.currentWidget() is window.signin
    assert window.signin.list.model().rowCount() == 300
    assert "【デモ】" in window.windowTitle()
    assert (tmp_path / "data" / "demo.sqlite3").exists()
    assert not named.exists()
    window.services.close()
