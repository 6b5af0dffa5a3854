"""Lesson-quiz answers feed 復習: a wrong answer makes (or moves) the person's FSRS card due at
once, a right one moves an existing card later and makes none; a retried submit moves nothing
twice; a course's pre/post-test forms make no cards."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from dxtrainer.db.models import ReviewCard
from dxtrainer.services import spaced_review
from tests.services.test_spaced_review import wrong
from tests.services.test_training import right_answer

DAY0 = datetime(2026, 11, 30, 9, 0)
QUIZ = "sample-basics"


def cards(services) -> dict[str, tuple[datetime, int]]:
    with services.sessions() as s:
        return {c.question_id: (c.due, c.reviews) for c in s.scalars(select(ReviewCard))}


def test_a_wrong_quiz_answer_makes_a_card_due_today_a_right_one_makes_none(services, user):
    training = services.training
    training._clock = lambda: DAY0
    attempt = training.start_or_resume(user, QUIZ)
    first, second = attempt.questions[:2]
    training.submit_answer(user, attempt.id, first.id, wrong(services, QUIZ, first.id))
    training.submit_answer(user, attempt.id, second.id, right_answer(services, QUIZ, second.id))
    assert cards(services) == {first.id: (DAY0, 0)}  # due at once; no 復習 answer yet
    assert [i.question.id for i in training.review_items(user)] == [first.id]
    assert training.home(user).review_count == 1
    # a second submit of the same answer (double click, retried unit) moves nothing
    training._clock = lambda: DAY0 + timedelta(hours=1)
    training.submit_answer(user, attempt.id, first.id, wrong(services, QUIZ, first.id))
    assert cards(services) == {first.id: (DAY0, 0)}


def test_a_wrong_answer_in_a_later_quiz_brings_a_scheduled_card_back_today(services, user):
    training = services.training
    clock = {"now": DAY0}
    training._clock = lambda: clock["now"]
    attempt = training.start_or_resume(user, QUIZ)
    q = attempt.questions[0]
    training.submit_answer(user, attempt.id, q.id, wrong(services, QUIZ, q.id))
    done = training.answer_review(user, QUIZ, q.id, right_answer(services, QUIZ, q.id))
    assert done.due - DAY0 >= timedelta(days=1)
    assert training.review_items(user) == []

    # a retake the next day, right: the card moves later than it was
    clock["now"] = DAY0 + timedelta(days=1)
    retake = training.new_attempt(user, QUIZ)
    training.submit_answer(user, retake.id, q.id, right_answer(services, QUIZ, q.id))
    later, reviews = cards(services)[q.id]
    assert later > done.due and reviews == 1
    assert training.review_items(user) == []

    # wrong in yet another attempt: due at once again, although it was scheduled for later
    clock["now"] = DAY0 + timedelta(days=2)
    third = training.new_attempt(user, QUIZ)
    training.submit_answer(user, third.id, q.id, wrong(services, QUIZ, q.id))
    assert cards(services)[q.id] == (clock["now"], 1)
    [item] = training.review_items(user)
    assert item.question.id == q.id and not item.last_correct


def test_only_lesson_quizzes_schedule_review(services):
    assert spaced_review.schedules(services.content.index.quiz(QUIZ))
    for form in ("a", "b"):  # a course's 事前/事後テスト forms measure, they do not teach
        test = services.content.index.course_test(f"course-sample-{form}")
        assert test is not None and test.course_id == "sample-course"
        assert not spaced_review.schedules(test)
