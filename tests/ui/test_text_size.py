"""Text size 100–200 % with Ctrl + / Ctrl − / Ctrl 0, remembered per person, applied to the UI
font, the stylesheet's sizes and the lesson text, which wraps instead of being cut off; the
high-contrast theme is chosen the same way and remembered too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from dxtrainer.ui import style
from dxtrainer.ui.text_size import TextSize
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in
from tests.ui.test_learner_path import seed_staff


@pytest.fixture
def restore_look(qapp):
    yield
    style.set_scale(1.0)
    style.set_theme(None)
    style.apply(qapp)


def test_size_and_theme_are_remembered_per_person(qapp, tmp_path, restore_look):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    sizes = TextSize(settings)
    sizes.set_person(7)
    for _ in range(10):
        sizes.bigger()
    assert sizes.percent == 200 and style.scale() == 2.0
    assert QApplication.font().pointSizeF() == pytest.approx(21.0)
    assert "font-size: 30px" in qapp.styleSheet()  # buttons' 15px … doubled
    sizes.toggle_high_contrast()
    assert style.theme() == "high-contrast"
    sizes.set_person(8)  # someone else: their own (the default) size and theme
    assert sizes.percent == 100 and style.scale() == 1.0 and style.theme() != "high-contrast"
    sizes.smaller()
    assert sizes.percent == 100  # never below 100 %
    sizes.set_person(7)
    assert sizes.percent == 200 and style.theme() == "high-contrast"
    sizes.reset()
    assert sizes.percent == 100
    sizes.set_person(7)
    assert sizes.percent == 100


def test_lesson_text_grows_with_ctrl_plus_and_wraps(qtbot, tmp_path, db_path, restore_look):
    seed_staff(db_path)
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, [])
    window.resize(1024, 700)
    shell = sign_in(qtbot, window, "2001", "4321")
    with qtbot.waitSignal(shell.lesson.loaded, timeout=TIMEOUT):
        shell.open_lesson("sample-basics")
    window.activateWindow()  # the PIN dialog had it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    browser = shell.lesson.browser
    normal = browser.document().defaultFont().pixelSize()
    assert normal == 16
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_size.percent == 200
    qtbot.waitUntil(lambda: browser.document().defaultFont().pixelSize() == 32, timeout=TIMEOUT)
    QApplication.processEvents()
    assert browser.horizontalScrollBar().maximum() == 0  # wraps in the column, nothing cut off
    shell.lesson.grab().save(str(tmp_path / "lesson-200.png"))
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: browser.document().defaultFont().pixelSize() == 16, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_size.percent == 110
    window.sign_out()  # the sign-in screen shows the PC's size, not the last person's
    assert window.text_size.percent == 100
