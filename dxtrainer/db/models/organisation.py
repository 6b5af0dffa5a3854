"""The organisation: departments, staff, their memberships over time, required courses
(必修研修) and the access log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from dxtrainer.db.models.base import Base


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
