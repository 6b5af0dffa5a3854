"""The quiz screen as in Moodle: a navigator with answered / not yet / flagged in words, free
order, answered questions shown locked, flags that survive a restart, and a summary page that
lists unanswered questions before finishing (they score 0)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle
from tests.ui.test_learner_path import answer_current, seed_staff


def test_navigator_free_order_flags_and_summary(qtbot, tmp_path, db_path):
    index = seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz("sample-basics")
    quiz = shell.quiz
    total = len(quiz.attempt.questions)
    nav = quiz.navigator.buttons
    assert len(nav) == total
    assert nav[0].accessibleName() == "問 1: 未回答(表示中)"
    assert nav[0].text().startswith("○")  # a mark, not colour alone

    # jump straight to the last question and answer it there (free order)
    nav[total - 1].click()
    assert quiz.counter.text() == f"問 {total} / {total}"
    answer_current(qtbot, quiz, index, right=True)
    assert nav[total - 1].accessibleName() == f"問 {total}: 回答済み(表示中)"
    assert nav[total - 1].text().startswith("●")
    assert quiz.next_button.text() == "まとめと採点へ"

    # flag question 2 with the keyboard-reachable button; the flag is saved
    qtbot.keyClick(quiz, Qt.Key.Key_PageUp)  # PageUp/PageDown move between questions
    assert quiz.counter.text() == f"問 {total - 1} / {total}"
    nav[1].click()
    quiz.flag_button.click()
    wait_idle(qtbot, runner)
    assert quiz.flag_button.isChecked()
    assert "見直し印あり" in nav[1].accessibleName() and "⚑" in nav[1].text()
    stored = shell.quiz._training.start_or_resume(shell.quiz._user, "sample-basics")
    assert stored.flags == {quiz.attempt.questions[1].id}

    # going back to the answered question shows it locked with its feedback
    nav[total - 1].click()
    assert quiz.feedback.isVisible() and not quiz.submit_button.isVisible()
    assert quiz.verdict.text() == "✔ 正解です"

    # the summary lists the unanswered questions and warns that they score 0
    quiz.next_button.click()
    assert quiz.pages.currentWidget() is quiz.summary_page
    summary = quiz.summary_page
    warning = summary.warning.text()
    assert f"{total - 1} 問" in warning and "0 点" in warning and "問 1" in warning
    assert [b.accessibleName() for b in summary.jump_buttons][:2] == [
        "問 1: 未回答", "問 2: 未回答、見直し印あり"]
    summary.jump_buttons[0].click()  # back to a question from the summary
    assert quiz.pages.currentWidget() is quiz.question_page and quiz.index == 0
    quiz.summary_button.click()
    with qtbot.waitSignal(quiz.finished, timeout=TIMEOUT) as done:
        summary.finish_button.click()
    result = done.args[0]
    assert (result.correct, result.total, result.passed) == (1, total, False)
    assert quiz.pages.currentWidget() is quiz.result_page
    assert "未回答(0 点)" in quiz.review.toPlainText()
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()
