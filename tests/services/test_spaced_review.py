"""復習 with FSRS: a right review moves the question later, a wrong one sooner; review answers
count for mastery and participation but not for quiz scores; roll-ups still equal a rebuild."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from dxtrainer.db.models import ReviewCard
from dxtrainer.services.rollups import rebuild
from dxtrainer.services.spaced_review import next_card
from tests.services.test_training import right_answer, rollup_snapshot

DAY0 = datetime(2026, 11, 30, 9, 0)


def test_fsrs_moves_a_right_review_later_and_a_wrong_one_sooner():
    card, first = next_card(None, True, DAY0)
    assert first - DAY0 >= timedelta(days=1)
    later, right_due = next_card(card, True, first)
    sooner, wrong_due = next_card(card, False, first)
    assert right_due - first > first - DAY0  # the interval grows after a right answer
    assert wrong_due - first < right_due - first
    assert wrong_due - first <= timedelta(days=1)


def wrong(services, quiz_id, question_id):
    answer = right_answer(services, quiz_id, question_id)
    return (not answer) if isinstance(answer, bool) else []


def test_review_brings_back_wrong_answers_on_a_schedule(services, user):
    training = services.training
    clock = {"now": DAY0}
    training._clock = lambda: clock["now"]
    attempt = training.start_or_resume(user, "sample-basics")
    tf = next(q for q in attempt.questions if q.type.value == "truefalse")
    given = not right_answer(services, "sample-basics", tf.id)
    training.submit_answer(user, attempt.id, tf.id, given)
    [item] = training.review_items(user)
    assert item.question.id == tf.id and item.last_response == given and not item.last_correct
    assert training.home(user).review_count == 1
    best_before = rollup_snapshot(services)

    # a right review: gone for today, back after a few days, later than a wrong one would be
    done = training.answer_review(user, "sample-basics", tf.id,
                                  right_answer(services, "sample-basics", tf.id))
    assert done.feedback.correct and done.due - DAY0 >= timedelta(days=1)
    assert training.review_items(user) == []
    assert training.home(user).review_count == 0
    clock["now"] = done.due
    [back] = training.review_items(user)
    assert back.last_correct  # shows what was answered last time (right, in review)
    again = training.answer_review(user, "sample-basics", tf.id, given)
    assert not again.feedback.correct
    assert again.due - done.due <= timedelta(days=1) < done.due - DAY0 + timedelta(days=1)
    with services.sessions() as s:
        card = s.scalars(select(ReviewCard)).one()
        assert card.reviews == 2 and len(card.id) == 36 and card.due == again.due

    # mastery follows the latest answer, participation counts both review answers; quiz scores
    # and Average score (best scores per period) are untouched
    after = rollup_snapshot(services)
    assert [r[3] for r in after[1] if r[2] == tf.id] == [False]
    assert after[2] == best_before[2] and after[6] == best_before[6]
    answers = {r[1]: r[3] for r in after[3]}  # period key -> answers (quiz and review)
    before = {r[1]: r[3] for r in best_before[3]}
    assert sum(answers.values()) > sum(before.values())
    assert all(answers[k] >= n for k, n in before.items())


def test_rollups_after_review_answers_equal_a_rebuild(services, user, other_user):
    training = services.training
    for person in (user, other_user):
        attempt = training.start_or_resume(person, "sample-basics")
        for q in attempt.questions:
            training.submit_answer(person, attempt.id, q.id, wrong(services, "sample-basics",
                                                                   q.id)
                                   if q.type.value == "truefalse" else
                                   right_answer(services, "sample-basics", q.id))
    for item in training.review_items(user):
        training.answer_review(user, item.quiz_id, item.question.id,
                               right_answer(services, item.quiz_id, item.question.id))
    item = training.review_items(other_user)[0]
    training.answer_review(other_user, item.quiz_id, item.question.id,
                           wrong(services, item.quiz_id, item.question.id))
    incremental = rollup_snapshot(services)
    with services.sessions.begin() as s:
        rebuild(s)
    assert rollup_snapshot(services) == incremental
