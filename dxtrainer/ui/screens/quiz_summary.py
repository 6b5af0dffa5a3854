"""The quiz's summary page before finishing (as in Moodle): every question with its state, a
button to go back to each, and a plain warning that unanswered questions score 0."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from dxtrainer.i18n import _
from dxtrainer.services.records import AttemptView
from dxtrainer.ui.widgets.common import centred_column, label, primary_button
from dxtrainer.ui.widgets.quiz_navigator import (
    ANSWERED_MARK,
    FLAG_MARK,
    TODO_MARK,
    state_words,
)
from dxtrainer.ui.widgets.wrap_button import WrapButton


def quiz_title(attempt: AttemptView) -> str:
    """「確認クイズ: lesson」, or a course's 「事前テスト / 事後テスト: course」."""
    if attempt.purpose == "pre":
        return _("事前テスト: {title}").format(title=attempt.lesson_title)
    if attempt.purpose == "post":
        return _("事後テスト: {title}").format(title=attempt.lesson_title)
    return _("確認クイズ: {title}").format(title=attempt.lesson_title)


class QuizSummaryPage(QScrollArea):
    jump = Signal(int)
    finish_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = centred_column(self, spacing=10)
        self.setAccessibleName(_("回答の状況"))
        self.title = label("", "muted")
        layout.addWidget(self.title)
        layout.addWidget(label(_("回答の状況"), "subtitle"))
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        layout.addLayout(self.rows)
        self.warning = label("", "warning", wrap=True)
        layout.addWidget(self.warning)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(_("問題に戻る"))
        self.back_button.setAccessibleName(_("問題に戻る"))
        self.back_button.clicked.connect(self.back_requested)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        self.finish_button = primary_button(_("すべて終えて採点する"))
        self.finish_button.setAccessibleName(_("すべて終えて採点する"))
        self.finish_button.clicked.connect(self.finish_requested)
        buttons.addWidget(self.finish_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.jump_buttons: list[WrapButton] = []

    def show_attempt(self, attempt: AttemptView, flags: frozenset[str]) -> None:
        self.title.setText(quiz_title(attempt))
        for button in self.jump_buttons:
            button.setParent(None)
            button.deleteLater()
        self.jump_buttons = []
        for i, q in enumerate(attempt.questions):
            answered, flagged = q.id in attempt.feedback, q.id in flags
            prompt = " ".join(q.prompt.split())
            if len(prompt) > 40:
                prompt = prompt[:39] + "…"
            mark = (ANSWERED_MARK if answered else TODO_MARK) + (FLAG_MARK if flagged else "")
            words = state_words(answered, flagged)
            button = WrapButton(_("{mark} 問 {n} {state}: {prompt}").format(
                mark=mark, n=i + 1, state=words, prompt=prompt))  # wraps at large text
            button.setProperty("summaryRow", "true")
            button.setAccessibleName(_("問 {n}: {state}").format(n=i + 1, state=words))
            button.setAccessibleDescription(_("押すとこの問題を表示します"))
            button.clicked.connect(lambda _checked=False, i=i: self.jump.emit(i))
            self.rows.addWidget(button)
            self.jump_buttons.append(button)
        missing = attempt.unanswered
        if missing:
            numbers = _("、").join(_("問 {n}").format(n=i + 1) for i in missing)
            self.warning.setText(_(
                "まだ回答していない問題が {count} 問あります({numbers})。このまま採点すると、"
                "回答していない問題は不正解(0 点)になります。").format(
                    count=len(missing), numbers=numbers))
        else:
            self.warning.setText(_("すべての問題に回答しました。"))
        (self.jump_buttons[missing[0]] if missing else self.finish_button).setFocus()
