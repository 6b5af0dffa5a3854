"""「試しに解く」: a trainer answers a draft quiz with the learners' answer widgets and sees the
score and feedback. Scored here, on this PC: nothing is recorded anywhere."""

from __future__ import annotations

import random

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.domain.content import Question, QuestionType, Quiz
from dxtrainer.domain.progress import format_percent
from dxtrainer.domain.scoring import is_correct, passed, quiz_score
from dxtrainer.i18n import _
from dxtrainer.services.records import ChoiceView, Feedback, QuestionView
from dxtrainer.ui.widgets.common import label, primary_button
from dxtrainer.ui.widgets.question_widgets import AnswerWidget, answer_widget


def question_view(question: Question, shuffle: bool, rng: random.Random) -> QuestionView:
    """The question as a learner's attempt shows it (choices shuffled as the quiz says)."""
    ids = [c.id for c in question.choices]
    if question.type is QuestionType.ORDERING:
        while len(ids) > 1 and tuple(ids) == tuple(question.correct_order):
            rng.shuffle(ids)
    elif shuffle:
        rng.shuffle(ids)
    texts = {c.id: c.text for c in question.choices}
    options = list(question.options)
    rng.shuffle(options)
    return QuestionView(question.id, question.type, question.prompt,
                        tuple(ChoiceView(i, texts[i]) for i in ids),
                        tuple(p.left for p in question.pairs), tuple(options))


def feedback(question: Question, response: object, correct: bool) -> Feedback:
    return Feedback(
        question.id, correct, response,  # type: ignore[arg-type]
        question.correct_order if question.type is QuestionType.ORDERING
        else tuple(c.id for c in question.choices if c.correct),
        question.answer, question.explanation,
        {c.id: c.explanation for c in question.choices if c.explanation},
        question.accepted, question.numeric, question.pairs)


class QuizTrialDialog(QDialog):
    scored = Signal(int, int)  # correct, questions

    def __init__(self, quiz: Quiz, parent: QWidget | None = None,
                 rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self.quiz = quiz
        self.setWindowTitle(_("試しに解く(記録されません)"))
        self.resize(760, 680)
        rng = rng or random.Random()
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("試しに解いた結果はどこにも記録されません。"), "muted", wrap=True))
        page = QWidget()
        column = QVBoxLayout(page)
        self.answers: list[tuple[Question, AnswerWidget]] = []
        for number, question in enumerate(quiz.questions, 1):
            column.addWidget(label(_("問{n}").format(n=number), "subtitle"))
            column.addWidget(label(question.prompt, wrap=True))
            widget = answer_widget(question_view(question, quiz.shuffle, rng))
            column.addWidget(widget)
            self.answers.append((question, widget))
        column.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(page)
        layout.addWidget(scroller, 1)
        self.result = label("", "subtitle", wrap=True)
        layout.addWidget(self.result)
        buttons = QDialogButtonBox()
        self.score_button = primary_button(_("採点する"))
        self.score_button.clicked.connect(self.score)
        buttons.addButton(self.score_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)

    def score(self) -> None:
        right = 0
        for question, widget in self.answers:
            response = widget.response()
            correct = response is not None and is_correct(question, response)
            right += correct
            widget.lock()
            widget.show_feedback(feedback(question, response, correct))
        total = len(self.answers)
        value = quiz_score(right, total)
        verdict = _("合格です") if passed(value, self.quiz.pass_mark) else _("合格点に届きません")
        self.result.setText(_("{total}問中{right}問正解({percent})― {verdict}").format(
            total=total, right=right, percent=format_percent(value), verdict=verdict))
        self.score_button.setEnabled(False)
        self.scored.emit(right, total)
