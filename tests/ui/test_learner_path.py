"""The whole learner path in the real window: sign in -> lesson -> read to the end -> quiz with
a right and a wrong answer -> result -> progress; then a restart resumes the quiz."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dxtrainer.domain.content import QuestionType
from dxtrainer.ui.widgets.lesson_card import LessonCardWidget
from dxtrainer.ui.widgets.question_widgets import ChoiceAnswer, OrderingAnswer
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, read_to_end, sign_in, wait_idle


def seed_staff(db_path, pin: str = "4321"):
    """中村 翔太 (2001), a learner whose PIN is already set."""
    from datetime import datetime

    from dxtrainer.db.models import Department, Staff
    from dxtrainer.services.container import open_services
    from dxtrainer.services.credentials import hash_secret

    services = open_services(db_path, SAMPLE_CONTENT)
    with services.sessions.begin() as s:
        dept = Department(code="c", name="子育て支援課", active=True)
        s.add(dept)
        s.flush()
        s.add(Staff(staff_no="2001", name="中村 翔太", kana="ナカムラ ショウタ",
                    department_id=dept.id, role="learner", active=True,
                    credential=hash_secret(pin), created_at=datetime.now()))
    index = services.content.index
    services.close()
    return index


def answer_current(qtbot, quiz, index, right: bool) -> None:
    """Answer the question on screen with the keyboard (1–9, Enter) or the ordering buttons."""
    view = quiz.current_question()
    question = index.quiz(quiz.attempt.quiz_id).question(view.id)
    widget = quiz.answer
    if question.type is QuestionType.ORDERING:
        assert isinstance(widget, OrderingAnswer)
        target = list(question.correct_order) if right else list(question.correct_order)[::-1]
        for position, wanted in enumerate(target):
            row = widget.order().index(wanted)
            widget.list.setCurrentRow(row)
            while widget.list.currentRow() > position:
                widget.up.click()
        assert widget.order() == target
    else:
        assert isinstance(widget, ChoiceAnswer)
        if question.type is QuestionType.TRUEFALSE:
            wanted = {"true" if question.answer == right else "false"}
        elif right:
            wanted = set(question.correct_ids)
        else:
            wanted = {next(c.id for c in question.choices if not c.correct)}
        for number, row in enumerate(widget.rows, 1):
            if row.choice_id in wanted:
                qtbot.keyClick(quiz, Qt.Key(Qt.Key.Key_0 + number))
    with qtbot.waitSignal(quiz.answered, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(quiz, Qt.Key.Key_Return)
    assert blocker.args[0].feedback.correct is right
    assert quiz.feedback.isVisible()
    assert quiz.verdict.text() == ("✔ 正解です" if right else "✖ 不正解です")


def test_learner_path_end_to_end(qtbot, tmp_path, db_path):
    index = seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    assert shell.user.name == "中村 翔太"
    cards = shell.home.findChildren(LessonCardWidget)
    assert [c.lesson_id for c in cards] == ["sample-basics", "sample-advanced"]

    # open the lesson by clicking its card
    with qtbot.waitSignal(shell.lesson.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(cards[0], Qt.MouseButton.LeftButton)
    lesson = shell.lesson
    assert lesson.view.id == "sample-basics" and not lesson.view.read
    html = lesson.browser.toHtml()
    assert "テスト用レッスン 基礎" in html and "ポイント" in html
    # read to the end: scrolling to the bottom marks it read (or the button when it fits)
    lesson.resize(900, 300)
    read_to_end(qtbot, lesson)
    assert lesson.view.read and not lesson.view.completed
    assert "クイズに合格すると修了" in lesson.status.text()

    # take the quiz: one wrong answer, the rest right
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        lesson.quiz_button.click()
    quiz = shell.quiz
    total = len(quiz.attempt.questions)
    assert quiz.counter.text() == f"問 1 / {total}"
    for n in range(total):
        answer_current(qtbot, quiz, index, right=(n != 0))
        if n + 1 < total:
            qtbot.keyClick(quiz, Qt.Key.Key_Return)  # 次へ
            assert quiz.counter.text() == f"問 {n + 2} / {total}"
    assert quiz.next_button.text() == "結果を見る"
    with qtbot.waitSignal(quiz.finished, timeout=TIMEOUT) as done:
        quiz.next_button.click()
    result = done.args[0]
    assert (result.correct, result.total, result.passed) == (3, 4, True)
    assert quiz.score.text() == "75%"
    assert quiz.verdict_chip.text() == "合格"
    assert "✖ 不正解" in quiz.review.toPlainText() and "✔ 正解" in quiz.review.toPlainText()

    # progress shows it
    with qtbot.waitSignal(shell.progress.loaded, timeout=TIMEOUT):
        shell.nav_buttons["progress"].click()
    mindset = shell.progress.view.categories[0]
    assert (mindset.lessons_completed, mindset.lessons) == (1, 1)
    assert (mindset.mastered, mindset.questions) == (3, 4)
    assert shell.progress.categories.data(shell.progress.categories.index(0, 4)) == "75.0%"
    assert shell.progress.attempts.rowCount() == 1
    chart = shell.progress.chart_panel  # the mastery chart, with the same numbers as a table
    assert chart.table.rowCount() == 6 and chart.table.item(0, 1).text() == "75.0%"

    # home now says 修了
    with qtbot.waitSignal(shell.home.loaded, timeout=TIMEOUT):
        shell.nav_buttons["home"].click()
    assert shell.home.view.lessons[0].status == "completed"
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


def test_quitting_mid_quiz_resumes_the_same_question_and_order(qtbot, tmp_path, db_path):
    index = seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz("sample-basics")
    quiz = shell.quiz
    first_order = [(q.id, [c.id for c in q.choices]) for q in quiz.attempt.questions]
    answer_current(qtbot, quiz, index, right=True)
    wait_idle(qtbot, runner)
    window.close()
    for services in opened:
        services.close()

    opened2: list = []
    window2, runner2 = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened2)
    shell2 = sign_in(qtbot, window2, "2001", "4321")
    with qtbot.waitSignal(shell2.quiz.loaded, timeout=TIMEOUT):
        shell2.open_quiz("sample-basics")
    quiz2 = shell2.quiz
    assert quiz2.counter.text() == f"問 2 / {len(first_order)}"
    assert [(q.id, [c.id for c in q.choices]) for q in quiz2.attempt.questions] == first_order
    wait_idle(qtbot, runner2)
    for services in opened2:
        services.close()


def test_review_shows_mistakes_and_leads_back_to_the_quiz(qtbot, tmp_path, db_path):
    index = seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz("sample-basics")
    answer_current(qtbot, shell.quiz, index, right=False)
    with qtbot.waitSignal(shell.review.loaded, timeout=TIMEOUT):
        shell.nav_buttons["review"].click()
    assert len(shell.review.items) == 1
    [card] = shell.review.cards
    assert "前回のあなたの回答:" in card.last.text() and "✖ 不正解" in card.last.text()
    # answered again right here: the right answer, and when it comes back
    question = index.quiz("sample-basics").question(card.item.question.id)
    card.answer.set_response(question.answer if question.type.value == "truefalse"
                             else sorted(question.correct_ids))
    with qtbot.waitSignal(shell.review.answered, timeout=TIMEOUT) as done:
        card.submit_button.click()
    assert done.args[0].feedback.correct
    assert card.verdict.text() == "✔ 正解です" and "次の復習は" in card.feedback.text()
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.review.quiz_buttons["sample-basics"].click()
    assert shell.stack.currentWidget() is shell.quiz
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


def test_a_quiz_with_wrong_answers_points_to_todays_review(qtbot, tmp_path, db_path):
    """Wrong answers in a lesson quiz come back in 今日の復習 (the result page says so)."""
    index = seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz("sample-basics")
    quiz = shell.quiz
    total = len(quiz.attempt.questions)
    for _n in range(total):
        answer_current(qtbot, quiz, index, right=False)
        quiz.next_button.click()
    qtbot.waitUntil(lambda: quiz.pages.currentWidget() is quiz.result_page, timeout=TIMEOUT)
    assert "「今日の復習」でもう一度解けます" in quiz.result_detail.text()
    with qtbot.waitSignal(shell.review.loaded, timeout=TIMEOUT):
        shell.nav_buttons["review"].click()
    assert len(shell.review.items) == total
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()
