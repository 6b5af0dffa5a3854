"""A course's 事前テスト and 事後テスト (issue 11), run by the quiz screen like a lesson quiz: the
same attempt and answer rows, resume, flags and finishing as TrainingService, with the attempt
marked by purpose ("pre" / "post"), course and form.

Which form is whose pre-test comes from domain.courses.forms_in_order (keyed by 職員番号). The
事前テスト is taken once, before the lessons (optional); the 事後テスト opens when every lesson of
the course is completed, may be retaken, and passing it completes the course and issues its
修了証 at once (services/certificates.py; the progress screen issues any still due, e.g. after a
要再受講 lesson is taken again).

Answers count for participation only (the period roll-ups' answer counts): never for mastery
(person_question_state, category roll-ups), Average score (quiz bests), item statistics or 復習."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dxtrainer.db.models import Attempt, Staff
from dxtrainer.domain import scoring
from dxtrainer.domain.content import Course, Quiz
from dxtrainer.domain.courses import Purpose, forms_in_order
from dxtrainer.services import course_progress, rollups
from dxtrainer.services.certificates import issue_certificate
from dxtrainer.services.course_progress import CourseProgress
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.records import AttemptView, CurrentUser, QuizResult
from dxtrainer.services.training import QuizNotFound, TrainingService


@dataclasses.dataclass(frozen=True)
class MyCourse:
    """A course assigned to the learner as 必修研修, for Home."""

    assignment_id: int
    deadline: date
    overdue: bool
    progress: CourseProgress


class CourseTestService(TrainingService):
    """TrainingService's quiz interface (start_or_resume, new_attempt, submit_answer, set_flag,
    finish_attempt, result) for course test forms; quiz ids are the forms' ids."""

    # ---- the learner's courses ---------------------------------------------------------------

    def progress(self, user: CurrentUser, course_id: str) -> CourseProgress:
        course = self._course(course_id)
        with self._sessions() as s:
            return course_progress.course_progress(s, user.staff_id, course,
                                                   self._counted(course))

    def my_courses(self, user: CurrentUser, assignments: list, today: date | None = None
                   ) -> list[MyCourse]:
        """The learner's courses among their assignments (AssignmentService.mine), soonest
        deadline first, one entry per course."""
        today = today or date.today()
        out: list[MyCourse] = []
        seen: set[str] = set()
        with self._sessions() as s:
            for item in sorted(assignments, key=lambda a: (a.deadline, a.id)):
                course = self.index.course(item.course_id) if item.course_id else None
                if course is None or course.id in seen:
                    continue
                seen.add(course.id)
                progress = course_progress.course_progress(s, user.staff_id, course,
                                                           self._counted(course))
                out.append(MyCourse(item.id, item.deadline,
                                    today > item.deadline and not progress.complete, progress))
        return out

    def start_pre_test(self, user: CurrentUser, course_id: str) -> AttemptView:
        """The person's 事前テスト (resumed when under way)."""
        return self.start_or_resume(user, self.progress(user, course_id).pre_test_id)

    def start_post_test(self, user: CurrentUser, course_id: str) -> AttemptView:
        """The person's 事後テスト (resumed when under way; refused until the lessons are done)."""
        return self.start_or_resume(user, self.progress(user, course_id).post_test_id)

    def _course(self, course_id: str | None) -> Course:
        course = self.index.course(course_id) if course_id else None
        if course is None:
            raise ServiceError("course-not-found")
        return course

    def _counted(self, course: Course) -> tuple[str, ...]:
        """The course's lessons that count (one with a bad field is left out until fixed)."""
        uncounted = {lesson.id for lesson in self.index.uncounted}
        return tuple(x for x in course.lesson_ids if x not in uncounted)

    def _purpose(self, s: Session, staff_id: int, quiz: Quiz) -> Purpose:
        course = self._course(quiz.course_id)
        staff_no = s.scalar(select(Staff.staff_no).where(Staff.id == staff_id)) or ""
        pre, post = forms_in_order(staff_no, course)
        if quiz.id == pre:
            return Purpose.PRE
        if quiz.id == post:
            return Purpose.POST
        raise QuizNotFound(quiz.id)

    # ---- TrainingService's hooks ---------------------------------------------------------------

    def _quiz(self, quiz_id: str) -> Quiz:
        quiz = self.index.course_test(quiz_id)
        if quiz is None or quiz.course_id is None or self.index.course(quiz.course_id) is None:
            raise QuizNotFound(quiz_id)
        return quiz

    def _new_attempt(self, s: Session, user: CurrentUser, quiz: Quiz) -> Attempt:
        purpose = self._purpose(s, user.staff_id, quiz)
        course = self._course(quiz.course_id)
        progress = course_progress.course_progress(s, user.staff_id, course,
                                                   self._counted(course))
        if purpose is Purpose.PRE and progress.pre_taken:
            raise ServiceError("course-pre-test-taken")
        if purpose is Purpose.POST and not progress.post_offered:
            raise ServiceError("course-post-test-not-open")
        attempt = super()._new_attempt(s, user, quiz)
        attempt.purpose = purpose.value
        attempt.course_id = course.id
        attempt.form = quiz.form
        s.flush()
        return attempt

    def _count_answer(self, s: Session, person: rollups.PersonRollups, attempt: Attempt,
                      quiz: Quiz, question_id: str, correct: bool, now: datetime,
                      department: int | None) -> None:
        # Participation only: the answer counts in the period roll-ups, nothing else.
        person.periods.answer(attempt.department_id, correct, now)

    def _finish(self, s: Session, person: rollups.PersonRollups, attempt: Attempt, quiz: Quiz,
                now: datetime, department: int | None) -> QuizResult:
        answered = self._answered(s, attempt.id)
        attempt.question_count = sum(1 for qid in attempt.question_order
                                     if qid in answered or quiz.question(qid) is not None)
        s.flush()  # correct_count was incremented in SQL: read back after the flush
        score = scoring.quiz_score(attempt.correct_count, attempt.question_count)
        attempt.finished_at = now
        attempt.score = score
        attempt.passed = scoring.passed(score, quiz.pass_mark)
        s.flush()
        result = self._stored_result(s, attempt, quiz)
        if result.course_completed:  # the 修了証, in the same transaction as the pass
            issue_certificate(s, attempt.staff_id, self._course(quiz.course_id), self._device_id,
                              now)
        return result

    def _stored_result(self, s: Session, attempt: Attempt, quiz: Quiz) -> QuizResult:
        course = self._course(quiz.course_id)
        complete = attempt.purpose == Purpose.POST.value and bool(attempt.passed) and (
            course_progress.course_progress(s, attempt.staff_id, course,
                                            self._counted(course)).complete)
        return QuizResult(attempt.id, quiz.id, "", attempt.correct_count,
                          attempt.question_count, attempt.score or 0.0, bool(attempt.passed),
                          quiz.pass_mark, False, attempt.purpose, course.id, complete)

    def _attempt_view(self, s: Session, attempt: Attempt, quiz: Quiz) -> AttemptView:
        view = super()._attempt_view(s, attempt, quiz)
        return dataclasses.replace(view, lesson_id="",
                                   lesson_title=self._course(quiz.course_id).title,
                                   purpose=attempt.purpose)
