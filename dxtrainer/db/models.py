"""Typed SQLAlchemy 2 models. Content lives in files; these rows refer to it by id and version."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Meta(Base):
    """Key/value facts about this database (device id, demo flag, settings)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(1000))


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(default=True)
    level: Mapped[int] = mapped_column(default=2, server_default="2")  # 1 部, 2 課, 3 係
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]  # the day it stopped existing (renamed, merged, abolished)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kana: Mapped[str] = mapped_column(String(200), default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    role: Mapped[str] = mapped_column(String(16), default="learner")
    active: Mapped[bool] = mapped_column(default=True)
    credential: Mapped[str | None] = mapped_column(String(300))
    # A one-time 初期コード from HR (scrypt, like every secret), exchanged at first sign-in.
    code_hash: Mapped[str | None] = mapped_column(String(300))
    code_expires_at: Mapped[datetime | None]
    os_account: Mapped[str | None] = mapped_column(String(200), index=True)  # DOMAIN\user
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    hired_on: Mapped[date | None]
    left_on: Mapped[date | None]


class Membership(Base):
    """Which department a person belonged to, when (history survives every April)."""

    __tablename__ = "memberships"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]  # exclusive; None while current


class Assignment(Base):
    """A required course (必修研修): lessons or a category for a group, with a deadline."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    lesson_ids: Mapped[list[Any]]
    course_id: Mapped[str | None] = mapped_column(String(100))  # a course (its lessons + 事後テスト)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    role: Mapped[str | None] = mapped_column(String(16))
    hired_after: Mapped[date | None]
    deadline: Mapped[date]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=True)


class AccessLog(Base):
    """Every time an HR admin opens an individual's record, and other sensitive actions."""

    __tablename__ = "access_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: command line
    action: Mapped[str] = mapped_column(String(32))
    target_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    detail: Mapped[str] = mapped_column(String(500), default="")


class ContentItem(Base):
    """Mirror of the content index, so that reports can join progress to categories."""

    __tablename__ = "content_items"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "lesson:<id>" / "quiz:<id>"
    kind: Mapped[str] = mapped_column(String(16))
    content_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    revision: Mapped[int | None]
    category: Mapped[str] = mapped_column(String(32))
    hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300), default="")
    lesson_id: Mapped[str | None] = mapped_column(String(100))


class ContentQuestion(Base):
    __tablename__ = "content_questions"
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    hash: Mapped[str] = mapped_column(String(64))


class Attempt(Base):
    __tablename__ = "attempts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    quiz_id: Mapped[str] = mapped_column(String(100))
    quiz_version: Mapped[int]
    quiz_revision: Mapped[int | None]  # the minor version (content `revision:`), when set
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    question_order: Mapped[list[Any]]
    choice_orders: Mapped[dict[str, Any]]
    question_hashes: Mapped[dict[str, Any]]
    correct_count: Mapped[int] = mapped_column(default=0)
    question_count: Mapped[int] = mapped_column(default=0)
    score: Mapped[float | None]
    passed: Mapped[bool | None]
    # Question ids the learner flagged to come back to (the quiz navigator's 🚩), in shown order.
    flags: Mapped[list[Any] | None]
    # A course's 事前テスト ("pre") or 事後テスト ("post"); None for a lesson quiz. Pre/post answers
    # count for participation only: not for mastery, average score or question statistics.
    purpose: Mapped[str | None] = mapped_column(String(8))
    course_id: Mapped[str | None] = mapped_column(String(100))
    form: Mapped[str | None] = mapped_column(String(1))  # the course test form taken: "a" / "b"

    __table_args__ = (Index("ix_attempts_staff_quiz", "staff_id", "quiz_id"),)


class Answer(Base):
    __tablename__ = "answers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    attempt_id: Mapped[str] = mapped_column(ForeignKey("attempts.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    quiz_id: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(100))
    response: Mapped[dict[str, Any]]
    correct: Mapped[bool]
    answered_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id", name="uq_answers_attempt_question"),
        Index("ix_answers_staff_question", "staff_id", "quiz_id", "question_id", "answered_at"),
        Index("ix_answers_answered_at", "answered_at"),
    )


class LessonVisit(Base):
    __tablename__ = "lesson_visits"
    # A UUID like every record that may travel between PCs (NULL only in rows an app older than
    # migration 0008 wrote; the migration gives existing rows one).
    id: Mapped[str | None] = mapped_column(String(36), unique=True,
                                           default=lambda: str(uuid.uuid4()))
    device_id: Mapped[str | None] = mapped_column(String(36))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    first_opened_at: Mapped[datetime]
    last_opened_at: Mapped[datetime]
    read_at: Mapped[datetime | None]


class LessonCompletion(Base):
    __tablename__ = "lesson_completions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    lesson_id: Mapped[str] = mapped_column(String(100))
    lesson_version: Mapped[int]
    lesson_revision: Mapped[int | None]
    completed_at: Mapped[datetime]

    __table_args__ = (Index("ix_lesson_completions_staff", "staff_id", "lesson_id"),)


class PersonQuestionState(Base):
    """Roll-up: each person's latest answer to each question (for mastery)."""

    __tablename__ = "person_question_state"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    correct: Mapped[bool]
    answered_at: Mapped[datetime]


class PersonCategoryRollup(Base):
    """Roll-up: per person and category, questions mastered and lessons completed."""

    __tablename__ = "person_category_rollup"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    answered: Mapped[int] = mapped_column(default=0)
    mastered: Mapped[int] = mapped_column(default=0)
    lessons_completed: Mapped[int] = mapped_column(default=0)


class PersonQuizBest(Base):
    """Roll-up: per person and quiz, the best finished attempt."""

    __tablename__ = "person_quiz_best"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    best_score: Mapped[float]
    attempts: Mapped[int]
    passed: Mapped[bool]
    last_at: Mapped[datetime]


class PersonPeriod(Base):
    """Roll-up: one person's activity in one period (month, quarter or 年度 key).

    A person who moves mid-period counts once, in the department of their first answer then.
    """

    __tablename__ = "person_period"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    period_key: Mapped[str] = mapped_column(String(12), primary_key=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    answers: Mapped[int] = mapped_column(default=0)
    correct: Mapped[int] = mapped_column(default=0)
    best_sum: Mapped[float] = mapped_column(default=0.0)
    best_count: Mapped[int] = mapped_column(default=0)
    completions: Mapped[int] = mapped_column(default=0)

    __table_args__ = (Index("ix_person_period_period", "period_key", "department_id"),)


class PersonQuizPeriodBest(Base):
    __tablename__ = "person_quiz_period_best"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    period_key: Mapped[str] = mapped_column(String(12), primary_key=True)
    best_score: Mapped[float]


class DeptPeriod(Base):
    """Roll-up: a department's activity in a period (sums of PersonPeriod, attributed as above)."""

    __tablename__ = "dept_period"
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)
    period_key: Mapped[str] = mapped_column(String(12), primary_key=True)
    participants: Mapped[int] = mapped_column(default=0)
    answers: Mapped[int] = mapped_column(default=0)
    correct: Mapped[int] = mapped_column(default=0)
    best_sum: Mapped[float] = mapped_column(default=0.0)
    best_count: Mapped[int] = mapped_column(default=0)
    completions: Mapped[int] = mapped_column(default=0)

    __table_args__ = (Index("ix_dept_period_period", "period_key"),)


class DeptCategory(Base):
    """Roll-up: by each person's current department, mastered questions and completed lessons."""

    __tablename__ = "dept_category"
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    mastered: Mapped[int] = mapped_column(default=0)
    lessons_completed: Mapped[int] = mapped_column(default=0)


class ContentPublication(Base):
    """One publication of the organisation's content (「公開」): every PC on this database shows the
    newest. Earlier ones are kept; a rollback publishes an earlier one's files again as a new one."""

    __tablename__ = "content_publications"
    number: Mapped[int] = mapped_column(primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))  # of the file list (paths and their sha256)
    published_at: Mapped[datetime]
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: seeding
    publisher: Mapped[str] = mapped_column(String(200), default="")  # name, kept if staff go
    source: Mapped[str] = mapped_column(String(500), default="")  # the folder it came from
    restored_from: Mapped[int | None]  # a rollback: the publication whose files these are
    lessons: Mapped[int] = mapped_column(default=0)
    quizzes: Mapped[int] = mapped_column(default=0)
    questions: Mapped[int] = mapped_column(default=0)


class ContentBlob(Base):
    """A published file's bytes, stored once however many publications hold it."""

    __tablename__ = "content_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ContentFile(Base):
    __tablename__ = "content_files"
    publication: Mapped[int] = mapped_column(ForeignKey("content_publications.number"),
                                             primary_key=True)
    path: Mapped[str] = mapped_column(String(300), primary_key=True)  # relative, with "/"
    sha256: Mapped[str] = mapped_column(ForeignKey("content_blobs.sha256"))


class ReviewAnswer(Base):
    """An answer given in 復習 (spaced review): counts for mastery (latest answer) and
    participation, never for quiz scores."""

    __tablename__ = "review_answers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    quiz_id: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(100))
    response: Mapped[dict[str, Any]]
    correct: Mapped[bool]
    answered_at: Mapped[datetime]

    __table_args__ = (Index("ix_review_answers_staff_question", "staff_id", "quiz_id",
                            "question_id", "answered_at"),)


class ReviewCard(Base):
    """One person's FSRS scheduling state for one question (when it is due again)."""

    __tablename__ = "review_cards"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    quiz_id: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(100))
    card: Mapped[dict[str, Any]]  # fsrs.Card.to_dict()
    due: Mapped[datetime]
    reviews: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("staff_id", "quiz_id", "question_id",
                         name="uq_review_cards_staff_question"),
        Index("ix_review_cards_staff_due", "staff_id", "due"),
    )


class Certificate(Base):
    """A 修了証: issued when a person completes a course; checked by its verification code."""

    __tablename__ = "certificates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    course_id: Mapped[str] = mapped_column(String(100))
    course_title: Mapped[str] = mapped_column(String(300), default="")  # as printed
    code: Mapped[str] = mapped_column(String(32), unique=True)  # ≥ 40 random bits
    issued_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoke_reason: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (Index("ix_certificates_staff_course", "staff_id", "course_id"),)


class SurveyResponse(Base):
    """An anonymous 研修アンケート answer: course, department and month only. No person, time,
    device or sequence: the random UUID key and WITHOUT ROWID keep insertion order unreadable,
    so a response cannot be joined to the SurveyMark that records who answered."""

    __tablename__ = "survey_responses"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid4, random
    course_id: Mapped[str] = mapped_column(String(100))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    month: Mapped[str] = mapped_column(String(7))  # "2026-11"
    satisfaction: Mapped[int | None]  # 1..5
    usefulness: Mapped[int | None]  # 1..5
    comment: Mapped[str] = mapped_column(String(2000), default="")

    __table_args__ = {"sqlite_with_rowid": False}


class SurveyMark(Base):
    """That a person has answered (or declined) a course's survey, so nobody is asked twice."""

    __tablename__ = "survey_marks"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    course_id: Mapped[str] = mapped_column(String(100), primary_key=True)

    __table_args__ = {"sqlite_with_rowid": False}
