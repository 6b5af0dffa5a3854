"""復習 that sticks: spaced review scheduled by FSRS (the scheduler Anki uses).

A question joins review when it is answered wrong in a lesson quiz: its card is made (or
moved) due at once, so 「今日の復習」 on Home brings it back the same day. Answering it right,
in review or in a later quiz, moves its card later; wrong, sooner. As in Anki, a wrong answer
is a lapse ("Again") and a right one a "Good".

A right quiz answer to a question that has no card creates none: what a learner has never got
wrong has nothing to relearn, and 今日の復習 stays a short list of their own mistakes rather
than the whole course. A course's pre-/post-test forms (issue 11) measure and do not teach:
their answers make no card (see `schedules`).

A review answer is an answer: it counts for mastery (latest answer) and participation, never
for quiz scores or Average score. A card is the person's own row, written only under the
person's lock (db.transactions.lock_person) inside one unit of work (services.units); its
`reviews` counter changes by one SQL increment.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dxtrainer.db.models import Answer, PersonQuestionState, ReviewAnswer, ReviewCard
from dxtrainer.domain.content import Quiz
from dxtrainer.domain.scoring import Response

if TYPE_CHECKING:
    from fsrs import Scheduler


@cache
def scheduler() -> Scheduler:
    """Made (and fsrs imported) at the first review, not when the app starts."""
    from fsrs import Scheduler

    # Day-sized steps only: the learners meet review once a day, not within minutes.
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def next_card(card: dict[str, Any] | None, correct: bool,
              now: datetime) -> tuple[dict[str, Any], datetime]:
    """The card after one review and its next due moment (naive, like every stored time)."""
    from fsrs import Card, Rating

    at = now.replace(tzinfo=UTC) if now.tzinfo is None else now
    before = Card.from_dict(card) if card else Card(due=at)  # type: ignore[arg-type]
    after, _log = scheduler().review_card(before, Rating.Good if correct else Rating.Again, at)
    return dict(after.to_dict()), after.due.replace(tzinfo=None)


def due_keys(s: Session, staff_id: int, now: datetime) -> dict[tuple[str, str], datetime]:
    """(quiz, question) → due moment, for every question due by the end of today: those with a
    card that is due, and those last answered wrong that have no card yet (due at once)."""
    end_of_day = datetime.combine(now.date(), datetime.min.time()) + timedelta(days=1)
    cards = {(c.quiz_id, c.question_id): c.due for c in s.scalars(
        select(ReviewCard).where(ReviewCard.staff_id == staff_id))}
    due = {k: at for k, at in cards.items() if at < end_of_day}
    for st in s.scalars(select(PersonQuestionState).where(
            PersonQuestionState.staff_id == staff_id, PersonQuestionState.correct.is_(False))):
        key = (st.quiz_id, st.question_id)
        if key not in cards:
            due[key] = st.answered_at
    return due


def last_answers(s: Session, staff_id: int,
                 keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[Any, bool]]:
    """The latest answer (quiz or review) to each question: (response, correct)."""
    found: dict[tuple[str, str], tuple[datetime, Any, bool]] = {}
    for model in (Answer, ReviewAnswer):
        rows = s.execute(select(model.quiz_id, model.question_id, model.response,
                                model.correct, model.answered_at)
                         .where(model.staff_id == staff_id)).all()
        for quiz_id, question_id, response, correct, at in rows:
            key = (quiz_id, question_id)
            if key in keys and (key not in found or at >= found[key][0]):
                found[key] = (at, response.get("value"), correct)
    return {k: (v[1], v[2]) for k, v in found.items()}


def schedules(quiz: Quiz) -> bool:
    """Whether answers to this quiz make and move review cards: a lesson quiz's do. A course's
    事前テスト / 事後テスト form (issue 11: `course_id` set) measures and does not teach, so its
    answers never do; a course-test path that reuses TrainingService._submit is covered."""
    return quiz.course_id is None


def record_quiz_answer(s: Session, device_id: str, staff_id: int, quiz_id: str,
                       question_id: str, correct: bool, now: datetime) -> datetime | None:
    """Schedule a question after a lesson-quiz answer; returns when it is due (None: no card).
    Wrong: the card (made if need be) lapses and is due at once, today. Right: an existing
    card moves later; no card is made. The caller holds the person's lock."""
    card = _card(s, staff_id, quiz_id, question_id)
    if correct and card is None:
        return None
    state, due = next_card(card.card if card else None, correct, now)
    if not correct:
        due = now  # back in today's 復習 while the feedback is fresh
    if card is None:
        s.add(ReviewCard(id=str(uuid.uuid4()), device_id=device_id, staff_id=staff_id,
                         quiz_id=quiz_id, question_id=question_id, card=state, due=due,
                         reviews=0, updated_at=now))
    else:
        card.card, card.due, card.updated_at = state, due, now
    return due


def _card(s: Session, staff_id: int, quiz_id: str, question_id: str) -> ReviewCard | None:
    return s.scalars(select(ReviewCard).where(
        ReviewCard.staff_id == staff_id, ReviewCard.quiz_id == quiz_id,
        ReviewCard.question_id == question_id)).first()


def record(s: Session, device_id: str, staff_id: int, department_id: int | None, quiz_id: str,
           question_id: str, response: Response, correct: bool,
           now: datetime) -> datetime:
    """Store a review answer and move the person's card; returns when it is due next.
    `reviews` counts 復習 answers only (quiz answers move the card without counting).
    The caller holds the person's lock: the card is the person's own row."""
    s.add(ReviewAnswer(id=str(uuid.uuid4()), device_id=device_id, staff_id=staff_id,
                       department_id=department_id, quiz_id=quiz_id, question_id=question_id,
                       response={"value": response}, correct=correct, answered_at=now))
    card = _card(s, staff_id, quiz_id, question_id)
    state, due = next_card(card.card if card else None, correct, now)
    if card is None:
        s.add(ReviewCard(id=str(uuid.uuid4()), device_id=device_id, staff_id=staff_id,
                         quiz_id=quiz_id, question_id=question_id, card=state, due=due,
                         reviews=1, updated_at=now))
    else:
        card.card, card.due, card.updated_at = state, due, now
        card.reviews = ReviewCard.reviews + 1  # one SQL increment
    return due
