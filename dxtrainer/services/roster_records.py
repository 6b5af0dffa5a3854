"""Frozen records of a roster import: the planned changes (ImportPlan) and what was applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dxtrainer.services.records import Role
from dxtrainer.services.roster_file import RosterProblem


class RosterField(StrEnum):
    NAME = "name"
    KANA = "kana"
    ROLE = "role"
    DEPARTMENT = "department"
    HIRED_ON = "hired_on"
    OS_ACCOUNT = "os_account"
    ACTIVE = "active"


@dataclass(frozen=True)
class FieldChange:
    """old → new, as text: roles as Role values, departments as 「部 › 課」, dates ISO."""

    field: RosterField
    old: str
    new: str


@dataclass(frozen=True)
class StaffAddition:
    row: int
    staff_no: str
    name: str
    kana: str
    department: str
    role: Role
    hired_on: date | None


@dataclass(frozen=True)
class StaffChange:
    row: int
    staff_id: int
    staff_no: str
    name: str
    changes: tuple[FieldChange, ...]

    @property
    def is_transfer(self) -> bool:
        return any(c.field is RosterField.DEPARTMENT for c in self.changes)

    @property
    def is_reactivation(self) -> bool:
        return any(c.field is RosterField.ACTIVE for c in self.changes)


@dataclass(frozen=True)
class StaffLeaver:
    staff_id: int
    staff_no: str
    name: str
    department: str


@dataclass(frozen=True)
class NewDepartment:
    code: str
    name: str
    path: str  # 「総務部 › 総務課」
    level: int  # 1 部, 2 課, 3 係


@dataclass(frozen=True)
class ImportPlan:
    path: str
    full_sync: bool
    rows: int  # data rows read, bad ones included
    to_add: tuple[StaffAddition, ...]
    to_change: tuple[StaffChange, ...]
    to_deactivate: tuple[StaffLeaver, ...]
    departments_to_create: tuple[NewDepartment, ...]
    errors: tuple[RosterProblem, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing would change (re-importing the same file)."""
        return not (self.to_add or self.to_change or self.to_deactivate
                    or self.departments_to_create)

    @property
    def file_errors(self) -> tuple[RosterProblem, ...]:
        """Problems with the whole file or the whole import (row None): never applied."""
        return tuple(p for p in self.errors if p.row is None)

    @property
    def row_errors(self) -> tuple[RosterProblem, ...]:
        return tuple(p for p in self.errors if p.row is not None)


@dataclass(frozen=True)
class ImportResult:
    """`applied` is False when nothing was written: a file error, or row errors without
    allow_errors (then `plan.errors` says why)."""

    applied: bool
    plan: ImportPlan
    added: int = 0
    changed: int = 0
    transferred: int = 0
    reactivated: int = 0
    deactivated: int = 0
    departments_created: int = 0
    skipped_rows: int = 0
    added_ids: tuple[int, ...] = ()  # the people added, for HR to issue their 初期コード
