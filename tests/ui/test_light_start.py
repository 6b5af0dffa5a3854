"""Light start (issue 10): the real app, offscreen in its own process, reaches the sign-in
screen of an existing SQLite database without loading what only later screens need (see
NOT_AT_SIGN_IN), and PySide6 is not left holding the source text of every imported module
(ui/source_scan.py). Checks what is loaded, not how long anything takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Alembic (and Mako, Pygments) only to upgrade; Markdown at the first lesson; fsrs at the first
# review; the charts' libraries at the first chart; SQLAlchemy's PostgreSQL dialect on SQLite.
NOT_AT_SIGN_IN = ("alembic", "mako", "pygments", "pyqtgraph", "numpy", "markdown", "fsrs",
                  "sqlalchemy.dialects.postgresql")
REPO = Path(__file__).resolve().parents[2]

DRIVER = r'''
import argparse, json, linecache, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
from dxtrainer.app import build_main_window

window, runner = build_main_window(
    argparse.Namespace(database=sys.argv[1], content=None, demo=False), app)


def poll() -> None:
    signin = window._signin
    if window.services is None or signin is None or runner.pending \
            or signin.list.model().rowCount() == 0:
        return
    timer.stop()
    print(json.dumps({
        "page": window.pages.currentWidget() is signin,
        "people": signin.list.model().rowCount(),
        "modules": sorted(m for m in sys.modules
                          if any(m == n or m.startswith(n + ".") for n in sys.argv[2:])),
        "cached_source_chars": sum(len(line) for entry in linecache.cache.values()
                                   if len(entry) > 2 for line in entry[2]),
    }), flush=True)
    runner.shutdown()
    window.services.close()
    app.exit(0)


timer = QTimer()
timer.timeout.connect(poll)
timer.start(50)
QTimer.singleShot(90_000, lambda: app.exit(2))
sys.exit(app.exec())
'''


def test_the_sign_in_screen_loads_nothing_it_does_not_need(staff, services, db_path, tmp_path):
    # Budget: one app start in a subprocess to the sign-in screen, about 3-5 s.
    services.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "DXTRAINER_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", DRIVER, str(db_path), *NOT_AT_SIGN_IN],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["page"] and seen["people"] == 2
    assert seen["modules"] == []
    # Before ui/source_scan.py, PySide6 kept every imported file here: ~12 million characters.
    assert seen["cached_source_chars"] < 500_000


def test_the_source_test_gives_pysides_answer_without_keeping_the_source(tmp_path):
    import linecache
    import types

    from dxtrainer.ui.source_scan import mentions_pyside, stop_caching_sources

    uses = tmp_path / "uses.py"
    uses.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    plain = tmp_path / "plain.py"
    plain.write_text("import json\n", encoding="utf-8")
    assert mentions_pyside(types.SimpleNamespace(__file__=str(uses)))  # type: ignore[arg-type]
    assert not mentions_pyside(types.SimpleNamespace(__file__=str(plain)))  # type: ignore[arg-type]
    assert not mentions_pyside(types.SimpleNamespace(__file__=None))  # type: ignore[arg-type]
    assert not mentions_pyside(sys)
    assert stop_caching_sources()  # this PySide6 has the test we replace
    assert str(uses) not in linecache.cache


FIRST_PAINT = r'''
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class FirstPaint(QObject):
    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.isWindow():
            print(json.dumps(sorted(m for m in sys.modules
                                    if any(m == n or m.startswith(n + ".") for n in sys.argv[1:]))),
                  flush=True)
            os._exit(0)  # only the first paint matters here
        return False


app = QApplication(sys.argv[:1])
watcher = FirstPaint()
app.installEventFilter(watcher)
from dxtrainer.cli import main
main([])
'''

# Made or imported after the first paint: the worker's database and content, every screen but
# the start-up page, the page shown when a database cannot be opened, the subcommands' modules.
NOT_BEFORE_FIRST_PAINT = ("sqlalchemy", "yaml", "markdown", "dxtrainer.db", "dxtrainer.content",
                          "dxtrainer.domain.content", "dxtrainer.services.container",
                          "dxtrainer.ui.screens", "dxtrainer.ui.dialogs", "dxtrainer.ui.charts",
                          "dxtrainer.ui.open_error_page", *NOT_AT_SIGN_IN)


def test_the_first_paint_comes_before_anything_it_does_not_show(tmp_path):
    # Budget: one app start in a subprocess to its first paint, about 1-2 s.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "DXTRAINER_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", FIRST_PAINT, *NOT_BEFORE_FIRST_PAINT],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
