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


def _long_quiz(tmp_path, count: int = 30, prompt: str = "問題文 {n} は正しい。"):
    """The sample content with a quiz of `count` ○× questions."""
    import shutil

    import yaml

    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    path = content / "quizzes" / "sample-basics.yaml"
    quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    quiz["questions"] = [{"id": f"t{n}", "type": "truefalse", "prompt": prompt.format(n=n),
                          "answer": n % 2 == 0, "explanation": "説明です。"}
                         for n in range(1, count + 1)]
    path.write_text(yaml.safe_dump(quiz, allow_unicode=True), encoding="utf-8")
    return content


def _all_inside(quiz, window) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    buttons = quiz.navigator.buttons
    assert len(buttons) == 30
    page = quiz.question_page
    assert not page.horizontalScrollBar().isVisible()
    frame = window.rect()
    page.ensureWidgetVisible(buttons[-1])
    QApplication.processEvents()
    for button in buttons:
        rect = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
        assert frame.contains(rect), (button.text(), rect.getRect(), frame.getRect())
        assert button.width() >= button.sizeHint().width(), button.text()  # text not squeezed
    for first, second in zip(buttons, buttons[1:], strict=False):
        assert not first.geometry().intersects(second.geometry())
    rows = {b.y() for b in buttons}
    assert len(rows) > 1  # wrapped onto several rows


def test_navigator_wraps_30_questions_inside_the_window_at_1024x768(qtbot, tmp_path, db_path):
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtWidgets import QApplication

    from dxtrainer.ui.window_fit import fitted

    content = _long_quiz(tmp_path)
    seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, content, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    window.resize(fitted(QRect(0, 0, 1024, 728), QSize(4000, 4000), None).size())
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz("sample-basics")
    quiz = shell.quiz
    for flagged in (2, 5):  # the widest buttons carry a flag mark
        quiz.navigator.buttons[flagged].click()
        quiz.flag_button.click()
        wait_idle(qtbot, runner)
    quiz.navigator.buttons[0].click()
    try:
        for percent in (100, 150):  # the normal text size and 150 %
            window.text_size.set_percent(percent)
            QApplication.processEvents()
            _all_inside(quiz, window)
            window.grab().save(str(tmp_path / f"navigator-30-1024x768-{percent}.png"))
    finally:
        window.text_size.set_percent(100)
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


def test_the_summary_wraps_long_questions_at_150_percent_text(qtbot, tmp_path, db_path):
    """At 1024×768 with the text at 150 %, each summary row wraps its question inside the
    column: no sideways scrolling, no row narrower or lower than its text needs."""
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtWidgets import QApplication

    from dxtrainer.ui.window_fit import fitted

    prompt = "ある市の市民課では、保管している紙の申請書をスキャンして保存することにしました({n})。"
    content = _long_quiz(tmp_path, 12, prompt)
    seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, content, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    window.text_size.set_percent(150)
    try:
        window.resize(fitted(QRect(0, 0, 1024, 728), QSize(4000, 4000), None).size())
        with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
            shell.open_quiz("sample-basics")
        quiz = shell.quiz
        quiz.summary_button.click()
        QApplication.processEvents()
        page = quiz.summary_page
        assert quiz.pages.currentWidget() is page
        assert not page.horizontalScrollBar().isVisible()
        body = page.widget().rect()
        for button in page.jump_buttons:
            rect = QRect(button.mapTo(page.widget(), button.rect().topLeft()), button.size())
            assert body.contains(rect), rect.getRect()
            assert button.height() >= button.heightForWidth(button.width()) - 2
            assert button.label.height() >= button.label.heightForWidth(button.label.width())
            assert button.text_shown().endswith("…")  # a long question, cut at 40 characters
        assert button.label.heightForWidth(button.label.width()) > \
            button.label.fontMetrics().height() * 1.5  # wrapped onto two lines or more
        window.grab().save(str(tmp_path / "summary-150.png"))
    finally:
        window.text_size.set_percent(100)
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()
