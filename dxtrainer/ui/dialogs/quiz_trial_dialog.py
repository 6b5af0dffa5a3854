"""「試しに解く」: a trainer answers a draft quiz on the learners' own quiz screen (one question per
page, navigator and flags, feedback after each answer, summary, result and review, retry). The
screen runs on services/quiz_trial.TrialTraining, which scores in memory: nothing is recorded."""

from __future__ import annotations

import random

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dxtrainer.domain.content import Quiz
from dxtrainer.i18n import _
from dxtrainer.services.quiz_trial import TrialTraining
from dxtrainer.services.records import CurrentUser, QuizResult, Role
from dxtrainer.ui.screens.quiz_screen import QuizScreen
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label

TRIAL_USER = CurrentUser(0, "", "", "", Role.TRAINER)  # no one: nothing is stored under it


class QuizTrialDialog(QDialog):
    scored = Signal(int, int)  # correct, questions: the quiz screen showed its result

    def __init__(self, quiz: Quiz, parent: QWidget | None = None,
                 rng: random.Random | None = None, lesson_title: str = "") -> None:
        super().__init__(parent)
        self.quiz = quiz
        self.setWindowTitle(_("試しに解く(記録されません)"))
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("受講者と同じ画面で解いてみます。試しに解いた結果はどこにも記録されません。"),
                               "muted", wrap=True))
        self.training = TrialTraining(quiz, lesson_title or quiz.lesson_id, rng)
        self.runner = TaskRunner(self)
        self.screen = QuizScreen(self.runner, self.training, TRIAL_USER)
        self.screen.set_trial()
        self.screen.finished.connect(self._on_finished)
        layout.addWidget(self.screen, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.finished.connect(lambda _code: self.runner.shutdown())  # its one worker thread
        self.screen.open_quiz(quiz.id)

    def _on_finished(self, result: QuizResult) -> None:
        self.scored.emit(result.correct, result.total)
