"""Course progress (issue 11): which of a course's lessons a person has completed at their current
version, whether they took the 事前テスト and passed the 事後テスト, and whether the course is
complete. `course_completed` is the one rule every part calls (修了証, 研修アンケート, 督促, Home)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, cast, func, select
from sqlalchemy.orm import Session

from dxtrainer.db.models import Attempt, LessonCompletion, Staff
from dxtrainer.domain.content import Course
from dxtrainer.domain.courses import Purpose, course_complete, forms_in_order
from dxtrainer.services.content_sync import completion_is_current

_CHUNK = 900  # stay under SQLite's variable limit


def course_completed(session: Session, staff_id: int, course: Course) -> bool:
    """True when the person has completed every lesson of the course at its current version
    (a 要再受講 lesson does not count) and passed the course's 事後テスト."""
    done = completed_lessons(session, [staff_id], course.lesson_ids).get(staff_id, set())
    return course_complete(course, done, staff_id in post_passed(session, [staff_id], course.id))


def completed_people(session: Session, staff_ids: Collection[int], course: Course,
                     lesson_ids: Iterable[str] | None = None) -> set[int]:
    """The people among `staff_ids` who completed the course (`lesson_ids`: the lessons that
    count, when some of the course's lessons are left out of statistics for a bad field)."""
    required = tuple(course.lesson_ids if lesson_ids is None else lesson_ids)
    done = completed_lessons(session, staff_ids, required)
    passed = post_passed(session, staff_ids, course.id)
    return {sid for sid in staff_ids
            if sid in passed and all(x in done.get(sid, ()) for x in required)}


def completed_lessons(session: Session, staff_ids: Collection[int],
                      lesson_ids: Iterable[str]) -> dict[int, set[str]]:
    """Per person, which of `lesson_ids` they completed at the lesson's current version."""
    lessons = list(lesson_ids)
    ids = list(staff_ids)
    done: dict[int, set[str]] = defaultdict(set)
    if not lessons:
        return done
    for chunk in range(0, len(ids), _CHUNK):
        for sid, lesson in session.execute(
                select(LessonCompletion.staff_id, LessonCompletion.lesson_id)
                .where(LessonCompletion.staff_id.in_(ids[chunk:chunk + _CHUNK]),
                       LessonCompletion.lesson_id.in_(lessons), completion_is_current())
                .group_by(LessonCompletion.staff_id, LessonCompletion.lesson_id)):
            done[sid].add(lesson)
    return done


def count_complete(session: Session, targets: Select[Any], required: Sequence[str],
                   course_id: str | None) -> tuple[int, int]:
    """(how many people `targets` selects, how many of them completed every `required` lesson at
    its current version and, for a course, passed its 事後テスト), counted by the database: a
    必修研修 for 10,000 people needs no id list in Python."""
    people = targets.subquery()
    total = session.scalar(select(func.count()).select_from(people)) or 0
    query = select(func.count()).select_from(people)
    if required:
        query = query.where(people.c.id.in_(
            select(LessonCompletion.staff_id)
            .where(LessonCompletion.staff_id.in_(select(people.c.id)),
                   LessonCompletion.lesson_id.in_(list(required)), completion_is_current())
            .group_by(LessonCompletion.staff_id)
            .having(func.count(func.distinct(LessonCompletion.lesson_id)) >= len(required))))
    if course_id is not None:
        query = query.where(people.c.id.in_(
            select(Attempt.staff_id).where(
                Attempt.course_id == course_id, Attempt.purpose == Purpose.POST.value,
                Attempt.finished_at.is_not(None), Attempt.passed.is_(True))))
    return total, session.scalar(query) or 0


def post_passed(session: Session, staff_ids: Collection[int], course_id: str) -> set[int]:
    """The people among `staff_ids` who passed the course's 事後テスト (any attempt)."""
    return _with_attempt(session, staff_ids, course_id, Purpose.POST, passed_only=True)


def pre_taken(session: Session, staff_ids: Collection[int], course_id: str) -> set[int]:
    """The people among `staff_ids` who finished the course's 事前テスト."""
    return _with_attempt(session, staff_ids, course_id, Purpose.PRE, passed_only=False)


def _with_attempt(session: Session, staff_ids: Collection[int], course_id: str,
                  purpose: Purpose, *, passed_only: bool) -> set[int]:
    ids = list(staff_ids)
    out: set[int] = set()
    for chunk in range(0, len(ids), _CHUNK):
        query = (select(Attempt.staff_id).distinct()
                 .where(Attempt.staff_id.in_(ids[chunk:chunk + _CHUNK]),
                        Attempt.course_id == course_id, Attempt.purpose == purpose.value,
                        Attempt.finished_at.is_not(None)))
        if passed_only:
            query = query.where(Attempt.passed.is_(True))
        out.update(session.scalars(query))
    return out


@dataclass(frozen=True)
class CourseProgress:
    """One person's place in one course, for Home."""

    course_id: str
    title: str
    lesson_ids: tuple[str, ...]  # in course order
    completed: frozenset[str]  # lessons completed at their current version
    pre_test_id: str  # this person's 事前テスト form (quiz id)
    post_test_id: str  # the other form: their 事後テスト
    pre_score: float | None  # the finished 事前テスト's score (None: not taken)
    pre_open: bool  # a 事前テスト attempt is under way
    post_best: float | None  # best finished 事後テスト score
    post_passed: bool
    post_started: bool  # any 事後テスト attempt, finished or not

    @property
    def lessons_done(self) -> int:
        return sum(1 for x in self.lesson_ids if x in self.completed)

    @property
    def lessons_complete(self) -> bool:
        return self.lessons_done >= len(self.lesson_ids)

    @property
    def complete(self) -> bool:
        return self.lessons_complete and self.post_passed

    @property
    def pre_taken(self) -> bool:
        return self.pre_score is not None

    @property
    def pre_offered(self) -> bool:
        """The 事前テスト is offered at the start: until it is taken, the lessons are all done
        or the 事後テスト has begun (it is optional; skipping it only loses the learning gain)."""
        return not self.pre_taken and not self.lessons_complete and not self.post_started

    @property
    def post_offered(self) -> bool:
        """The 事後テスト opens once every lesson is completed, and may be retaken."""
        return self.lessons_complete


def course_progress(session: Session, staff_id: int, course: Course,
                    lesson_ids: Iterable[str] | None = None) -> CourseProgress:
    """The person's progress in the course (`lesson_ids`: the lessons that count)."""
    required = tuple(course.lesson_ids if lesson_ids is None else lesson_ids)
    staff_no = session.scalar(select(Staff.staff_no).where(Staff.id == staff_id)) or ""
    pre_id, post_id = forms_in_order(staff_no, course)
    done = completed_lessons(session, [staff_id], required).get(staff_id, set())
    rows = session.execute(
        select(Attempt.purpose, Attempt.finished_at.is_not(None), func.max(Attempt.score),
               func.max(cast(Attempt.passed, Integer)), func.count())
        .where(Attempt.staff_id == staff_id, Attempt.course_id == course.id,
               Attempt.purpose.is_not(None))
        .group_by(Attempt.purpose, Attempt.finished_at.is_not(None))).all()
    pre_score = post_best = None
    pre_open = post_started = passed = False
    for purpose, finished, score, any_passed, _n in rows:
        if purpose == Purpose.PRE.value:
            if finished:
                pre_score = score
            else:
                pre_open = True
        elif purpose == Purpose.POST.value:
            post_started = True
            if finished:
                post_best = score
                passed = bool(any_passed)
    return CourseProgress(course.id, course.title, required, frozenset(done), pre_id, post_id,
                          pre_score, pre_open, post_best, passed, post_started)
