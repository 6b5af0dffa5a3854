"""Per-person roll-ups kept in the same transaction as each answer, and a full rebuild.

Dashboards and the progress screen read these tables, never a scan of every answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, cast, delete, func, select
from sqlalchemy.orm import Session

from dxtrainer.db.models import (
    Answer,
    Attempt,
    ContentItem,
    ContentQuestion,
    LessonCompletion,
    PersonCategoryRollup,
    PersonQuestionState,
    PersonQuizBest,
)
from dxtrainer.services import period_rollups


def _category_row(session: Session, staff_id: int, category: str) -> PersonCategoryRollup:
    row = session.get(PersonCategoryRollup, (staff_id, category))
    if row is None:
        row = PersonCategoryRollup(staff_id=staff_id, category=category, answered=0, mastered=0,
                                   lessons_completed=0)
        session.add(row)
    return row


def record_answer(session: Session, staff_id: int, quiz_id: str, question_id: str,
                  category: str, correct: bool, at: datetime, department_id: int | None = None,
                  current_department_id: int | None = None) -> None:
    """Update every roll-up for one new answer: the person's latest-answer state and category
    counts, the period roll-ups (answer's department) and mastery by current department."""
    state = session.get(PersonQuestionState, (staff_id, quiz_id, question_id))
    row = _category_row(session, staff_id, category)
    delta = 0
    if state is None:
        session.add(PersonQuestionState(staff_id=staff_id, quiz_id=quiz_id,
                                        question_id=question_id, category=category,
                                        correct=correct, answered_at=at))
        row.answered += 1
        delta = int(correct)
    elif at >= state.answered_at:
        delta = int(correct) - int(state.correct)
        state.correct = correct
        state.answered_at = at
    row.mastered += delta
    period_rollups.on_mastery_change(session, current_department_id, category, delta)
    period_rollups.on_answer(session, staff_id, department_id, correct, at)


def record_attempt_finished(session: Session, staff_id: int, quiz_id: str, score: float,
                            passed: bool, at: datetime, department_id: int | None = None) -> None:
    period_rollups.on_attempt_finished(session, staff_id, quiz_id, department_id, score, at)
    best = session.get(PersonQuizBest, (staff_id, quiz_id))
    if best is None:
        session.add(PersonQuizBest(staff_id=staff_id, quiz_id=quiz_id, best_score=score,
                                   attempts=1, passed=passed, last_at=at))
        return
    best.attempts += 1
    best.best_score = max(best.best_score, score)
    best.passed = best.passed or passed
    best.last_at = max(best.last_at, at)


def record_lesson_completed(session: Session, staff_id: int, category: str, at: datetime,
                            department_id: int | None = None,
                            current_department_id: int | None = None) -> None:
    _category_row(session, staff_id, category).lessons_completed += 1
    period_rollups.on_lesson_completed(session, staff_id, department_id, current_department_id,
                                       category, at)


def rebuild(session: Session) -> None:
    """Recompute every roll-up from the raw rows (after imports, bulk loads or content changes)."""
    session.execute(delete(PersonQuestionState))
    session.execute(delete(PersonCategoryRollup))
    session.execute(delete(PersonQuizBest))
    session.flush()

    latest = (
        select(Answer.staff_id, Answer.quiz_id, Answer.question_id,
               func.max(Answer.answered_at).label("at"))
        .group_by(Answer.staff_id, Answer.quiz_id, Answer.question_id)
        .subquery()
    )
    rows = session.execute(
        select(Answer.staff_id, Answer.quiz_id, Answer.question_id, ContentQuestion.category,
               Answer.correct, Answer.answered_at)
        .join(latest, (Answer.staff_id == latest.c.staff_id) & (Answer.quiz_id == latest.c.quiz_id)
              & (Answer.question_id == latest.c.question_id)
              & (Answer.answered_at == latest.c.at))
        .join(ContentQuestion, (ContentQuestion.quiz_id == Answer.quiz_id)
              & (ContentQuestion.question_id == Answer.question_id))
    ).all()
    states: dict[tuple[int, str, str], PersonQuestionState] = {}
    for staff_id, quiz_id, question_id, category, correct, at in rows:
        states[(staff_id, quiz_id, question_id)] = PersonQuestionState(
            staff_id=staff_id, quiz_id=quiz_id, question_id=question_id, category=category,
            correct=correct, answered_at=at)
    session.add_all(states.values())

    counts: dict[tuple[int, str], list[int]] = {}
    for st in states.values():
        entry = counts.setdefault((st.staff_id, st.category), [0, 0, 0])
        entry[0] += 1
        entry[1] += int(st.correct)
    completions = session.execute(
        select(LessonCompletion.staff_id, ContentItem.category,
               func.count(func.distinct(LessonCompletion.lesson_id)))
        .join(ContentItem, (ContentItem.kind == "lesson")
              & (ContentItem.content_id == LessonCompletion.lesson_id))
        .group_by(LessonCompletion.staff_id, ContentItem.category)
    ).all()
    for staff_id, category, n in completions:
        counts.setdefault((staff_id, category), [0, 0, 0])[2] = n
    session.add_all(
        PersonCategoryRollup(staff_id=k[0], category=k[1], answered=v[0], mastered=v[1],
                             lessons_completed=v[2])
        for k, v in counts.items())

    bests = session.execute(
        select(Attempt.staff_id, Attempt.quiz_id, func.max(Attempt.score), func.count(),
               func.max(cast(Attempt.passed, Integer)), func.max(Attempt.finished_at))
        .where(Attempt.finished_at.is_not(None))
        .group_by(Attempt.staff_id, Attempt.quiz_id)
    ).all()
    session.add_all(
        PersonQuizBest(staff_id=s, quiz_id=q, best_score=b, attempts=n, passed=bool(p), last_at=t)
        for s, q, b, n, p, t in bests)
    session.flush()
    period_rollups.rebuild_dept_category(session)
    period_rollups.rebuild_periods(session)
