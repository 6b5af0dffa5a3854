"""The learner's path: home, lessons, quizzes. Every answer is committed the moment it is given."""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
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
from dxtrainer.domain.content import ContentIndex, Lesson, Question, QuestionType, Quiz
from dxtrainer.domain.progress import completion_counts, lesson_completed, lesson_status
from dxtrainer.services import rollups, spaced_review, units
from dxtrainer.services.answer_journal import AnswerJournal, JournalEntry
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.content_sync import question_hash
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.failures import as_service_error
from dxtrainer.services.records import (
    AttemptView,
    Changes,
    ChoiceView,
    CurrentUser,
    Feedback,
    FinishResult,
    HomeView,
    LessonCard,
    LessonView,
    QuestionView,
    QuizResult,
    ReviewItem,
    ReviewResult,
    Role,
    SubmitResult,
    TocItem,
)

log = logging.getLogger(__name__)


def _connection_lost(exc: DBAPIError) -> bool:
    """The server went away (SQLAlchemy saw the connection drop) or cannot be reached."""
    return exc.connection_invalidated or as_service_error(exc).code == "database-connection-lost"


class QuizNotFound(LookupError):
    pass


class TrainingService:
    def __init__(self, sessions: sessionmaker[Session], content: ContentService,
                 device_id: str, rng: random.Random | None = None,
                 clock: Callable[[], datetime] = datetime.now,
                 journal: AnswerJournal | None = None) -> None:
        self._sessions = sessions
        self._content = content
        self._device_id = device_id
        self._rng = rng or random.SystemRandom()
        self._clock = clock  # tests replay answers at chosen moments
        # Answers kept on this PC while a shared server is unreachable (None: not kept).
        self._journal = journal
        self._attempt_quiz: dict[str, str] = {}  # attempts shown on this PC: their quiz

    @property
    def index(self) -> ContentIndex:
        return self._content.index

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
        return ReviewResult(_feedback(question, response, correct), due,
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
        readable = sorted([*self.index.lessons, *self.index.uncounted],
                          key=lambda x: (x.order, x.id))
        for lesson in readable:
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
            visit = _visit(s, self._device_id, user.staff_id, lesson_id, now)
            visit.last_opened_at = now
            done = self._is_completed(s, user.staff_id, lesson)
            # 要再受講: read again to the end of the new version (the old reading does not count)
            since = None if done else self._older_completion(s, user.staff_id, lesson)
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
            visit = _visit(s, self._device_id, user.staff_id, lesson_id, now)
            if visit.read_at is not None and (
                    self._is_completed(s, user.staff_id, lesson)
                    or not self._completed_before(s, user.staff_id, lesson.id)):
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

    def _is_completed(self, s: Session, staff_id: int, lesson: Lesson) -> bool:
        """Completed at the lesson's current version (or a later one)."""
        return s.scalar(select(LessonCompletion.id).where(
            LessonCompletion.staff_id == staff_id,
            LessonCompletion.lesson_id == lesson.id,
            LessonCompletion.lesson_version >= lesson.version).limit(1)) is not None

    def _completed_before(self, s: Session, staff_id: int, lesson_id: str) -> bool:
        """Completed some version of the lesson (with _is_completed false: 要再受講)."""
        return s.scalar(select(LessonCompletion.id).where(
            LessonCompletion.staff_id == staff_id,
            LessonCompletion.lesson_id == lesson_id).limit(1)) is not None

    def _older_completion(self, s: Session, staff_id: int, lesson: Lesson) -> datetime | None:
        """When the newest completion of an OLDER version of the lesson was recorded (要再受講
        when it is not completed now), or None."""
        return s.scalar(select(func.max(LessonCompletion.completed_at)).where(
            LessonCompletion.staff_id == staff_id, LessonCompletion.lesson_id == lesson.id,
            LessonCompletion.lesson_version < lesson.version))

    def _complete_if_due(self, s: Session, person: rollups.PersonRollups, lesson: Lesson,
                         now: datetime, department: int | None, *, read: bool = False,
                         passed: bool = False) -> bool:
        """Record the lesson's completion when it is now due (`read`: its end was reached in
        this unit of work; `passed`: its quiz was passed in this unit of work)."""
        staff_id = person.staff_id
        if self._is_completed(s, staff_id, lesson):
            return True
        quiz = self.index.quiz_for_lesson(lesson.id)
        # 要再受講: completing again asks what a first completion asks, all of it after the
        # completion of the older version (a reading or a pass from before does not count).
        since = self._older_completion(s, staff_id, lesson)
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
        s.add(LessonCompletion(id=str(uuid.uuid4()), device_id=self._device_id,
                               staff_id=staff_id, department_id=department, lesson_id=lesson.id,
                               lesson_version=lesson.version, lesson_revision=lesson.revision,
                               completed_at=now))
        person.lesson_completed(lesson.category.value, now, department, department)
        return True

    # ---- quizzes ----------------------------------------------------------------------------

    def start_or_resume(self, user: CurrentUser, quiz_id: str) -> AttemptView:
        """The open attempt at this quiz version if there is one, else a new attempt."""
        quiz = self._quiz(quiz_id)

        def work(s: Session) -> AttemptView:
            lock_person(s, user.staff_id)
            attempt = s.scalars(
                select(Attempt).where(Attempt.staff_id == user.staff_id,
                                      Attempt.quiz_id == quiz_id,
                                      Attempt.quiz_version == quiz.version,
                                      Attempt.finished_at.is_(None))
                .order_by(Attempt.started_at.desc()).limit(1)).first()
            if attempt is None:
                attempt = self._new_attempt(s, user, quiz)
            elif not self._unanswered(s, attempt, quiz) and self._answered(s, attempt.id):
                # Every question still in the quiz is answered (the rest broke after a content
                # reload): the attempt is scored on the questions it has.
                department = s.scalar(select(Staff.department_id)
                                      .where(Staff.id == user.staff_id))
                person = rollups.PersonRollups(s, user.staff_id)
                self._finish(s, person, attempt, quiz, self._clock(), department)
                person.apply()
            return self._attempt_view(s, attempt, quiz)

        return units.run(self._sessions, work)

    def new_attempt(self, user: CurrentUser, quiz_id: str) -> AttemptView:
        """A fresh attempt (retry); an unfinished one at the same quiz is left as it is."""
        quiz = self._quiz(quiz_id)

        def work(s: Session) -> AttemptView:
            lock_person(s, user.staff_id)
            return self._attempt_view(s, self._new_attempt(s, user, quiz), quiz)

        return units.run(self._sessions, work)

    def _new_attempt(self, s: Session, user: CurrentUser, quiz: Quiz) -> Attempt:
        order = [q.id for q in quiz.questions]
        choice_orders = {q.id: self._shown_order(q, quiz.shuffle) for q in quiz.questions}
        hashes = {q.id: question_hash(q) for q in quiz.questions}  # order: choice_orders
        staff = s.get(Staff, user.staff_id)
        attempt = Attempt(id=str(uuid.uuid4()), device_id=self._device_id,
                          staff_id=user.staff_id,
                          department_id=staff.department_id if staff else None,
                          quiz_id=quiz.id, quiz_version=quiz.version,
                          quiz_revision=quiz.revision, started_at=self._clock(),
                          finished_at=None, question_order=order, choice_orders=choice_orders,
                          question_hashes=hashes, correct_count=0, question_count=len(order),
                          score=None, passed=None)
        s.add(attempt)
        s.flush()
        return attempt

    def _shown_order(self, question: Question, shuffle: bool) -> list[str]:
        ids = [c.id for c in question.choices]
        if question.type is QuestionType.MATCHING:  # the answers offered, shuffled
            ids = list(question.options)
            self._rng.shuffle(ids)
        elif question.type is QuestionType.ORDERING:
            # Never show the steps already in the right order.
            while len(ids) > 1 and ids == list(question.correct_order):
                self._rng.shuffle(ids)
        elif shuffle:
            self._rng.shuffle(ids)
        return ids

    def _attempt_view(self, s: Session, attempt: Attempt, quiz: Quiz) -> AttemptView:
        self._attempt_quiz[attempt.id] = quiz.id  # answers may be kept on this PC offline
        questions = []
        for qid in attempt.question_order:
            q = quiz.question(qid)
            if q is None:
                continue
            texts = {c.id: c.text for c in q.choices}
            shown = attempt.choice_orders.get(qid, list(texts))
            options = ()
            if q.type is QuestionType.MATCHING:
                offered = [o for o in shown if o in q.options]
                options = tuple(offered + [o for o in q.options if o not in offered])
            questions.append(QuestionView(q.id, q.type, q.prompt,
                                          tuple(ChoiceView(c, texts[c]) for c in shown
                                                if c in texts),
                                          tuple(p.left for p in q.pairs), options))
        answers = s.scalars(select(Answer).where(Answer.attempt_id == attempt.id))
        feedback = {}
        for a in answers:
            q = quiz.question(a.question_id)
            if q is not None:
                feedback[q.id] = _feedback(q, a.response["value"], a.correct)
        lesson = self.index.lesson(quiz.lesson_id)
        missing = {qid for qid in attempt.question_order if quiz.question(qid) is None}
        skipped = len(missing - set(quiz.skipped)) + len(quiz.skipped)
        return AttemptView(attempt.id, quiz.id, quiz.lesson_id, lesson.title if lesson else "",
                           quiz.pass_mark, tuple(questions), feedback,
                           attempt.finished_at is not None, frozenset(attempt.flags or ()),
                           skipped=skipped)

    def set_flag(self, user: CurrentUser, attempt_id: str, question_id: str,
                 flagged: bool) -> frozenset[str]:
        """Flag a question of an open attempt to come back to (or clear the flag); returns the
        attempt's flags. The attempt is the person's own row, changed under their lock."""

        def work(s: Session) -> frozenset[str]:
            lock_person(s, user.staff_id)
            attempt = self._own_attempt(s, user, attempt_id)
            if question_id not in attempt.question_order:
                raise ValueError(f"question {question_id!r} is not in this attempt")
            flags = [q for q in attempt.question_order
                     if (q == question_id and flagged)
                     or (q != question_id and q in (attempt.flags or ()))]
            attempt.flags = flags
            return frozenset(flags)

        return units.run(self._sessions, work)

    def finish_attempt(self, user: CurrentUser, attempt_id: str) -> FinishResult:
        """Finish an attempt now: questions not answered score 0. Finishing twice changes
        nothing (the second call reports the stored result)."""
        now = self._clock()

        def work(s: Session) -> FinishResult:
            lock_person(s, user.staff_id)
            attempt = self._own_attempt(s, user, attempt_id)
            quiz = self._quiz(attempt.quiz_id)
            if attempt.finished_at is not None:
                return FinishResult(self._stored_result(s, attempt, quiz), frozenset())
            department = s.scalar(select(Staff.department_id).where(Staff.id == user.staff_id))
            person = rollups.PersonRollups(s, user.staff_id)
            result = self._finish(s, person, attempt, quiz, now, department)
            person.apply()
            return FinishResult(result, frozenset({Changes.PROGRESS, Changes.LESSONS}))

        return units.run(self._sessions, work)

    def _own_attempt(self, s: Session, user: CurrentUser, attempt_id: str) -> Attempt:
        attempt = s.get(Attempt, attempt_id)
        if attempt is None or attempt.staff_id != user.staff_id:
            raise PermissionError("attempt does not belong to the signed-in user")
        return attempt

    @staticmethod
    def _answered(s: Session, attempt_id: str) -> set[str]:
        return set(s.scalars(select(Answer.question_id).where(Answer.attempt_id == attempt_id)))

    def _unanswered(self, s: Session, attempt: Attempt, quiz: Quiz) -> list[str]:
        """Questions of the attempt still in the quiz and not yet answered."""
        answered = self._answered(s, attempt.id)
        return [qid for qid in attempt.question_order
                if qid not in answered and quiz.question(qid) is not None]

    def submit_answer(self, user: CurrentUser, attempt_id: str, question_id: str,
                      response: scoring.Response) -> SubmitResult:
        """Score and commit one answer with its roll-ups; finish the attempt after the last one.

        One unit of work under the person's lock, retried whole when the database is busy;
        a second submit of the same question (double click, resumed screen) changes nothing.
        """
        now = self._clock()
        answer_id = str(uuid.uuid4())  # the same in every retry, and in the journal
        if self._journal is not None and self.waiting_answers() and self.send_waiting():
            return self._keep(user, attempt_id, question_id, response, now, answer_id)
        try:
            return units.run(self._sessions, lambda s: self._submit(
                s, user, attempt_id, question_id, response, now, answer_id))
        except DBAPIError as exc:
            if self._journal is None or not _connection_lost(exc):
                raise
            log.warning("server unreachable: answer kept on this PC (%s)",
                        type(exc.orig).__name__)
            return self._keep(user, attempt_id, question_id, response, now, answer_id)

    def waiting_answers(self) -> int:
        """How many answers wait on this PC for the server."""
        return len(self._journal) if self._journal is not None else 0

    def send_waiting(self) -> int:
        """Send the answers kept on this PC, once and in order; returns how many still wait
        (the server went away again). An answer already stored is dropped."""
        if self._journal is None:
            return 0

        def deliver(entry: JournalEntry) -> None:
            user = CurrentUser(entry.staff_id, "", "", "", Role.LEARNER)
            try:
                units.run(self._sessions, lambda s: self._submit(
                    s, user, entry.attempt_id, entry.question_id, entry.response, entry.at(),
                    entry.id))
            except (ValueError, PermissionError, LookupError):  # can never be stored
                log.warning("dropped a kept answer that cannot be stored: %s", entry.id)

        try:
            self._journal.send(deliver)
        except DBAPIError as exc:
            if not _connection_lost(exc):
                raise
        return self.waiting_answers()

    def _keep(self, user: CurrentUser, attempt_id: str, question_id: str,
              response: scoring.Response, now: datetime, answer_id: str) -> SubmitResult:
        """The answer into this PC's journal (on disk when this returns), scored here."""
        assert self._journal is not None
        quiz_id = self._attempt_quiz.get(attempt_id)
        quiz = self.index.quiz(quiz_id) if quiz_id else None
        question = quiz.question(question_id) if quiz else None
        if question is None:
            raise ServiceError("database-connection-lost")
        self._journal.append(JournalEntry(answer_id, user.staff_id, attempt_id, question_id,
                                          response, now.isoformat()))
        correct = scoring.is_correct(question, response)
        return SubmitResult(_feedback(question, response, correct), None, frozenset(),
                            kept_on_pc=True)

    def _submit(self, s: Session, user: CurrentUser, attempt_id: str, question_id: str,
                response: scoring.Response, now: datetime, answer_id: str) -> SubmitResult:
        lock_person(s, user.staff_id)
        found = s.execute(select(Attempt, Staff.department_id)
                          .join(Staff, Staff.id == Attempt.staff_id)
                          .where(Attempt.id == attempt_id)).first()
        if found is None or found[0].staff_id != user.staff_id:
            raise PermissionError("attempt does not belong to the signed-in user")
        attempt, department = found
        quiz = self._quiz(attempt.quiz_id)
        question = quiz.question(question_id)
        if question is None or question_id not in attempt.question_order:
            raise ValueError(f"question {question_id!r} is not in this attempt")
        given = {q: (r, c) for q, r, c in s.execute(
            select(Answer.question_id, Answer.response, Answer.correct)
            .where(Answer.attempt_id == attempt_id))}
        if question_id in given:  # answered already (double click, resumed screen)
            stored, was_correct = given[question_id]
            return SubmitResult(_feedback(question, stored["value"], was_correct), None,
                                frozenset())
        if attempt.finished_at is not None:  # finished early from the summary page
            raise ValueError("the attempt is finished; its answers are closed")
        correct = scoring.is_correct(question, response)
        s.add(Answer(id=answer_id, device_id=self._device_id, attempt_id=attempt_id,
                     staff_id=user.staff_id, department_id=attempt.department_id,
                     quiz_id=quiz.id, question_id=question_id,
                     response={"value": response}, correct=correct, answered_at=now))
        person = rollups.PersonRollups(s, user.staff_id)
        self._count_answer(s, person, attempt, quiz, question_id, correct, now, department)
        # One SQL increment, not a Python read-modify-write (the row is also under the person's lock)
        attempt.correct_count = Attempt.correct_count + int(correct)
        s.flush()
        result = None
        answered = {*given, question_id}
        if not any(qid not in answered and quiz.question(qid) is not None
                   for qid in attempt.question_order):
            result = self._finish(s, person, attempt, quiz, now, department)
        person.apply()
        changes = {Changes.ANSWERS, Changes.PROGRESS}
        if result is not None:
            changes.add(Changes.LESSONS)
        return SubmitResult(_feedback(question, response, correct), result, frozenset(changes))

    def _count_answer(self, s: Session, person: rollups.PersonRollups, attempt: Attempt,
                      quiz: Quiz, question_id: str, correct: bool, now: datetime,
                      department: int | None) -> None:
        """A lesson quiz's answer in the roll-ups (mastery, participation) and in 復習.
        Course tests (course_tests.py) count for participation only."""
        lesson = self._lesson(quiz.lesson_id)
        person.answer(quiz.id, question_id, lesson.category.value, correct, now,
                      attempt.department_id, department)
        if spaced_review.schedules(quiz):  # wrong: back in today's 復習; right: later
            spaced_review.record_quiz_answer(s, self._device_id, attempt.staff_id, quiz.id,
                                             question_id, correct, now)

    def _finish(self, s: Session, person: rollups.PersonRollups, attempt: Attempt, quiz: Quiz,
                now: datetime, department: int | None) -> QuizResult:
        lesson = self._lesson(quiz.lesson_id)
        # A question that broke after the attempt began is not scored unless it was answered.
        answered = self._answered(s, attempt.id)
        attempt.question_count = sum(1 for qid in attempt.question_order
                                     if qid in answered or quiz.question(qid) is not None)
        score = scoring.quiz_score(attempt.correct_count, attempt.question_count)
        ok = scoring.passed(score, quiz.pass_mark)
        attempt.finished_at = now
        attempt.score = score
        attempt.passed = ok
        person.attempt_finished(quiz.id, score, ok, now, attempt.department_id)
        done = self._complete_if_due(s, person, lesson, now, department, passed=ok)
        return QuizResult(attempt.id, quiz.id, lesson.id, attempt.correct_count,
                          attempt.question_count, score, ok, quiz.pass_mark, done)

    def result(self, user: CurrentUser, attempt_id: str) -> QuizResult:
        if self.waiting_answers():  # answers kept on this PC first: they may finish it
            self.send_waiting()
        with self._sessions() as s:
            attempt = self._own_attempt(s, user, attempt_id)
            return self._stored_result(s, attempt, self._quiz(attempt.quiz_id))

    def _stored_result(self, s: Session, attempt: Attempt, quiz: Quiz) -> QuizResult:
        done = self._is_completed(s, attempt.staff_id, self._lesson(quiz.lesson_id))
        return QuizResult(attempt.id, quiz.id, quiz.lesson_id, attempt.correct_count,
                          attempt.question_count, attempt.score or 0.0, bool(attempt.passed),
                          quiz.pass_mark, done)

    # ---- helpers ----------------------------------------------------------------------------

    def _lesson(self, lesson_id: str) -> Lesson:
        lesson = self.index.lesson(lesson_id)
        if lesson is None:
            raise LookupError(f"no lesson {lesson_id!r}")
        return lesson

    def _quiz(self, quiz_id: str) -> Quiz:
        quiz = self.index.quiz(quiz_id)
        if quiz is None or self.index.lesson(quiz.lesson_id) is None:
            raise QuizNotFound(quiz_id)  # none, or its lesson has a bad field: not offered
        return quiz


def _visit(s: Session, device_id: str, staff_id: int, lesson_id: str, now: datetime
           ) -> LessonVisit:
    """The person's visit row for a lesson, made on first opening."""
    visit = s.get(LessonVisit, (staff_id, lesson_id))
    if visit is None:
        visit = LessonVisit(id=str(uuid.uuid4()), device_id=device_id, staff_id=staff_id,
                            lesson_id=lesson_id, first_opened_at=now,
                            last_opened_at=now, read_at=None)
        s.add(visit)
    return visit


def _feedback(question: Question, response: scoring.Response, correct: bool) -> Feedback:
    return Feedback(
        question.id, correct, response,
        question.correct_order if question.type is QuestionType.ORDERING
        else tuple(c.id for c in question.choices if c.correct),
        question.answer, question.explanation,
        {c.id: c.explanation for c in question.choices if c.explanation},
        question.accepted, question.numeric, question.pairs)
