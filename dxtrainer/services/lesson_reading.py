"""The learner's Home, lessons and 今日の復習: the part of TrainingService (training.py) that
is not a quiz attempt. A mixin: TrainingService gives it its sessions, content and clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import (
    Answer,
    Attempt,
    LessonCompletion,
    LessonVisit,
    PersonQuizBest,
    Staff,
)
from dxtrainer.db.transactions import lock_person
from dxtrainer.domain import scoring
from dxtrainer.domain.content import ContentIndex, Lesson, Quiz
from dxtrainer.domain.progress import completion_counts, lesson_status
from dxtrainer.services import lesson_completion, rollups, spaced_review, units
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.quiz_views import feedback
from dxtrainer.services.records import (
    Changes,
    CurrentUser,
    HomeView,
    LessonCard,
    LessonView,
    ReviewItem,
    ReviewResult,
    TocItem,
)


class LessonReading:
    """Home, reading lessons (completing those with no quiz pending) and answering in 復習."""

    _sessions: sessionmaker[Session]
    _content: ContentService
    _device_id: str
    _clock: Callable[[], datetime]

    @property
    def index(self) -> ContentIndex:
        return self._content.index

    def _quiz(self, quiz_id: str) -> Quiz:
        """The quiz a learner may take (TrainingService's hook)."""
        raise NotImplementedError

    def _lesson(self, lesson_id: str) -> Lesson:
        lesson = self.index.lesson(lesson_id)
        if lesson is None:
            raise LookupError(f"no lesson {lesson_id!r}")
        return lesson

    # ---- home -------------------------------------------------------------------------------

    def home(self, user: CurrentUser) -> HomeView:
        with self._sessions() as s:
            cards = self._cards(s, user.staff_id)
        counted = [c for c in cards if c.counted]
        done = sum(1 for c in counted if c.status == "completed")
        nxt = next((c for c in cards if c.quiz_in_progress), None) or next(
            (c for c in cards if c.status in ("in-progress", "needs-retake")), None) or next(
            (c for c in cards if c.status == "not-started"), None)
        started = any(c.status != "not-started" or c.quiz_answered for c in cards)
        retake = sum(1 for c in counted if c.status == "needs-retake")
        return HomeView(user.name, tuple(cards), done, len(counted), nxt,
                        review_count=len(self.review_items(user)), started=started,
                        needs_retake=retake)

    def review_items(self, user: CurrentUser, now: datetime | None = None) -> list[ReviewItem]:
        """今日の復習: the questions due for spaced review by the end of today, each with what
        the learner answered last time, in course order."""
        now = now or self._clock()
        order = {lesson.id: i for i, lesson in enumerate(self.index.lessons)}
        with self._sessions() as s:
            due = spaced_review.due_keys(s, user.staff_id, now)
            last = spaced_review.last_answers(s, user.staff_id, set(due))
        items = []
        for (quiz_id, question_id), at in due.items():
            quiz = self.index.quiz(quiz_id)
            question = quiz.question(question_id) if quiz else None
            lesson = self.index.lesson(quiz.lesson_id) if quiz else None
            if quiz is not None and question is not None and lesson is not None:
                response, correct = last.get((quiz_id, question_id), (None, False))
                items.append(ReviewItem(quiz.id, lesson.id, lesson.title, question, at,
                                        response, correct, at))
        position = {(q.id, x.id): i for q in self.index.quizzes
                    for i, x in enumerate(q.questions)}
        return sorted(items, key=lambda r: (order.get(r.lesson_id, 0),
                                            position.get((r.quiz_id, r.question.id), 0)))

    def answer_review(self, user: CurrentUser, quiz_id: str, question_id: str,
                      response: scoring.Response) -> ReviewResult:
        """Answer a question again in 復習: scheduled later when right, sooner when wrong.
        Counts for mastery and participation (the roll-ups' answer path), not for scores."""
        quiz = self._quiz(quiz_id)
        question = quiz.question(question_id)
        if question is None:
            raise ValueError(f"question {question_id!r} is not in quiz {quiz_id!r}")
        lesson = self._lesson(quiz.lesson_id)
        correct = scoring.is_correct(question, response)
        now = self._clock()

        def work(s: Session) -> datetime:
            lock_person(s, user.staff_id)
            department = s.scalar(select(Staff.department_id).where(Staff.id == user.staff_id))
            due = spaced_review.record(s, self._device_id, user.staff_id, department, quiz_id,
                                       question_id, response, correct, now)
            person = rollups.PersonRollups(s, user.staff_id)
            person.answer(quiz_id, question_id, lesson.category.value, correct, now,
                          department, department)
            person.apply()
            return due

        due = units.run(self._sessions, work)
        return ReviewResult(feedback(question, response, correct), due,
                            frozenset({Changes.ANSWERS, Changes.PROGRESS}))

    def _cards(self, s: Session, staff_id: int) -> list[LessonCard]:
        visits = {v.lesson_id: v for v in s.scalars(
            select(LessonVisit).where(LessonVisit.staff_id == staff_id))}
        newest: dict[str, int] = {lesson_id: version for lesson_id, version in s.execute(
            select(LessonCompletion.lesson_id, func.max(LessonCompletion.lesson_version))
            .where(LessonCompletion.staff_id == staff_id)
            .group_by(LessonCompletion.lesson_id))}
        best = {b.quiz_id: b.best_score for b in s.scalars(
            select(PersonQuizBest).where(PersonQuizBest.staff_id == staff_id))}
        progress = self._open_attempts(s, staff_id)
        cards = []
        counted = {lesson.id for lesson in self.index.lessons}
        for lesson in self._readable():
            quiz = self.index.quiz_for_lesson(lesson.id) if lesson.id in counted else None
            done = completion_counts(newest.get(lesson.id), lesson.version)
            status = lesson_status(lesson.id in visits, done, lesson.id in newest and not done)
            answered, total = progress.get(quiz.id, (0, 0)) if quiz else (0, 0)
            cards.append(LessonCard(lesson.id, lesson.title, lesson.category, lesson.minutes,
                                    status, best.get(quiz.id) if quiz else None, quiz is not None,
                                    lesson.order, quiz.id if quiz else None, answered, total,
                                    lesson.id in counted))
        return cards

    def _open_attempts(self, s: Session, staff_id: int) -> dict[str, tuple[int, int]]:
        """For each quiz with an unfinished attempt at its current version: (answered,
        questions) of the latest such attempt, counting as start_or_resume would resume it."""
        attempts = s.scalars(select(Attempt).where(Attempt.staff_id == staff_id,
                                                   Attempt.finished_at.is_(None))
                             .order_by(Attempt.started_at)).all()
        latest: dict[str, Attempt] = {}
        for attempt in attempts:
            quiz = self.index.quiz(attempt.quiz_id)
            if quiz is not None and attempt.quiz_version == quiz.version:
                latest[quiz.id] = attempt
        if not latest:
            return {}
        answered: dict[str, set[str]] = {}
        for attempt_id, question_id in s.execute(
                select(Answer.attempt_id, Answer.question_id)
                .where(Answer.attempt_id.in_([a.id for a in latest.values()]))):
            answered.setdefault(attempt_id, set()).add(question_id)
        out = {}
        for quiz_id, attempt in latest.items():
            quiz = self.index.quiz(quiz_id)
            done = answered.get(attempt.id, set())
            total = sum(1 for qid in attempt.question_order
                        if qid in done or (quiz and quiz.question(qid) is not None))
            out[quiz_id] = (len(done), total)
        return out

    # ---- lessons ----------------------------------------------------------------------------

    def _readable(self) -> list[Lesson]:
        """Every lesson a learner may read, in course order (uncounted ones included)."""
        return sorted([*self.index.lessons, *self.index.uncounted],
                      key=lambda x: (x.order, x.id))

    def open_lesson(self, user: CurrentUser, lesson_id: str) -> LessonView:
        lesson = self.index.readable_lesson(lesson_id)
        if lesson is None:
            raise LookupError(f"no lesson {lesson_id!r}")
        counted = self.index.lesson(lesson_id) is not None
        now = self._clock()

        def work(s: Session) -> tuple[bool, bool]:
            lock_person(s, user.staff_id)
            visit = lesson_completion.visit(s, self._device_id, user.staff_id, lesson_id, now)
            visit.last_opened_at = now
            done = lesson_completion.is_completed(s, user.staff_id, lesson)
            # 要再受講: read again to the end of the new version (the old reading does not count)
            since = None if done else lesson_completion.older_completion(s, user.staff_id, lesson)
            return done, visit.read_at is not None and (since is None or visit.read_at > since)

        done, read = units.run(self._sessions, work)
        rendered = self._content.rendered(lesson_id)
        lessons = self._readable()
        pos = [x.id for x in lessons].index(lesson_id)
        # The quiz of a lesson with a bad field waits until it is fixed (it would count).
        quiz = self.index.quiz_for_lesson(lesson_id) if counted else None
        return LessonView(
            lesson.id, lesson.title, lesson.category, lesson.minutes, lesson.objectives,
            rendered.html, tuple(TocItem(t.anchor, t.title, t.level) for t in rendered.toc),
            lessons[pos - 1].id if pos > 0 else None,
            lessons[pos + 1].id if pos + 1 < len(lessons) else None,
            quiz.id if quiz else None, read, done, pos + 1, len(lessons),
            lesson.checked, counted)

    def mark_read(self, user: CurrentUser, lesson_id: str) -> frozenset[Changes]:
        """The learner reached the end of the lesson. Completes it when no quiz is pending
        (a lesson with a bad field is only marked read: it counts nowhere until fixed)."""
        lesson = self.index.readable_lesson(lesson_id)
        if lesson is None:
            raise LookupError(f"no lesson {lesson_id!r}")
        counted = self.index.lesson(lesson_id) is not None
        now = self._clock()

        def work(s: Session) -> bool:
            lock_person(s, user.staff_id)
            visit = lesson_completion.visit(s, self._device_id, user.staff_id, lesson_id, now)
            if visit.read_at is not None and (
                    lesson_completion.is_completed(s, user.staff_id, lesson)
                    or not lesson_completion.completed_before(s, user.staff_id, lesson.id)):
                return False
            visit.read_at = now
            if not counted:
                return True
            department = s.scalar(select(Staff.department_id).where(Staff.id == user.staff_id))
            person = rollups.PersonRollups(s, user.staff_id)
            self._complete_if_due(s, person, lesson, now, department, read=True)
            person.apply()
            return True

        changed = units.run(self._sessions, work)
        return frozenset({Changes.LESSONS, Changes.PROGRESS}) if changed else frozenset()

    def _complete_if_due(self, s: Session, person: rollups.PersonRollups, lesson: Lesson,
                         now: datetime, department: int | None, *, read: bool = False,
                         passed: bool = False) -> bool:
        """lesson_completion.complete_if_due with the lesson's quiz and this PC's device id."""
        return lesson_completion.complete_if_due(
            s, person, lesson, self.index.quiz_for_lesson(lesson.id), self._device_id, now,
            department, read=read, passed=passed)
