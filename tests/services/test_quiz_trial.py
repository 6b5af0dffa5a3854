"""「試しに解く」: the quiz methods of TrainingService over a draft quiz, in memory."""

from __future__ import annotations

import random

from dxtrainer.content.loader import load_content
from dxtrainer.services.quiz_trial import TrialTraining
from dxtrainer.services.records import SYSTEM_USER
from tests.conftest import SAMPLE_CONTENT
from tests.services.rollup_helpers import response


def test_a_trial_scores_like_an_attempt_without_any_database():
    quiz = load_content(SAMPLE_CONTENT).quiz("sample-basics")
    trial = TrialTraining(quiz, "基礎", random.Random(3))
    attempt = trial.start_or_resume(SYSTEM_USER, quiz.id)
    assert trial.start_or_resume(SYSTEM_USER, quiz.id).id == attempt.id  # resumed
    assert [q.id for q in attempt.questions] == [q.id for q in quiz.questions]
    first = quiz.questions[0]
    done = trial.submit_answer(SYSTEM_USER, attempt.id, first.id, response(first, True))
    again = trial.submit_answer(SYSTEM_USER, attempt.id, first.id, response(first, False))
    assert done.feedback.correct and again.feedback.correct  # a double submit counts once
    assert trial.set_flag(SYSTEM_USER, attempt.id, quiz.questions[1].id, True) == {"q2"}
    assert trial.start_or_resume(SYSTEM_USER, quiz.id).flags == {"q2"}
    result = trial.finish_attempt(SYSTEM_USER, attempt.id).result  # the rest unanswered: 0
    assert (result.correct, result.total, result.passed) == (1, len(quiz.questions), False)
    assert not result.lesson_completed
    assert trial.start_or_resume(SYSTEM_USER, quiz.id).id != attempt.id  # a new one
