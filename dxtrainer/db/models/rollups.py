"""Roll-ups kept in the same transaction as the answers (services/rollups.py) so that
dashboards never scan every answer; `rebuild` recomputes them from the raw rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dxtrainer.db.models.base import Base


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

    # The course-filtered dashboard: a period's bests of some quizzes, from the index alone
    # (migration 0011).
    __table_args__ = (Index("ix_person_quiz_period_best_quiz", "quiz_id", "period_key",
                            "staff_id", "best_score"),)


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
