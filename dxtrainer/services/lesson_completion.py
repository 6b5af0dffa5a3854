"""When a lesson counts as completed (read to the end, its quiz passed) and 要再受講 after a new
version, read from and recorded in the person's rows inside the caller's unit of work."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dxtrainer.db.models import Attempt, LessonCompletion, LessonVisit, PersonQuizBest
from dxtrainer.domain.content import Lesson, Quiz
from dxtrainer.domain.progress import lesson_completed
from dxtrainer.services import rollups


def visit(s: Session, device_id: str, staff_id: int, lesson_id: str, now: datetime
          ) -> LessonVisit:
    """The person's visit row for a lesson, made on first opening."""
    row = s.get(LessonVisit, (staff_id, lesson_id))
    if row is None:
        row = LessonVisit(id=str(uuid.uuid4()), device_id=device_id, staff_id=staff_id,
                          lesson_id=lesson_id, first_opened_at=now,
                          last_opened_at=now, read_at=None)
        s.add(row)
    return row


def is_completed(s: Session, staff_id: int, lesson: Lesson) -> bool:
    """Completed at the lesson's current version (or a later one)."""
    return s.scalar(select(LessonCompletion.id).where(
        LessonCompletion.staff_id == staff_id,
        LessonCompletion.lesson_id == lesson.id,
        LessonCompletion.lesson_version >= lesson.version).limit(1)) is not None


def completed_before(s: Session, staff_id: int, lesson_id: str) -> bool:
    """Completed some version of the lesson (with is_completed false: 要再受講)."""
    return s.scalar(select(LessonCompletion.id).where(
        LessonCompletion.staff_id == staff_id,
        LessonCompletion.lesson_id == lesson_id).limit(1)) is not None


def older_completion(s: Session, staff_id: int, lesson: Lesson) -> datetime | None:
    """When the newest completion of an OLDER version of the lesson was recorded (要再受講
    when it is not completed now), or None."""
    return s.scalar(select(func.max(LessonCompletion.completed_at)).where(
        LessonCompletion.staff_id == staff_id, LessonCompletion.lesson_id == lesson.id,
        LessonCompletion.lesson_version < lesson.version))


def complete_if_due(s: Session, person: rollups.PersonRollups, lesson: Lesson,
                    quiz: Quiz | None, device_id: str, now: datetime, department: int | None,
                    *, read: bool = False, passed: bool = False) -> bool:
    """Record the lesson's completion when it is now due (`quiz`: the lesson's quiz, if any;
    `read`: its end was reached in this unit of work; `passed`: its quiz was passed in this
    unit of work)."""
    staff_id = person.staff_id
    if is_completed(s, staff_id, lesson):
        return True
    # 要再受講: completing again asks what a first completion asks, all of it after the
    # completion of the older version (a reading or a pass from before does not count).
    since = older_completion(s, staff_id, lesson)
    if quiz is not None and not passed:
        if since is None:
            passed = bool(s.scalar(select(PersonQuizBest.passed).where(
                PersonQuizBest.staff_id == staff_id, PersonQuizBest.quiz_id == quiz.id)))
        else:
            passed = s.scalar(select(Attempt.id).where(
                Attempt.staff_id == staff_id, Attempt.quiz_id == quiz.id,
                Attempt.passed.is_(True), Attempt.finished_at > since).limit(1)) is not None
    if not read and (quiz is None or passed):
        read_at = s.scalar(select(LessonVisit.read_at).where(
            LessonVisit.staff_id == staff_id, LessonVisit.lesson_id == lesson.id))
        read = read_at is not None and (since is None or read_at > since)
    if not lesson_completed(read, quiz is not None, passed):
        return False
    s.add(LessonCompletion(id=str(uuid.uuid4()), device_id=device_id,
                           staff_id=staff_id, department_id=department, lesson_id=lesson.id,
                           lesson_version=lesson.version, lesson_revision=lesson.revision,
                           completed_at=now))
    person.lesson_completed(lesson.category.value, now, department, department)
    return True
