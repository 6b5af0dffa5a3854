"""The lesson reader says, near the top, the month the lesson's facts were checked."""

from __future__ import annotations

import pytest

from dxtrainer import i18n
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.ui.screens.lesson_screen import LessonScreen
from dxtrainer.ui.task_runner import TaskRunner
from tests.ui.helpers import TIMEOUT


@pytest.mark.parametrize(("lang", "sentence"), [
    ("ja", "この課の内容は2026年11月時点のものです"),
    ("en", "The facts in this lesson were checked in November 2026."),
])
def test_the_reader_shows_the_checked_month_under_the_title(qtbot, services, staff, lang,
                                                              sentence):
    i18n.install(lang)
    try:
        user = CurrentUser(staff[0], "1001", "山田 花子", "市民課", Role.LEARNER)
        screen = LessonScreen(TaskRunner(), services.training, user, lambda _term: None)
        qtbot.addWidget(screen)
        with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
            screen.open_lesson("sample-basics")
        text = screen.browser.toPlainText()
    finally:
        i18n.install("ja")
    assert screen.view is not None and screen.view.checked is not None
    assert sentence in text
    # near the top: after the title and before the objectives and the body
    assert text.index("テスト用レッスン 基礎") < text.index(sentence) < text.index("はじめに")
