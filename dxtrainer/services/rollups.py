"""Per-person roll-ups kept in the same transaction as each answer, and a full rebuild.

Dashboards and the progress screen read these tables, never a scan of every answer.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, bindparam, cast, delete, func, select, true
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
    ReviewAnswer,
)
from dxtrainer.db.transactions import lock_rollups
from dxtrainer.db.upsert import upsert
from dxtrainer.services import period_rollups


class PersonRollups:
    """One person's roll-up changes in one unit of work (an answer, the attempt it finishes, the
    lesson that completes), computed from the person's own rows and applied by `apply` as one
    atomic upsert per table.

    The caller holds the person's lock (db.transactions.lock_person), so the person's own rows
    cannot change underneath; the department rows are shared between people and change only by
    adding deltas in SQL.
    """

    def __init__(self, session: Session, staff_id: int) -> None:
        self.session = session
        self.staff_id = staff_id
        self.question_state: dict[str, Any] | None = None
        self.category: dict[str, dict[str, int]] = defaultdict(_zeros)
        self.quiz_best: dict[str, Any] | None = None
        self.periods = period_rollups.PeriodDeltas(session, staff_id)

    def answer(self, quiz_id: str, question_id: str, category: str, correct: bool,
               at: datetime, department_id: int | None,
               current_department_id: int | None) -> None:
        """A new answer: the latest-answer state and mastery (by current department), and the
        period roll-ups (by the answer's department)."""
        state = self.session.execute(_STATE, {"staff": self.staff_id, "quiz": quiz_id,
                                              "question": question_id}).first()
        row = self.category[category]
        delta = 0
        if state is None:
            row["answered"] += 1
            delta = int(correct)
        elif at >= state.answered_at:
            delta = int(correct) - int(state.correct)
        if state is None or at >= state.answered_at:
            self.question_state = {"staff_id": self.staff_id, "quiz_id": quiz_id,
                                   "question_id": question_id, "category": category,
                                   "correct": correct, "answered_at": at}
        row["mastered"] += delta
        self.periods.mastery_changed(current_department_id, category, delta)
        self.periods.answer(department_id, correct, at)

    def attempt_finished(self, quiz_id: str, score: float, passed: bool, at: datetime,
                         department_id: int | None) -> None:
        self.periods.attempt_finished(quiz_id, department_id, score, at)
        self.quiz_best = {"staff_id": self.staff_id, "quiz_id": quiz_id, "best_score": score,
                          "attempts": 1, "passed": passed, "last_at": at}

    def lesson_completed(self, category: str, at: datetime, department_id: int | None,
                         current_department_id: int | None) -> None:
        self.category[category]["lessons_completed"] += 1
        self.periods.lesson_completed(department_id, current_department_id, category, at)

    def apply(self) -> None:
        """Write every change: one upsert per table, person rows first, then department rows
        (always in the same order, so that two writers never wait on each other in a cycle)."""
        s = self.session
        if self.question_state is not None:
            upsert(s, PersonQuestionState, [self.question_state],
                   ("staff_id", "quiz_id", "question_id"), newer="answered_at",
                   replace=("correct", "category"))
        upsert(s, PersonCategoryRollup,
               [{"staff_id": self.staff_id, "category": c, **v}
                for c, v in sorted(self.category.items()) if any(v.values())],
               ("staff_id", "category"), add=_COUNTS)
        if self.quiz_best is not None:
            upsert(s, PersonQuizBest, [self.quiz_best], ("staff_id", "quiz_id"),
                   add=("attempts",), greatest=("best_score", "last_at"), any_true=("passed",))
        self.periods.apply()


_COUNTS = ("answered", "mastered", "lessons_completed")
# Built once: statements made anew for every answer cost more than running them.
_STATE = select(PersonQuestionState.correct, PersonQuestionState.answered_at).where(
    PersonQuestionState.staff_id == bindparam("staff"),
    PersonQuestionState.quiz_id == bindparam("quiz"),
    PersonQuestionState.question_id == bindparam("question"))


def course_test_attempts() -> Select[Any]:
    """The ids of course test attempts (事前テスト / 事後テスト): their answers count for
    participation, never for mastery, scores or question statistics."""
    return select(Attempt.id).where(Attempt.purpose.is_not(None))


def _zeros() -> dict[str, int]:
    return dict.fromkeys(_COUNTS, 0)


def rebuild(session: Session) -> None:
    """Recompute every roll-up from the raw rows (after imports, bulk loads or content changes).
    Incremental updates by other PCs wait until this transaction ends."""
    lock_rollups(session)
    session.execute(delete(PersonQuestionState))
    session.execute(delete(PersonCategoryRollup))
    session.execute(delete(PersonQuizBest))
    session.flush()

    # the latest answer to each question, from lesson quizzes and from 復習 alike (a course's
    # 事前テスト / 事後テスト counts for participation only, never for mastery)
    states: dict[tuple[int, str, str], PersonQuestionState] = {}
    for model in (Answer, ReviewAnswer):
        counted = (model.attempt_id.not_in(course_test_attempts()) if model is Answer
                   else true())
        latest = (
            select(model.staff_id, model.quiz_id, model.question_id,
                   func.max(model.answered_at).label("at"))
            .where(counted)
            .group_by(model.staff_id, model.quiz_id, model.question_id)
            .subquery()
        )
        rows = session.execute(
            select(model.staff_id, model.quiz_id, model.question_id, ContentQuestion.category,
                   model.correct, model.answered_at)
            .join(latest, (model.staff_id == latest.c.staff_id)
                  & (model.quiz_id == latest.c.quiz_id)
                  & (model.question_id == latest.c.question_id)
                  & (model.answered_at == latest.c.at))
            .join(ContentQuestion, (ContentQuestion.quiz_id == model.quiz_id)
                  & (ContentQuestion.question_id == model.question_id))
            .where(counted)
        ).all()
        for staff_id, quiz_id, question_id, category, correct, at in rows:
            known = states.get((staff_id, quiz_id, question_id))
            if known is None or at >= known.answered_at:
                states[(staff_id, quiz_id, question_id)] = PersonQuestionState(
                    staff_id=staff_id, quiz_id=quiz_id, question_id=question_id,
                    category=category, correct=correct, answered_at=at)
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
        .where(LessonCompletion.lesson_version >= ContentItem.version)  # else 要再受講
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
        .where(Attempt.finished_at.is_not(None), Attempt.purpose.is_(None))
        .group_by(Attempt.staff_id, Attempt.quiz_id)
    ).all()
    session.add_all(
        PersonQuizBest(staff_id=s, quiz_id=q, best_score=b, attempts=n, passed=bool(p), last_at=t)
        for s, q, b, n, p, t in bests)
    session.flush()
    period_rollups.rebuild_dept_category(session)
    period_rollups.rebuild_periods(session)
