"""The first frame (issue 10, start-up within 1.3x a bare window): before the window's first
paint neither PySide6's `Qt` namespace (~12 ms to build) nor the style, keyboard, text-size
or subcommand modules are loaded and the window has no widgets yet (ui/first_frame.py), and
once it has painted the window is finished as before. Checks what is loaded and made, not how
long anything takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ui.helpers import DEMO_TIMEOUT, TIMEOUT

REPO = Path(__file__).resolve().parents[2]

FIRST_PAINT = r'''
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
import PySide6.QtCore


class FirstPaint(QObject):
    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.isWindow():
            print(json.dumps({
                "qt_namespace": "Qt" in PySide6.QtCore.__dict__,
                "modules": sorted(m for m in sys.modules
                                  if any(m == n or m.startswith(n + ".") for n in sys.argv[1:])),
                "title": obj.windowTitle(),
                "children": [type(c).__name__ for c in obj.findChildren(QWidget)]}), flush=True)
            os._exit(0)
        return False


app = QApplication(sys.argv[:1])
watcher = FirstPaint()
app.installEventFilter(watcher)
from dxtrainer.cli import main
main([])
'''

AFTER_FIRST_PAINT = ("dxtrainer.ui.style", "dxtrainer.ui.keyboard", "dxtrainer.ui.text_size",
                     "dxtrainer.ui.widgets", "dxtrainer.cli_accounts", "dxtrainer.cli_backup",
                     "dxtrainer.cli_quiz", "dxtrainer.cli_signin", "dxtrainer.services")


def test_the_first_frame_needs_no_qt_namespace_style_or_subcommands(tmp_path):
    # Budget: one app start in a subprocess to its first paint, about 1-2 s.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "DXTRAINER_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", FIRST_PAINT, *AFTER_FIRST_PAINT],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"qt_namespace": False, "modules": [], "children": [],
                    "title": "DX Trainer ― 自治体職員のためのDX研修"}


def test_after_the_first_paint_the_window_is_styled_and_finished(qtbot, tmp_path, monkeypatch):
    import argparse

    from PySide6.QtWidgets import QApplication

    from dxtrainer.app import build_main_window

    monkeypatch.setenv("DXTRAINER_DATA_DIR", str(tmp_path / "data"))
    app = QApplication.instance()
    args = argparse.Namespace(database=str(tmp_path / "db.sqlite3"), content=None, demo=False)
    window, runner = build_main_window(args, app)
    qtbot.addWidget(window)
    assert window.centralWidget() is None  # until the first paint: first_frame.paint_cue
    with qtbot.waitSignal(window.services_ready, timeout=DEMO_TIMEOUT):
        pass
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
    assert "font-family" in app.styleSheet()  # style.apply ran
    assert window.startup_bar.accessibleName() and window.database_text.accessibleName()
    assert window.pages.currentWidget() is window.signin
    window.services.close()
    runner.shutdown()


def test_the_cue_is_drawn_where_the_start_up_page_puts_its_lines(qapp, qtbot, tmp_path):
    """The first frame and the built start-up page: same background, and the title's first row
    of ink within a few pixels of the same place (the page replaces the drawing without a jump)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QImage

    from dxtrainer.ui import first_frame, style
    from dxtrainer.ui.main_window import MainWindow
    from dxtrainer.ui.task_runner import TaskRunner

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(TaskRunner(), settings, lambda *a, **k: None, lambda e: None,
                        first_frame_only=True, prepare=lambda: style.apply(qapp))
    qtbot.addWidget(window)
    window.resize(900, 600)
    first = window.grab().toImage()
    window.finish_building()
    window.show()
    qtbot.waitExposed(window)
    built = window.grab().toImage()
    page = first_frame.COLOURS["light"]["page"]

    def first_ink_row(image: QImage) -> int:
        for y in range(image.height()):
            if any(image.pixelColor(x, y).name().upper() != page for x in range(0, 900, 3)):
                return y
        return -1

    assert first.pixelColor(5, 5).name().upper() == page == built.pixelColor(5, 5).name().upper()
    assert 100 < first_ink_row(first) and abs(first_ink_row(first) - first_ink_row(built)) <= 12


def test_the_first_frame_colours_are_the_stylesheets():
    from dxtrainer import paths
    from dxtrainer.ui import first_frame, style

    css = (paths.resources_dir() / "styles" / "app.qss").read_text(encoding="utf-8")
    assert f"background: {first_frame.COLOURS['light']['page']}" in css
    light = first_frame.COLOURS["light"]
    assert f'QLabel[role="title"] {{ font-size: {first_frame.TITLE_PIXELS}px; font-weight: bold; ' \
        f'color: {light["title"]}; }}' in css
    assert f'QLabel[role="muted"] {{ color: {light["muted"]}; }}' in css
    for key, colour in light.items():
        table = style.DARK_SURFACE if key == "page" else style.DARK_TEXT
        assert first_frame.COLOURS["dark"][key] == table[colour]
    assert first_frame.UI_FONTS == style.UI_FONTS
