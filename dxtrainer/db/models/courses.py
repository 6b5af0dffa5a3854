"""What completing a course leaves: 修了証 (certificates) and the anonymous 研修アンケート with
the marks of who has answered it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dxtrainer.db.models.base import Base


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
