"""The quiz navigator's service side: flags saved with the attempt, finishing with questions
left unanswered (they score 0), answers locked once given."""

from __future__ import annotations

import pytest

from dxtrainer.services.rollups import rebuild
from tests.services.test_training import right_answer, rollup_snapshot


def test_flags_are_saved_with_the_attempt_and_come_back_on_resume(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    first, second = attempt.questions[0].id, attempt.questions[1].id
    assert attempt.flags == frozenset()
    assert training.set_flag(user, attempt.id, second, True) == {second}
    assert training.set_flag(user, attempt.id, first, True) == {first, second}
    assert training.set_flag(user, attempt.id, second, False) == {first}
    assert training.start_or_resume(user, "sample-basics").flags == {first}
    with pytest.raises(ValueError):
        training.set_flag(user, attempt.id, "no-such-question", True)


def test_someone_else_cannot_flag_or_finish_my_attempt(services, user, other_user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    with pytest.raises(PermissionError):
        training.set_flag(other_user, attempt.id, attempt.questions[0].id, True)
    with pytest.raises(PermissionError):
        training.finish_attempt(other_user, attempt.id)


def test_questions_can_be_answered_in_any_order(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    last = attempt.questions[-1]
    training.submit_answer(user, attempt.id, last.id,
                           right_answer(services, "sample-basics", last.id))
    resumed = training.start_or_resume(user, "sample-basics")
    assert resumed.id == attempt.id and resumed.unanswered == tuple(
        range(len(attempt.questions) - 1))
    assert resumed.current_index == 0


def test_finishing_early_scores_unanswered_questions_zero(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    q = attempt.questions[0]
    training.submit_answer(user, attempt.id, q.id, right_answer(services, "sample-basics", q.id))
    done = training.finish_attempt(user, attempt.id).result
    total = len(attempt.questions)
    assert (done.correct, done.total) == (1, total)
    assert done.score == pytest.approx(1 / total) and not done.passed
    again = training.finish_attempt(user, attempt.id)  # finishing twice changes nothing
    assert again.result == done and not again.changes
    # the finished attempt is not resumed: a new one starts
    assert training.start_or_resume(user, "sample-basics").id != attempt.id
    with pytest.raises(ValueError):  # a finished attempt takes no more answers
        training.submit_answer(user, attempt.id, attempt.questions[1].id, True)
    assert training.home(user).lessons[0].best_score == pytest.approx(1 / total)


def test_rollups_after_an_early_finish_equal_a_rebuild(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    q = attempt.questions[1]
    training.submit_answer(user, attempt.id, q.id, right_answer(services, "sample-basics", q.id))
    training.finish_attempt(user, attempt.id)
    incremental = rollup_snapshot(services)
    with services.sessions.begin() as s:
        rebuild(s)
    assert rollup_snapshot(services) == incremental
