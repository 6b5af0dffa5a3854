"""Roll-ups that dashboards read: per person and department, per period (month, quarter, 年度),
and per department and category. Kept in the same transaction as each answer; `rebuild_periods`
recomputes them from the raw rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, bindparam, cast, delete, func, select
from sqlalchemy.orm import Session

from dxtrainer.db.models import (
    Answer,
    Attempt,
    ContentItem,
    DeptCategory,
    DeptPeriod,
    LessonCompletion,
    PersonCategoryRollup,
    PersonPeriod,
    PersonQuizPeriodBest,
    ReviewAnswer,
    Staff,
)
from dxtrainer.db.transactions import lock_rollups
from dxtrainer.db.upsert import upsert
from dxtrainer.domain.periods import period_keys

_PERIOD_COUNTS = ("answers", "correct", "best_sum", "best_count", "completions")
# Built once: statements made anew for every answer cost more than running them.
_PERIODS = select(PersonPeriod.period_key, PersonPeriod.department_id).where(
    PersonPeriod.staff_id == bindparam("staff"),
    PersonPeriod.period_key.in_(bindparam("keys", expanding=True)))
_BESTS = select(PersonQuizPeriodBest.period_key, PersonQuizPeriodBest.best_score).where(
    PersonQuizPeriodBest.staff_id == bindparam("staff"),
    PersonQuizPeriodBest.quiz_id == bindparam("quiz"),
    PersonQuizPeriodBest.period_key.in_(bindparam("keys", expanding=True)))


class PeriodDeltas:
    """One person's changes to the period and department roll-ups in one unit of work.

    Whether this is the person's first activity in a period, and which department that first
    activity counted for, comes from the person's own PersonPeriod rows (safe under the
    person's lock); a better best from their own PersonQuizPeriodBest rows. Department rows
    are only ever changed by adding these deltas in one upsert.
    """

    def __init__(self, session: Session, staff_id: int) -> None:
        self.session = session
        self.staff_id = staff_id
        self._known: dict[str, int | None] = {}  # period key -> department of the person's row
        self._loaded: set[str] = set()
        self.person: dict[str, dict[str, Any]] = {}
        self.dept: dict[tuple[int, str], dict[str, float]] = defaultdict(_dept_zeros)
        self.dept_category: dict[tuple[int, str], dict[str, int]] = defaultdict(
            lambda: {"mastered": 0, "lessons_completed": 0})
        self.bests: dict[tuple[str, str], float] = {}

    def _person(self, keys: tuple[str, ...], department_id: int | None) -> list[dict[str, Any]]:
        """The person's row deltas for these periods; a period new to the person counts them
        as a participant of `department_id`, which the period's row then keeps."""
        missing = [k for k in keys if k not in self._loaded]
        if missing:
            self._known.update((key, dept) for key, dept in self.session.execute(
                _PERIODS, {"staff": self.staff_id, "keys": missing}))
            self._loaded.update(missing)
        rows = []
        for key in keys:
            if key not in self._known:
                self._known[key] = department_id
                if department_id is not None:
                    self.dept[(department_id, key)]["participants"] += 1
            row = self.person.get(key)
            if row is None:
                row = self.person[key] = {"staff_id": self.staff_id, "period_key": key,
                                          "department_id": self._known[key],
                                          **dict.fromkeys(_PERIOD_COUNTS, 0)}
            rows.append(row)
        return rows

    def answer(self, department_id: int | None, correct: bool, at: datetime) -> None:
        keys = period_keys(at)
        for key, person in zip(keys, self._person(keys, department_id), strict=True):
            person["answers"] += 1
            person["correct"] += int(correct)
            if department_id is not None:  # the answer's own department
                dept = self.dept[(department_id, key)]
                dept["answers"] += 1
                dept["correct"] += int(correct)

    def mastery_changed(self, current_department_id: int | None, category: str,
                        delta: int) -> None:
        if current_department_id is not None and delta:
            self.dept_category[(current_department_id, category)]["mastered"] += delta

    def attempt_finished(self, quiz_id: str, department_id: int | None, score: float,
                         at: datetime) -> None:
        keys = period_keys(at)
        people = self._person(keys, department_id)
        old: dict[str, float] = {key: best for key, best in self.session.execute(
            _BESTS, {"staff": self.staff_id, "quiz": quiz_id, "keys": list(keys)})}
        for key, person in zip(keys, people, strict=True):
            before = old.get(key)
            if before is not None and score <= before:
                continue
            gain, first = score - (before or 0.0), int(before is None)
            person["best_sum"] += gain
            person["best_count"] += first
            if person["department_id"] is not None:  # where the period's first activity was
                dept = self.dept[(person["department_id"], key)]
                dept["best_sum"] += gain
                dept["best_count"] += first
            self.bests[(quiz_id, key)] = score

    def lesson_completed(self, department_id: int | None, current_department_id: int | None,
                         category: str, at: datetime) -> None:
        keys = period_keys(at)
        for key, person in zip(keys, self._person(keys, department_id), strict=True):
            person["completions"] += 1
            if person["department_id"] is not None:
                self.dept[(person["department_id"], key)]["completions"] += 1
        if current_department_id is not None:
            self.dept_category[(current_department_id, category)]["lessons_completed"] += 1

    def apply(self) -> None:
        s = self.session
        upsert(s, PersonQuizPeriodBest,
               [{"staff_id": self.staff_id, "quiz_id": q, "period_key": k, "best_score": v}
                for (q, k), v in sorted(self.bests.items())],
               ("staff_id", "quiz_id", "period_key"), greatest=("best_score",))
        upsert(s, PersonPeriod, [self.person[k] for k in sorted(self.person)],
               ("staff_id", "period_key"), add=_PERIOD_COUNTS)
        upsert(s, DeptCategory,
               [{"department_id": d, "category": c, **v}
                for (d, c), v in sorted(self.dept_category.items()) if any(v.values())],
               ("department_id", "category"), add=("mastered", "lessons_completed"))
        upsert(s, DeptPeriod,
               [{"department_id": d, "period_key": k, **v}
                for (d, k), v in sorted(self.dept.items()) if any(v.values())],
               ("department_id", "period_key"), add=("participants", *_PERIOD_COUNTS))


def _dept_zeros() -> dict[str, float]:
    return {"participants": 0, **dict.fromkeys(_PERIOD_COUNTS, 0)}


def rebuild_dept_category(session: Session) -> None:
    """By each person's current department; run after transfers (roster import) too.
    Incremental updates by other PCs wait until this transaction ends."""
    lock_rollups(session)
    session.execute(delete(DeptCategory))
    rows = session.execute(
        select(Staff.department_id, PersonCategoryRollup.category,
               func.sum(PersonCategoryRollup.mastered),
               func.sum(PersonCategoryRollup.lessons_completed))
        .join(Staff, Staff.id == PersonCategoryRollup.staff_id)
        .where(Staff.department_id.is_not(None), Staff.active.is_(True))
        .group_by(Staff.department_id, PersonCategoryRollup.category)
    ).all()
    session.add_all(DeptCategory(department_id=d, category=c, mastered=int(m or 0),
                                 lessons_completed=int(n or 0)) for d, c, m, n in rows)


def rebuild_periods(session: Session) -> None:
    """Recompute the period roll-ups from answers, attempts and completions, replaying events
    in time order so that "first department in the period" matches the incremental path."""
    for table in (PersonPeriod, PersonQuizPeriodBest, DeptPeriod):
        session.execute(delete(table))
    session.flush()
    events: list[tuple] = []
    # answers (quiz and 復習) grouped by person, department and day in SQL (millions of rows
    # -> far fewer)
    for model in (Answer, ReviewAnswer):
        day = _day_expression(session, model)
        for staff_id, dept, _d, n, right, first_at in session.execute(
                select(model.staff_id, model.department_id, day.label("day"), func.count(),
                       func.sum(cast(model.correct, Integer)), func.min(model.answered_at))
                .group_by(model.staff_id, model.department_id, day)):
            events.append((first_at, 0, staff_id, dept, n, int(right or 0)))
    for staff_id, quiz_id, dept, score, at in session.execute(
            select(Attempt.staff_id, Attempt.quiz_id, Attempt.department_id, Attempt.score,
                   Attempt.finished_at)
            .where(Attempt.finished_at.is_not(None),
                   Attempt.purpose.is_(None))):  # course tests: participation only
        events.append((at, 1, staff_id, dept, quiz_id, score))
    seen: set[tuple[int, str, int]] = set()  # a completion per lesson version (要再受講 again)
    for staff_id, lesson_id, dept, at, version in sorted(session.execute(
            select(LessonCompletion.staff_id, LessonCompletion.lesson_id,
                   LessonCompletion.department_id, LessonCompletion.completed_at,
                   LessonCompletion.lesson_version)
            .join(ContentItem, (ContentItem.kind == "lesson")
                  & (ContentItem.content_id == LessonCompletion.lesson_id))).all(),
            key=lambda r: r[3]):
        if (staff_id, lesson_id, version) not in seen:
            seen.add((staff_id, lesson_id, version))
            events.append((at, 2, staff_id, dept, None, None))
    events.sort(key=lambda e: (e[0], e[1]))

    person: dict[tuple[int, str], list] = {}  # dept, answers, correct, best_sum, best_n, done
    depts: dict[tuple[int, str], list] = {}  # participants, answers, correct, best, n, done
    bests: dict[tuple[int, str, str], float] = {}

    def dept_row(dept: int | None, key: str) -> list | None:
        return None if dept is None else depts.setdefault((dept, key), [0, 0, 0, 0.0, 0, 0])

    for at, kind, staff_id, dept, a, b in events:
        for key in period_keys(at):
            entry = person.get((staff_id, key))
            if entry is None:
                entry = person[(staff_id, key)] = [dept, 0, 0, 0.0, 0, 0]
                first = dept_row(dept, key)
                if first is not None:
                    first[0] += 1
            if kind == 0:
                entry[1] += a
                entry[2] += b
                row = dept_row(dept, key)
                if row is not None:
                    row[1] += a
                    row[2] += b
                continue
            row = dept_row(entry[0], key)
            if kind == 1:
                old = bests.get((staff_id, a, key))
                if old is None or b > old:
                    gain = b - (old or 0.0)
                    entry[3] += gain
                    entry[4] += old is None
                    if row is not None:
                        row[3] += gain
                        row[4] += old is None
                    bests[(staff_id, a, key)] = b
            else:
                entry[5] += 1
                if row is not None:
                    row[5] += 1
    session.add_all(PersonQuizPeriodBest(staff_id=s, quiz_id=q, period_key=k, best_score=v)
                    for (s, q, k), v in bests.items())
    session.add_all(PersonPeriod(staff_id=s, period_key=k, department_id=v[0], answers=v[1],
                                 correct=v[2], best_sum=v[3], best_count=v[4], completions=v[5])
                    for (s, k), v in person.items())
    session.add_all(DeptPeriod(department_id=d, period_key=k, participants=v[0], answers=v[1],
                               correct=v[2], best_sum=v[3], best_count=v[4], completions=v[5])
                    for (d, k), v in depts.items())


def _day_expression(session: Session,  # noqa: ANN202
                    model: type[Answer] | type[ReviewAnswer]):
    if session.get_bind().dialect.name == "sqlite":
        return func.date(model.answered_at)
    return func.date_trunc("day", model.answered_at)
