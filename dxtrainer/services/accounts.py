"""Sign-in: the staff list, PINs set at first sign-in, and lockout after repeated failures."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Department, Staff
from dxtrainer.services.credentials import hash_secret, valid_pin, verify_secret
from dxtrainer.services.records import (
    CurrentUser,
    Role,
    SignInResult,
    SignInStatus,
    StaffSummary,
)

MAX_FAILURES = 5
LOCK_MINUTES = 15


class AccountService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def list_staff(self) -> list[StaffSummary]:
        """Active staff for the sign-in list, ordered by フリガナ."""
        with self._sessions() as s:
            rows = s.execute(
                select(Staff, Department.name)
                .outerjoin(Department, Staff.department_id == Department.id)
                .where(Staff.active.is_(True))
                .order_by(Staff.kana, Staff.staff_no)
            ).all()
            return [_summary(st, dept) for st, dept in rows]

    def find_by_number(self, staff_no: str) -> StaffSummary | None:
        number = _normalise_number(staff_no)
        with self._sessions() as s:
            row = s.execute(
                select(Staff, Department.name)
                .outerjoin(Department, Staff.department_id == Department.id)
                .where(Staff.staff_no == number, Staff.active.is_(True))
            ).first()
            return _summary(*row) if row else None

    def sign_in(self, staff_id: int, pin: str, *, new_pin: str | None = None,
                now: datetime | None = None) -> SignInResult:
        """Check the PIN. With no PIN on record, `new_pin` becomes it (first sign-in)."""
        now = now or datetime.now()
        with self._sessions.begin() as s:
            staff = s.get(Staff, staff_id)
            if staff is None:
                return SignInResult(SignInStatus.UNKNOWN)
            if not staff.active:
                return SignInResult(SignInStatus.INACTIVE)
            if staff.locked_until and staff.locked_until > now:
                return SignInResult(SignInStatus.LOCKED, locked_until=staff.locked_until)
            if staff.credential is None:
                if new_pin is None:
                    return SignInResult(SignInStatus.NEEDS_NEW_PIN)
                if not valid_pin(new_pin):
                    return SignInResult(SignInStatus.BAD_NEW_PIN)
                staff.credential = hash_secret(new_pin)
            elif not verify_secret(pin, staff.credential):
                staff.failed_attempts += 1
                if staff.failed_attempts >= MAX_FAILURES:
                    staff.failed_attempts = 0
                    staff.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    return SignInResult(SignInStatus.LOCKED, locked_until=staff.locked_until)
                return SignInResult(SignInStatus.WRONG,
                                    attempts_left=MAX_FAILURES - staff.failed_attempts)
            staff.failed_attempts = 0
            staff.locked_until = None
            dept = s.get(Department, staff.department_id) if staff.department_id else None
            user = CurrentUser(staff.id, staff.staff_no, staff.name, dept.name if dept else "",
                               Role(staff.role))
            return SignInResult(SignInStatus.OK, user=user)


def _summary(staff: Staff, department: str | None) -> StaffSummary:
    return StaffSummary(staff.id, staff.staff_no, staff.name, staff.kana, department or "",
                        staff.credential is not None, Role(staff.role))


def _normalise_number(text: str) -> str:
    """Full-width digits and stray spaces, as typed on Japanese keyboards, become plain ASCII."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).strip()
