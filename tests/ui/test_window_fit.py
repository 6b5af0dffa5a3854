"""The main window opens inside the screen: at most 90 % of it the first time, a remembered
size and place clamped to the screen it opens on (a laptop after a large monitor, 150 %)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize

from dxtrainer.ui.window_fit import FRAME, fitted, minimum_size

ROOT = Path(__file__).parent.parent.parent


def inside(rect: QRect, available: QRect) -> bool:
    frame = QRect(rect.x(), rect.y(), rect.width() + FRAME.width(),
                  rect.height() + FRAME.height())
    return available.contains(frame)


@pytest.mark.parametrize("available", [QRect(0, 0, 1024, 728), QRect(0, 0, 1366, 728),
                                       QRect(0, 0, 1280, 680), QRect(0, 0, 1920, 1040),
                                       QRect(1920, 0, 1366, 728)])
def test_the_first_size_is_at_most_90_percent_of_the_screen(available):
    rect = fitted(available, None, None)
    assert rect.width() <= available.width() * 0.9 and rect.height() <= available.height() * 0.9
    assert inside(rect, available)
    assert rect.width() >= minimum_size(available).width()


def test_a_saved_geometry_is_clamped_to_the_screen_it_opens_on():
    laptop = QRect(0, 0, 1366, 728)
    rect = fitted(laptop, QSize(1900, 1000), QPoint(1500, 400))  # saved on a large monitor
    assert inside(rect, laptop) and rect.size() == QSize(1366 - 16, 728 - 40)
    rect = fitted(laptop, QSize(800, 600), QPoint(-300, -50))
    assert inside(rect, laptop) and rect.size() == QSize(800, 600)
    tiny = QRect(0, 0, 600, 400)  # even a screen smaller than the minimum
    assert inside(fitted(tiny, QSize(1280, 820), QPoint(0, 0)), tiny)


# About 5 s: two subprocesses, each with a real (offscreen) screen of the stated size.
SCRIPT = """
import sys
from PySide6.QtCore import QPoint, QSettings, QSize
from PySide6.QtWidgets import QApplication
from dxtrainer.ui.main_window import MainWindow
from dxtrainer.ui.task_runner import TaskRunner
app = QApplication([])
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
if sys.argv[2] == "saved":
    settings.setValue("window/size", QSize(1900, 1000))
    settings.setValue("window/pos", QPoint(1700, 300))
window = MainWindow(TaskRunner(), settings, lambda *a, **k: None, lambda e: None)
window.show()
app.processEvents()
screen = app.primaryScreen().availableGeometry()
g = window.frameGeometry()
print(screen.width(), screen.height(), g.x(), g.y(), g.width(), g.height())
"""


@pytest.mark.parametrize("size,scale,saved", [((1366, 768), "1", "first"),
                                              ((1920, 1080), "1.5", "saved"),
                                              ((1024, 768), "1", "saved")])
def test_the_real_window_fits_the_screen(tmp_path, size, scale, saved):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": size[0],
                                              "height": size[1], "logicalDpi": 96, "dpr": 1}]}))
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": scale, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "s.ini"), saved],
                         env=env, capture_output=True, text=True, timeout=60, check=True)
    sw, sh, x, y, w, h = map(int, out.stdout.split())
    assert 0 <= x and 0 <= y and x + w <= sw and y + h <= sh, out.stdout
    if saved == "first":
        assert w <= sw * 0.9 + FRAME.width() and h <= sh * 0.9 + FRAME.height()
