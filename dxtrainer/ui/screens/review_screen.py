"""今日の復習 (spaced review with FSRS): each question due today shows what the learner answered
last time and can be answered again right here; a right answer brings it back later, a wrong
one sooner. A way back into each quiz stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.domain.content import Question, QuestionType
from dxtrainer.domain.scoring import Response
from dxtrainer.i18n import _, format_date
from dxtrainer.services.records import (
    ChoiceView,
    CurrentUser,
    QuestionView,
    ReviewItem,
    ReviewResult,
)
from dxtrainer.ui.style import set_role
from dxtrainer.ui.task_runner import TaskRunner, describe_error
from dxtrainer.ui.widgets.answer_words import TYPED, answer_text, given_text, right_answer
from dxtrainer.ui.widgets.common import label, primary_button, scroll_page
from dxtrainer.ui.widgets.question_widgets import AnswerWidget, answer_widget

if TYPE_CHECKING:
    from dxtrainer.services.training import TrainingService


def given_answer(question: Question, response: Response | None) -> str:
    if response is None:
        return _("(記録がありません)")
    if question.type in TYPED:
        return given_text(question.type, response, tuple(p.left for p in question.pairs))
    ids = response if isinstance(response, list) else []
    return answer_text(question.type, {c.id: c.text for c in question.choices}, ids,
                       response if isinstance(response, bool) else None)


class ReviewCardWidget(QFrame):
    """One question due today: the last answer, a fresh answer, then feedback and next date."""

    answered = Signal(object)  # ReviewResult

    def __init__(self, item: ReviewItem, runner: TaskRunner, training: TrainingService,
                 user: CurrentUser) -> None:
        super().__init__()
        self.setObjectName("card")
        self.item = item
        self._runner, self._training, self._user = runner, training, user
        q = item.question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        prompt = label(q.prompt.strip(), "subtitle", wrap=True, selectable=True)
        layout.addWidget(prompt)
        mark = _("✔ 正解") if item.last_correct else _("✖ 不正解")
        self.last = label(_("前回のあなたの回答: {answer}({mark})").format(
            answer=given_answer(q, item.last_response), mark=mark), "muted", wrap=True)
        layout.addWidget(self.last)
        view = QuestionView(q.id, q.type, q.prompt,
                            tuple(ChoiceView(c.id, c.text) for c in q.choices),
                            tuple(p.left for p in q.pairs),
                            tuple(q.options) if q.type is QuestionType.MATCHING else ())
        self.answer: AnswerWidget = answer_widget(view)
        self.answer.changed.connect(self._update)
        layout.addWidget(self.answer)
        row = QHBoxLayout()
        row.addStretch(1)
        self.submit_button = primary_button(_("もう一度答える"))
        self.submit_button.setAccessibleName(_("もう一度答える"))
        self.submit_button.setAccessibleDescription(_("この問題にもう一度回答します"))
        self.submit_button.clicked.connect(self.submit)
        row.addWidget(self.submit_button)
        layout.addLayout(row)
        self.verdict = label("", "subtitle")
        self.verdict.setVisible(False)
        layout.addWidget(self.verdict)
        self.feedback = label("", wrap=True, selectable=True)
        self.feedback.setVisible(False)
        layout.addWidget(self.feedback)
        self._update()

    def _update(self) -> None:
        self.submit_button.setEnabled(self.answer.response() is not None)

    def submit(self) -> None:
        response = self.answer.response()
        if response is None:
            return
        self.submit_button.setEnabled(False)
        training, user, item = self._training, self._user, self.item
        self._runner.run(lambda: training.answer_review(user, item.quiz_id, item.question.id,
                                                        response),
                         self._on_saved, self._on_failed)

    def _on_saved(self, result: ReviewResult) -> None:
        self.answer.show_feedback(result.feedback)
        self.submit_button.setVisible(False)
        q = self.item.question
        verdict = _("✔ 正解です") if result.feedback.correct else _("✖ 不正解です")
        when = format_date(result.due.date())
        parts = [_("正解: {answer}").format(answer=right_answer(q)), q.explanation.strip(),
                 _("次の復習は {date} ごろです。").format(date=when)]
        self.verdict.setText(verdict)
        set_role(self.verdict, "role", "success" if result.feedback.correct else "error")
        self.verdict.setVisible(True)
        self.feedback.setText("\n\n".join(p for p in parts if p))
        self.feedback.setVisible(True)
        self.answered.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._update()
        self.feedback.setText(_("回答を保存できませんでした。") + "\n" + describe_error(exc))
        set_role(self.feedback, "role", "error")
        self.feedback.setVisible(True)


class ReviewScreen(QWidget):
    quiz_requested = Signal(str)
    answered = Signal(object)  # ReviewResult
    loaded = Signal()

    def __init__(self, runner: TaskRunner, training: TrainingService, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._runner, self._training, self._user = runner, training, user
        self.items: list[ReviewItem] = []
        self.cards: list[ReviewCardWidget] = []
        self.quiz_buttons: dict[str, QPushButton] = {}
        self.stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(label(_("今日の復習"), "title"))
        self.intro = label("", "muted", wrap=True)
        layout.addWidget(self.intro)
        self.scroll = QScrollArea()
        scroll_page(self.scroll)
        self.scroll.setAccessibleName(_("今日の復習の問題"))
        self.body = QWidget()
        self.body.setObjectName("pageBody")
        self.list = QVBoxLayout(self.body)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(10)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)

    def refresh(self) -> None:
        training, user = self._training, self._user
        self._runner.run(lambda: training.review_items(user), self._on_items_loaded)

    def _clear(self) -> None:
        while self.list.count():
            child = self.list.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.cards, self.quiz_buttons = [], {}

    def _on_items_loaded(self, items: list[ReviewItem]) -> None:
        self.items = items
        self.stale = False
        self._clear()
        if not items:
            self.intro.setText(_("今日の復習はありません。クイズでまちがえた問題は、間隔をあけてここに"
                                 "もう一度出てきます。"))
            self.loaded.emit()
            return
        self.intro.setText(_("今日の復習が {n} 問あります。前回の回答を見て、もう一度答えてみましょう。"
                             "正解すると次はしばらくあとに、まちがえると近いうちにまた出てきます。"
                             ).format(n=len(items)))
        current = None
        for item in items:
            if item.lesson_id != current:
                current = item.lesson_id
                head = QHBoxLayout()
                head.addWidget(label(item.lesson_title, "subtitle", wrap=True), 1)
                button = QPushButton(_("このクイズにもう一度挑戦する"))
                button.setAccessibleName(_("{lesson} のクイズにもう一度挑戦する").format(
                    lesson=item.lesson_title))
                quiz_id = item.quiz_id
                button.clicked.connect(lambda _c=False, q=quiz_id: self.quiz_requested.emit(q))
                head.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
                holder = QWidget()
                holder.setLayout(head)
                self.list.addWidget(holder)
                self.quiz_buttons[item.quiz_id] = button
            card = ReviewCardWidget(item, self._runner, self._training, self._user)
            card.answered.connect(self.answered)
            self.list.addWidget(card)
            self.cards.append(card)
        self.list.addStretch(1)
        self.loaded.emit()
