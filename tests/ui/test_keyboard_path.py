"""Keyboard only: sign in -> lesson -> quiz -> result -> 復習 with key events sent to whatever
has focus (no mouse, no method calls to move on); at every stop the focused widget is visible
and has an accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from dxtrainer.ui.widgets.lesson_card import LessonCardWidget
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, wait_idle
from tests.ui.test_learner_path import seed_staff

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def spoken_name(widget: QWidget) -> str:
    """What a screen reader announces: the accessible name, else a button's own text."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().strip()
    return ""


def focused(qtbot) -> QWidget:
    def shown() -> None:  # a widget added with the page shows once the event loop runs
        widget = QApplication.focusWidget()
        assert widget is not None and widget.isVisible(), f"focus on a hidden widget: {widget!r}"

    qtbot.waitUntil(shown, timeout=2000)
    widget = QApplication.focusWidget()
    assert spoken_name(widget), f"focus on a widget without a name: {widget!r}"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(qtbot), key, modifier)


def tab_to(qtbot, wanted, limit: int = 40) -> QWidget:
    """Press Tab until `wanted(widget)` holds, checking every stop on the way."""
    for _ in range(limit):
        widget = focused(qtbot)
        if wanted(widget):
            return widget
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"not reached with {limit} Tabs")


def test_sign_in_lesson_quiz_result_review_by_keyboard_only(qtbot, tmp_path, db_path):
    seed_staff(db_path)
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, [])
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    signin = window.signin
    qtbot.waitUntil(lambda: signin.list.model().rowCount() > 0, timeout=TIMEOUT)

    # sign in: the search box has focus; type the number, Enter, then the PIN and Enter
    assert focused(qtbot) is signin.search
    qtbot.keyClicks(focused(qtbot), "2001")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: signin.pin_dialog is not None and signin.pin_dialog.isVisible(),
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is signin.pin_dialog.pin, timeout=TIMEOUT)
    qtbot.keyClicks(focused(qtbot), "4321")
    with qtbot.waitSignal(window.signed_in, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_Return)
    shell = window.shell
    qtbot.waitUntil(lambda: shell.home.view is not None, timeout=TIMEOUT)
    wait_idle(qtbot, runner)
    window.activateWindow()  # the window manager's part when the PIN dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)

    # home: Tab to the first lesson card, Enter opens it
    card = tab_to(qtbot, lambda w: isinstance(w, LessonCardWidget))
    assert card.lesson_id == "sample-basics"
    with qtbot.waitSignal(shell.lesson.loaded, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_Return)
    lesson = shell.lesson

    # lesson: 「本文へ」 comes before the text; Alt+B into the text, Alt+Q past its links
    tab_to(qtbot, lambda w: w is lesson.to_text_button)
    press(qtbot, Qt.Key.Key_B, ALT)
    assert focused(qtbot) is lesson.browser
    press(qtbot, Qt.Key.Key_Q, ALT)
    assert focused(qtbot) is lesson.quiz_button
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_Return)
    quiz = shell.quiz

    # quiz: focus starts on the first choice; Tab goes from the choices to the actions
    total = len(quiz.attempt.questions)
    for n in range(total):
        first = focused(qtbot)
        assert quiz.answer.isAncestorOf(first)
        press(qtbot, Qt.Key.Key_1)  # choose the first choice (ordering: keep the order)
        with qtbot.waitSignal(quiz.answered, timeout=TIMEOUT):
            press(qtbot, Qt.Key.Key_Return)
        assert focused(qtbot) is quiz.next_button
        if n + 1 < total:
            press(qtbot, Qt.Key.Key_Return)
            assert quiz.counter.text() == f"問 {n + 2} / {total}"
    with qtbot.waitSignal(quiz.finished, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_Return)  # 結果を見る

    # result: the focused 「もう一度挑戦する」, Tab back through 「ホームへ」
    assert focused(qtbot) is quiz.retry_button
    press(qtbot, Qt.Key.Key_Tab)
    focused(qtbot)

    # 復習 (Ctrl+3): the list of questions answered wrongly
    with qtbot.waitSignal(shell.review.loaded, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_3, CTRL)
    assert shell.stack.currentWidget() is shell.review
    tab_to(qtbot, lambda w: shell.review.isAncestorOf(w) or w is shell.review)
    assert shell.review.items, "a wrong answer should be waiting for review"
