"""Dashboard figures restricted to one course (issue 11's course filter): completion and mastery
over the course's lessons and their quizzes, the average best score over those quizzes, and
participation (answers to the course's quizzes and its 事前・事後テスト, and its lessons completed)
and the answers' trend.

The department roll-ups are per category, not per lesson, so these are read from the per-person
rows of the course's lessons only (current completions, latest-answer states, per-period quiz
bests): a few rows per person. Participation reads the period's answers to the course's quizzes and
its lesson completions (range queries per period on their time). Same rules as the roll-ups: by each
active person's current department for completion and mastery, by the department of the
period's first activity for scores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from dxtrainer.db.models import (
    Answer,
    LessonCompletion,
    PersonPeriod,
    PersonQuestionState,
    PersonQuizPeriodBest,
    Staff,
)
from dxtrainer.domain.content import ContentIndex, Course, Lesson, Quiz
from dxtrainer.domain.periods import Period
from dxtrainer.services.content_sync import completion_is_current


@dataclass
class DeptCounts:
    """What DeptCategory holds, for one course's lessons only."""

    mastered: int = 0
    lessons_completed: int = 0


@dataclass
class Bests:
    """Quiz bests of one period: per department (sum, count) and per person (sum, count)."""

    departments: dict[int, list[float]] = field(default_factory=dict)
    people: dict[int, list[float]] = field(default_factory=dict)


def course_lessons(index: ContentIndex, course: Course) -> list[Lesson]:
    """The course's lessons that count (one with a bad field is left out until fixed)."""
    return [lesson for x in course.lesson_ids if (lesson := index.lesson(x)) is not None]


def course_quizzes(index: ContentIndex, course: Course) -> list[Quiz]:
    return [quiz for lesson in course_lessons(index, course)
            if (quiz := index.quiz_for_lesson(lesson.id)) is not None]


def dept_category(s: Session, index: ContentIndex,
                  course: Course) -> dict[int, dict[str, DeptCounts]]:
    """Per current department and category: mastered questions and completed lessons, counting
    the course's lessons and their quizzes only (active staff)."""
    lessons = {lesson.id: lesson.category.value for lesson in course_lessons(index, course)}
    quizzes = [quiz.id for quiz in course_quizzes(index, course)]
    out: dict[int, dict[str, DeptCounts]] = defaultdict(lambda: defaultdict(DeptCounts))
    if not lessons:
        return out
    active = (Staff.active.is_(True), Staff.department_id.is_not(None))
    for dept, lesson_id, people in s.execute(
            select(Staff.department_id, LessonCompletion.lesson_id,
                   func.count(func.distinct(LessonCompletion.staff_id)))
            .join(Staff, Staff.id == LessonCompletion.staff_id)
            .where(*active, LessonCompletion.lesson_id.in_(lessons), completion_is_current())
            .group_by(Staff.department_id, LessonCompletion.lesson_id)):
        if dept is not None:
            out[dept][lessons[lesson_id]].lessons_completed += int(people)
    if quizzes:
        for dept, category, right in s.execute(
                select(Staff.department_id, PersonQuestionState.category,
                       func.sum(cast(PersonQuestionState.correct, Integer)))
                .join(Staff, Staff.id == PersonQuestionState.staff_id)
                .where(*active, PersonQuestionState.quiz_id.in_(quizzes))
                .group_by(Staff.department_id, PersonQuestionState.category)):
            if dept is not None:
                out[dept][category].mastered += int(right or 0)
    return out


def period_bests(s: Session, index: ContentIndex, course: Course,
                 keys: Collection[str]) -> dict[str, Bests]:
    """Per period key: the course quizzes' bests by department and by person."""
    quizzes = [quiz.id for quiz in course_quizzes(index, course)]
    out: dict[str, Bests] = defaultdict(Bests)
    if not quizzes:
        return out
    for staff_id, key, dept, total, count in s.execute(
            select(PersonQuizPeriodBest.staff_id, PersonQuizPeriodBest.period_key,
                   PersonPeriod.department_id, func.sum(PersonQuizPeriodBest.best_score),
                   func.count())
            .join(PersonPeriod, (PersonPeriod.staff_id == PersonQuizPeriodBest.staff_id)
                  & (PersonPeriod.period_key == PersonQuizPeriodBest.period_key))
            .where(PersonQuizPeriodBest.quiz_id.in_(quizzes),
                   PersonQuizPeriodBest.period_key.in_(list(keys)))
            .group_by(PersonQuizPeriodBest.staff_id, PersonQuizPeriodBest.period_key,
                      PersonPeriod.department_id)):
        bests = out[key]
        bests.people[staff_id] = [float(total or 0.0), int(count)]
        if dept is not None:
            row = bests.departments.setdefault(dept, [0.0, 0])
            row[0] += float(total or 0.0)
            row[1] += int(count)
    return out


@dataclass
class Activity:
    """One period's activity in a course, as the period roll-ups count participation (an answer,
    or a lesson completed): per department, the people active (each once, in the department of
    their first activity in the period), and the answers to the course's quizzes."""

    participants: dict[int, int] = field(default_factory=dict)
    answers: dict[int, int] = field(default_factory=dict)


def period_activity(s: Session, index: ContentIndex, course: Course,
                    periods: Iterable[Period]) -> dict[str, Activity]:
    """Per period key: who answered the course's lesson quizzes or its 事前・事後テスト or
    completed one of its lessons, and how many answers, by the activity's department."""
    quizzes = [quiz.id for quiz in course_quizzes(index, course)] + list(course.test_ids)
    lessons = list(course.lesson_ids)
    out: dict[str, Activity] = {}
    for period in {p.key: p for p in periods}.values():
        activity = out[period.key] = Activity()
        start = datetime.combine(period.start, time())
        end = datetime.combine(period.end, time())
        answered = s.execute(
            select(Answer.staff_id, Answer.department_id, func.min(Answer.answered_at),
                   func.count())
            .where(Answer.answered_at >= start, Answer.answered_at < end,
                   Answer.quiz_id.in_(quizzes))
            .group_by(Answer.staff_id, Answer.department_id)).all()
        completed = s.execute(
            select(LessonCompletion.staff_id, LessonCompletion.department_id,
                   func.min(LessonCompletion.completed_at))
            .where(LessonCompletion.completed_at >= start, LessonCompletion.completed_at < end,
                   LessonCompletion.lesson_id.in_(lessons))
            .group_by(LessonCompletion.staff_id, LessonCompletion.department_id)).all()
        earliest: dict[int, tuple[datetime, int | None]] = {}
        for staff_id, dept, at, count in [*answered, *((*row, 0) for row in completed)]:
            if dept is not None and count:
                activity.answers[dept] = activity.answers.get(dept, 0) + int(count)
            if staff_id not in earliest or at < earliest[staff_id][0]:
                earliest[staff_id] = (at, dept)
        for _at, dept in earliest.values():
            if dept is not None:
                activity.participants[dept] = activity.participants.get(dept, 0) + 1
    return out
