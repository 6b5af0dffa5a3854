"""What learners do: quiz attempts and their answers, lesson visits and completions, answers
in 復習 and each question's review schedule. Every row may travel between PCs (UUID, device)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dxtrainer.db.models.base import Base


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

    __table_args__ = (
        Index("ix_attempts_staff_quiz", "staff_id", "quiz_id"),
        # A course's 事前・事後テスト without reading every attempt (migration 0009).
        Index("ix_attempts_course", "course_id", "purpose", "staff_id"),
    )


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
        # A period's answers to some quizzes, read from the index alone (migration 0010).
        Index("ix_answers_quiz_time", "quiz_id", "answered_at", "staff_id", "department_id"),
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
