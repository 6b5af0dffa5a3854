"""Honest progress words: Home says how far a quiz is, 「はじめる」 for a new person, 「続きから」
resumes the quiz at the next question and says so, lessons in their numbered order (grouping by
category is a remembered choice); feedback says 「選び忘れ」 and ○× shows one mark."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from dxtrainer.domain.content import Category, QuestionType
from dxtrainer.domain.progress import LessonStatus
from dxtrainer.services.records import ChoiceView, Feedback, QuestionView
from dxtrainer.ui.widgets.lesson_card import LessonCardWidget
from dxtrainer.ui.widgets.question_widgets import ChoiceAnswer
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in
from tests.ui.test_learner_path import seed_staff


def texts(widget) -> list[str]:  # noqa: ANN001
    from PySide6.QtWidgets import QAbstractButton, QLabel

    return [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)
            if w.text()]


def test_home_words_follow_the_learner_and_continue_resumes_the_quiz(qtbot, tmp_path, db_path):
    seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    home = shell.home
    shown = texts(home)
    assert "はじめる" in shown and "続きから" not in shown  # a brand-new person

    # two answers into the quiz, then back home
    services = window.services
    user = shell.user
    attempt = services.training.start_or_resume(user, "sample-basics")
    for q in attempt.questions[:2]:
        services.training.submit_answer(user, attempt.id, q.id, [q.choices[0].id]
                                        if q.type is not QuestionType.TRUEFALSE else True)
    with qtbot.waitSignal(home.loaded, timeout=TIMEOUT):
        shell.go("home")
    shown = texts(home)
    assert "続きから" in shown and "はじめる" not in shown
    card = next(c for c in home.findChildren(LessonCardWidget) if c.lesson_id == "sample-basics")
    assert "クイズ 2/4 回答済み" in texts(card) and "クイズ未受験" not in texts(card)
    assert home.continue_button.text() == "クイズの続き(問3)から"

    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        home.continue_button.click()
    quiz = shell.quiz
    assert shell.stack.currentWidget() is quiz
    assert quiz.attempt.id == attempt.id and quiz.counter.text() == "問 3 / 4"
    assert quiz.notice.text() == "問3から再開します。"
    for services in opened:
        services.close()


def test_home_lists_lessons_in_course_order_and_remembers_grouping(qtbot, tmp_path, db_path):
    from dxtrainer.services.records import CurrentUser, HomeView, LessonCard, Role
    from dxtrainer.ui.screens.home_screen import HomeScreen

    categories = ["why", "how-use", "why", "mindset"]  # grouping would reorder these
    cards = tuple(LessonCard(f"l{n}", f"レッスン{n}", Category(cat), 10,
                             LessonStatus.NOT_STARTED, None, False, n)
                  for n, cat in enumerate(categories, 1))
    view = HomeView("職員", cards, 0, 4, cards[0])
    user = CurrentUser(7, "7", "職員", "", Role.LEARNER)
    settings = QSettings(str(tmp_path / "home.ini"), QSettings.Format.IniFormat)

    def shown_order(screen: HomeScreen) -> list[str]:
        widgets = screen.findChildren(LessonCardWidget)
        return [w.lesson_id for w in sorted(widgets, key=lambda w: (
            w.mapTo(screen.widget(), w.rect().topLeft()).y(),
            w.mapTo(screen.widget(), w.rect().topLeft()).x()))]

    screen = HomeScreen(None, None, user, settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.resize(1000, 900)
    screen._on_home_loaded((view, []))
    screen.show()
    assert not screen.group_box.isChecked()
    assert shown_order(screen) == ["l1", "l2", "l3", "l4"]
    screen.group_box.setChecked(True)
    assert shown_order(screen) == ["l4", "l1", "l3", "l2"]  # mindset, why, how-use
    again = HomeScreen(None, None, user, settings=settings)  # type: ignore[arg-type]
    qtbot.addWidget(again)
    again._on_home_loaded((view, []))
    assert again.group_box.isChecked()  # remembered for this person


def choice_answer(kind: QuestionType, ids: list[str]) -> ChoiceAnswer:
    question = QuestionView("q", kind, "どれ?", tuple(ChoiceView(c, f"選択肢{c}") for c in ids))
    return ChoiceAnswer(question)


def test_multi_select_feedback_names_a_missed_choice(qtbot):
    widget = choice_answer(QuestionType.MULTIPLE, ["a", "b", "c"])
    qtbot.addWidget(widget)
    widget.show_feedback(Feedback("q", False, ["a", "c"], ("a", "b"), None, ""))
    marks = {row.choice_id: row.mark.text() for row in widget.rows}
    assert marks == {"a": "✔ 正解", "b": "▲ 選び忘れ", "c": "✖ 選択"}


def test_true_false_rows_show_one_mark(qtbot):
    widget = choice_answer(QuestionType.TRUEFALSE, [])
    qtbot.addWidget(widget)
    assert [row.text.text() for row in widget.rows] == ["正しい", "誤り"]
