"""A glossary link followed from a lesson offers 「レッスンに戻る」, which opens the same lesson
scrolled to the same place (button or Alt+←); reached any other way, the glossary offers none."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from dxtrainer.ui import style
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle
from tests.ui.test_learner_path import seed_staff


def _long_lesson(tmp_path):
    """The sample content with a lesson long enough to scroll, its glossary link half-way."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    path = content / "lessons" / "sample-basics.md"
    filler = "\n\n".join(f"段落 {n}。読み進めるための本文です。" * 3 for n in range(40))
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + filler + "\n", encoding="utf-8")
    return content


def test_back_from_the_glossary_to_the_same_place_in_the_lesson(qtbot, tmp_path, db_path):
    seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, _long_lesson(tmp_path), opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    window.resize(1024, 700)
    window.activateWindow()  # shortcuts need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    with qtbot.waitSignal(shell.lesson.loaded, timeout=TIMEOUT):
        shell.open_lesson("sample-basics")
    wait_idle(qtbot, runner)
    bar = shell.lesson.browser.verticalScrollBar()
    assert bar.maximum() > 200  # long enough to scroll
    for round_trip, back in enumerate(("button", "Alt+Left")):
        place = bar.maximum() // (3 + round_trip)
        bar.setValue(place)
        shell.lesson.browser.anchorClicked.emit(QUrl("glossary:lgwan"))  # the link in the text
        glossary = shell.glossary
        assert shell.stack.currentWidget() is glossary
        assert glossary.list.currentItem().text() == "LGWAN"
        assert glossary.back_button.isVisible()
        assert glossary.back_button.accessibleName() == "レッスンに戻る"
        assert "テスト用レッスン 基礎" in glossary.back_button.accessibleDescription()
        glossary.list.setCurrentRow(0)  # looking around the glossary first changes nothing
        if back == "button":
            glossary.back_button.click()
        else:
            glossary.list.setFocus()
            qtbot.keyClick(glossary.list, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
        QApplication.processEvents()
        assert shell.stack.currentWidget() is shell.lesson, back
        assert bar.value() == place, back
        assert shell.lesson.browser.hasFocus()
        assert not glossary.back_button.isVisible()

    # from the side rail (not from a lesson) the glossary offers no way back
    shell.go("home")
    shell.go("glossary")
    assert not shell.glossary.back_button.isVisible()
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


@pytest.fixture
def plain_look(qapp):
    yield
    style.set_scale(1.0)
    style.set_theme(None)
    style.apply(qapp)


def test_the_glossary_follows_a_theme_chosen_while_it_is_open(qtbot, tmp_path, db_path,
                                                              plain_look):
    from dxtrainer.ui.style import read_style

    seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    shell.go("glossary")
    detail = shell.glossary.detail
    light = detail.document().defaultStyleSheet()
    window.text_size.toggle_high_contrast()
    QApplication.processEvents()
    assert detail.document().defaultStyleSheet() == read_style("lesson.css") != light
    assert "#FFFF00" in detail.document().defaultStyleSheet().upper()  # links in yellow
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()
