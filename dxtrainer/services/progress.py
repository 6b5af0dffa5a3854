"""The learner's own progress (completion and mastery per category, attempt history)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Attempt, PersonCategoryRollup
from dxtrainer.domain.content import CATEGORY_ORDER, ContentIndex
from dxtrainer.services import rollups, units
from dxtrainer.services.records import AttemptRow, CategoryProgress, CurrentUser, ProgressView


class ProgressService:
    def __init__(self, sessions: sessionmaker[Session], index_source) -> None:  # noqa: ANN001
        self._sessions = sessions
        self._index_source = index_source  # a callable returning the current ContentIndex

    @property
    def index(self) -> ContentIndex:
        return self._index_source()

    def my_progress(self, user: CurrentUser) -> ProgressView:
        index = self.index
        lessons = Counter(lesson.category for lesson in index.lessons)
        questions: Counter = Counter()
        for quiz in index.quizzes:
            lesson = index.lesson(quiz.lesson_id)
            if lesson is not None:
                questions[lesson.category] += len(quiz.questions)
        titles: dict[str, str] = {}
        for q in index.quizzes:
            quiz_lesson = index.lesson(q.lesson_id)
            titles[q.id] = quiz_lesson.title if quiz_lesson else q.id
        with self._sessions() as s:
            rows = {r.category: r for r in s.scalars(
                select(PersonCategoryRollup).where(PersonCategoryRollup.staff_id == user.staff_id))}
            # lesson quizzes only: course tests show on Home with their course
            attempts = s.scalars(select(Attempt).where(Attempt.staff_id == user.staff_id,
                                                       Attempt.purpose.is_(None))
                                 .order_by(Attempt.started_at.desc())).all()
            history = tuple(
                AttemptRow(a.id, a.quiz_id, titles.get(a.quiz_id, a.quiz_id), a.started_at,
                           a.finished_at, a.correct_count, a.question_count, a.score, a.passed)
                for a in attempts)
        categories = []
        for cat in CATEGORY_ORDER:
            row = rows.get(cat.value)
            categories.append(CategoryProgress(
                cat, min(row.lessons_completed, lessons[cat]) if row else 0, lessons[cat],
                min(row.mastered, questions[cat]) if row else 0, questions[cat]))
        return ProgressView(tuple(categories), history)

    def rebuild_rollups(self) -> None:
        units.run(self._sessions, rollups.rebuild)
