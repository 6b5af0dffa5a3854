"""The learner's path: home, lessons, quizzes. Every answer is committed the moment it is given.

Home, lessons and 復習 are in lesson_reading.py (a mixin of TrainingService), the rules of lesson
completion in lesson_completion.py, what the quiz screen shows of a question in quiz_views.py."""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Answer, Attempt, Staff
from dxtrainer.db.transactions import lock_person
from dxtrainer.domain import scoring
from dxtrainer.domain.content import Quiz
from dxtrainer.services import lesson_completion, rollups, spaced_review, units
from dxtrainer.services.answer_journal import AnswerJournal, JournalEntry
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.content_sync import question_hash
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.failures import as_service_error
from dxtrainer.services.lesson_reading import LessonReading
from dxtrainer.services.quiz_views import feedback, question_views, shown_order
from dxtrainer.services.records import (
    AttemptView,
    Changes,
    CurrentUser,
    FinishResult,
    QuizResult,
    Role,
    SubmitResult,
)

log = logging.getLogger(__name__)


def _connection_lost(exc: DBAPIError) -> bool:
    """The server went away (SQLAlchemy saw the connection drop) or cannot be reached."""
    return exc.connection_invalidated or as_service_error(exc).code == "database-connection-lost"


class QuizNotFound(LookupError):
    pass


class TrainingService(LessonReading):
    """Quiz attempts (start, resume, flag, finish) and answers, scored and committed one by one;
    kept in this PC's journal while a shared server cannot be reached. course_tests.py runs
    course tests through the same methods by overriding the hooks (_quiz, _new_attempt,
    _count_answer, _finish, _stored_result, _attempt_view)."""

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

    # ---- quizzes ----------------------------------------------------------------------------

    def _quiz(self, quiz_id: str) -> Quiz:
        quiz = self.index.quiz(quiz_id)
        if quiz is None or self.index.lesson(quiz.lesson_id) is None:
            raise QuizNotFound(quiz_id)  # none, or its lesson has a bad field: not offered
        return quiz

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
        choice_orders = {q.id: shown_order(q, quiz.shuffle, self._rng) for q in quiz.questions}
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

    def _attempt_view(self, s: Session, attempt: Attempt, quiz: Quiz) -> AttemptView:
        self._attempt_quiz[attempt.id] = quiz.id  # answers may be kept on this PC offline
        questions = question_views(quiz, attempt.question_order, attempt.choice_orders)
        given = {}
        for a in s.scalars(select(Answer).where(Answer.attempt_id == attempt.id)):
            q = quiz.question(a.question_id)
            if q is not None:
                given[q.id] = feedback(q, a.response["value"], a.correct)
        lesson = self.index.lesson(quiz.lesson_id)
        missing = {qid for qid in attempt.question_order if quiz.question(qid) is None}
        skipped = len(missing - set(quiz.skipped)) + len(quiz.skipped)
        return AttemptView(attempt.id, quiz.id, quiz.lesson_id, lesson.title if lesson else "",
                           quiz.pass_mark, questions, given,
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
        return SubmitResult(feedback(question, response, correct), None, frozenset(),
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
            return SubmitResult(feedback(question, stored["value"], was_correct), None,
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
        return SubmitResult(feedback(question, response, correct), result, frozenset(changes))

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
        done = lesson_completion.is_completed(s, attempt.staff_id,
                                            self._lesson(quiz.lesson_id))
        return QuizResult(attempt.id, quiz.id, quiz.lesson_id, attempt.correct_count,
                          attempt.question_count, attempt.score or 0.0, bool(attempt.passed),
                          quiz.pass_mark, done)
