"""「試しに解く」 for a draft quiz: the quiz methods of TrainingService, answered in memory.

The learners' quiz screen (ui/screens/quiz_screen.py) runs on this object exactly as it runs on
TrainingService (one question per page, navigator, flags, feedback, summary, result, retry), but
nothing reaches a database: the attempts live in this object and are gone when it is."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field, replace

from dxtrainer.domain import scoring
from dxtrainer.domain.content import Question, QuestionType, Quiz
from dxtrainer.services.quiz_views import feedback
from dxtrainer.services.records import (
    AttemptView,
    ChoiceView,
    CurrentUser,
    Feedback,
    FinishResult,
    QuestionView,
    QuizResult,
    SubmitResult,
)


def question_view(question: Question, shuffle: bool, rng: random.Random) -> QuestionView:
    """The question as a learner's attempt shows it (choices shuffled as the quiz says; ordering
    items never in the right order; matching answers shuffled)."""
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


@dataclass
class _Trial:
    view: AttemptView
    feedback: dict[str, Feedback] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    finished: bool = False


class TrialTraining:
    """Stands in for TrainingService in the quiz screen, for one draft quiz."""

    def __init__(self, quiz: Quiz, lesson_title: str, rng: random.Random | None = None) -> None:
        self.quiz = quiz
        self.lesson_title = lesson_title
        self._rng = rng or random.Random()
        self._trials: dict[str, _Trial] = {}

    def start_or_resume(self, user: CurrentUser, quiz_id: str) -> AttemptView:
        open_ = [t for t in self._trials.values() if not t.finished]
        return self._view(open_[-1]) if open_ else self.new_attempt(user, quiz_id)

    def new_attempt(self, user: CurrentUser, quiz_id: str) -> AttemptView:
        del user, quiz_id
        quiz = self.quiz
        view = AttemptView(str(uuid.uuid4()), quiz.id, quiz.lesson_id, self.lesson_title,
                           quiz.pass_mark, tuple(question_view(q, quiz.shuffle, self._rng)
                                                 for q in quiz.questions), {}, False)
        trial = self._trials[view.id] = _Trial(view)
        return self._view(trial)

    def submit_answer(self, user: CurrentUser, attempt_id: str, question_id: str,
                      response: scoring.Response) -> SubmitResult:
        del user
        trial = self._trials[attempt_id]
        question = self.quiz.question(question_id)
        if question is None:
            raise ValueError(f"question {question_id!r} is not in quiz {self.quiz.id!r}")
        given = trial.feedback.get(question_id)  # a double submit counts once
        if given is None and not trial.finished:
            given = feedback(question, response,
                             scoring.is_correct(question, response))
            trial.feedback[question_id] = given
        assert given is not None
        done = len(trial.feedback) == len(self.quiz.questions)
        if done:
            trial.finished = True
        return SubmitResult(given, self._result(trial) if done else None, frozenset())

    def set_flag(self, user: CurrentUser, attempt_id: str, question_id: str,
                 flagged: bool) -> frozenset[str]:
        del user
        trial = self._trials[attempt_id]
        (trial.flags.add if flagged else trial.flags.discard)(question_id)
        return frozenset(trial.flags)

    def finish_attempt(self, user: CurrentUser, attempt_id: str) -> FinishResult:
        del user
        trial = self._trials[attempt_id]
        trial.finished = True
        return FinishResult(self._result(trial), frozenset())

    def result(self, user: CurrentUser, attempt_id: str) -> QuizResult:
        del user
        return self._result(self._trials[attempt_id])

    def _view(self, trial: _Trial) -> AttemptView:
        return replace(trial.view, feedback=dict(trial.feedback), finished=trial.finished,
                       flags=frozenset(trial.flags))

    def _result(self, trial: _Trial) -> QuizResult:
        right = sum(f.correct for f in trial.feedback.values())
        total = len(self.quiz.questions)
        score = scoring.quiz_score(right, total)
        return QuizResult(trial.view.id, self.quiz.id, self.quiz.lesson_id, right, total, score,
                          scoring.passed(score, self.quiz.pass_mark), self.quiz.pass_mark, False)
