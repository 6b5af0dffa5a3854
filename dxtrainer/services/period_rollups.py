"""Roll-ups that dashboards read: per person and department, per period (month, quarter, 年度),
and per department and category. Kept in the same transaction as each answer; `rebuild_periods`
recomputes them from the raw rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, cast, delete, func, select
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
    Staff,
)
from dxtrainer.domain.periods import period_keys


def _dept_period(session: Session, department_id: int | None, key: str) -> DeptPeriod | None:
    if department_id is None:
        return None
    row = session.get(DeptPeriod, (department_id, key))
    if row is None:
        row = DeptPeriod(department_id=department_id, period_key=key, participants=0, answers=0,
                         correct=0, best_sum=0.0, best_count=0, completions=0)
        session.add(row)
    return row


def _person_period(session: Session, staff_id: int, key: str,
                   department_id: int | None) -> PersonPeriod:
    row = session.get(PersonPeriod, (staff_id, key))
    if row is None:
        row = PersonPeriod(staff_id=staff_id, period_key=key, department_id=department_id,
                           answers=0, correct=0, best_sum=0.0, best_count=0, completions=0)
        session.add(row)
        dept = _dept_period(session, department_id, key)
        if dept is not None:
            dept.participants += 1
    return row


def _dept_category(session: Session, department_id: int, category: str) -> DeptCategory:
    row = session.get(DeptCategory, (department_id, category))
    if row is None:
        row = DeptCategory(department_id=department_id, category=category, mastered=0,
                           lessons_completed=0)
        session.add(row)
    return row


def on_answer(session: Session, staff_id: int, department_id: int | None, correct: bool,
              at: datetime) -> None:
    for key in period_keys(at):
        person = _person_period(session, staff_id, key, department_id)
        person.answers += 1
        person.correct += int(correct)
        dept = _dept_period(session, department_id, key)  # the answer's own department
        if dept is not None:
            dept.answers += 1
            dept.correct += int(correct)


def on_mastery_change(session: Session, current_department_id: int | None, category: str,
                      delta: int) -> None:
    if current_department_id is not None and delta:
        _dept_category(session, current_department_id, category).mastered += delta


def on_attempt_finished(session: Session, staff_id: int, quiz_id: str, department_id: int | None,
                        score: float, at: datetime) -> None:
    for key in period_keys(at):
        person = _person_period(session, staff_id, key, department_id)
        best = session.get(PersonQuizPeriodBest, (staff_id, quiz_id, key))
        dept = _dept_period(session, person.department_id, key)
        if best is None:
            session.add(PersonQuizPeriodBest(staff_id=staff_id, quiz_id=quiz_id, period_key=key,
                                             best_score=score))
            person.best_sum += score
            person.best_count += 1
            if dept is not None:
                dept.best_sum += score
                dept.best_count += 1
        elif score > best.best_score:
            person.best_sum += score - best.best_score
            if dept is not None:
                dept.best_sum += score - best.best_score
            best.best_score = score


def on_lesson_completed(session: Session, staff_id: int, department_id: int | None,
                        current_department_id: int | None, category: str, at: datetime) -> None:
    for key in period_keys(at):
        person = _person_period(session, staff_id, key, department_id)
        person.completions += 1
        dept = _dept_period(session, person.department_id, key)
        if dept is not None:
            dept.completions += 1
    if current_department_id is not None:
        _dept_category(session, current_department_id, category).lessons_completed += 1


def rebuild_dept_category(session: Session) -> None:
    """By each person's current department; run after transfers (roster import) too."""
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
    day = _day_expression(session)
    events: list[tuple] = []
    # answers grouped by person, department and day in SQL (millions of rows -> far fewer)
    for staff_id, dept, _d, n, right, first_at in session.execute(
            select(Answer.staff_id, Answer.department_id, day.label("day"), func.count(),
                   func.sum(cast(Answer.correct, Integer)), func.min(Answer.answered_at))
            .group_by(Answer.staff_id, Answer.department_id, day)):
        events.append((first_at, 0, staff_id, dept, n, int(right or 0)))
    for staff_id, quiz_id, dept, score, at in session.execute(
            select(Attempt.staff_id, Attempt.quiz_id, Attempt.department_id, Attempt.score,
                   Attempt.finished_at).where(Attempt.finished_at.is_not(None))):
        events.append((at, 1, staff_id, dept, quiz_id, score))
    seen: set[tuple[int, str]] = set()
    for staff_id, lesson_id, dept, at in sorted(session.execute(
            select(LessonCompletion.staff_id, LessonCompletion.lesson_id,
                   LessonCompletion.department_id, LessonCompletion.completed_at)
            .join(ContentItem, (ContentItem.kind == "lesson")
                  & (ContentItem.content_id == LessonCompletion.lesson_id))).all(),
            key=lambda r: r[3]):
        if (staff_id, lesson_id) not in seen:
            seen.add((staff_id, lesson_id))
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


def _day_expression(session: Session):  # noqa: ANN202
    if session.get_bind().dialect.name == "sqlite":
        return func.date(Answer.answered_at)
    return func.date_trunc("day", Answer.answered_at)
