"""Sign-in: the staff list, PINs set at first sign-in, and lockout after repeated failures."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Department, Membership, Meta, Staff
from dxtrainer.services.credentials import (
    hash_secret,
    needs_password,
    valid_password,
    valid_pin,
    verify_secret,
)
from dxtrainer.services.organisation import AccessDenied, load_tree, log_access, require_hr
from dxtrainer.services.records import (
    CurrentUser,
    Role,
    SignInResult,
    SignInStatus,
    StaffAdminRow,
    StaffSummary,
)
from dxtrainer.services.reporting import bump_roster_version

DEFAULT_IDLE_MINUTES = 15
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
            if not needs_password(staff.role) and not _pin_required(s):
                pass  # a supervised training room: learners sign in by choosing their name
            elif staff.credential is None:
                if new_pin is None:
                    return SignInResult(SignInStatus.NEEDS_NEW_PIN)
                valid = valid_password if needs_password(staff.role) else valid_pin
                if not valid(new_pin):
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


    def reset_credential(self, user: CurrentUser, staff_id: int) -> StaffSummary:
        """HR: clear a forgotten PIN or password (and any lock); the person sets a new one at
        their next sign-in. Logged."""
        require_hr(user)
        with self._sessions.begin() as s:
            staff = s.get(Staff, staff_id)
            if staff is None:
                raise LookupError(staff_id)
            staff.credential = None
            staff.failed_attempts = 0
            staff.locked_until = None
            log_access(s, user, "reset-credential", staff_id=staff_id)
            dept = s.get(Department, staff.department_id) if staff.department_id else None
            return _summary(staff, dept.name if dept else None)

    def directory(self, user: CurrentUser, include_inactive: bool = False) -> list[StaffAdminRow]:
        """HR: every person with department path, role and sign-in state."""
        require_hr(user)
        now = datetime.now()
        with self._sessions() as s:
            tree = load_tree(s)
            query = select(Staff).order_by(Staff.kana, Staff.staff_no)
            if not include_inactive:
                query = query.where(Staff.active.is_(True))
            return [StaffAdminRow(
                st.id, st.staff_no, st.name, st.kana,
                tree.path(st.department_id) if st.department_id else "", Role(st.role),
                st.active, st.credential is not None,
                bool(st.locked_until and st.locked_until > now)) for st in s.scalars(query)]

    def pin_required(self) -> bool:
        with self._sessions() as s:
            return _pin_required(s)

    def idle_minutes(self) -> int:
        """Minutes without input before a shared PC signs out (0: never)."""
        with self._sessions() as s:
            row = s.get(Meta, "idle_minutes")
        try:
            return max(0, int(row.value)) if row else DEFAULT_IDLE_MINUTES
        except ValueError:
            return DEFAULT_IDLE_MINUTES

    def hr_admin_count(self) -> int:
        with self._sessions() as s:
            return len(s.scalars(select(Staff.id).where(Staff.role == Role.HR_ADMIN.value,
                                                        Staff.active.is_(True))).all())

    def needs_first_admin(self) -> bool:
        """True on a fresh organisation: nobody can manage it yet."""
        return self.hr_admin_count() == 0

    def create_first_admin(self, staff_no: str, name: str, kana: str, department: str,
                           password: str) -> CurrentUser:
        """First-run set-up: the first HR admin. Refused once any HR admin exists."""
        if not self.needs_first_admin():
            raise AccessDenied("an HR admin already exists")
        if not valid_password(password):
            raise ValueError("bad-password")
        number = _normalise_number(staff_no)
        if not number or not name.strip():
            raise ValueError("missing-field")
        now = datetime.now()
        with self._sessions.begin() as s:
            if s.scalar(select(Staff.id).where(Staff.staff_no == number)) is not None:
                raise ValueError("duplicate-staff-no")
            dept = None
            if department.strip():
                dept = s.scalar(select(Department).where(Department.name == department.strip()))
                if dept is None:
                    dept = Department(code=department.strip(), name=department.strip(), level=2,
                                      active=True, valid_from=now.date())
                    s.add(dept)
                    s.flush()
            staff = Staff(staff_no=number, name=name.strip(), kana=kana.strip(),
                          department_id=dept.id if dept else None, role=Role.HR_ADMIN.value,
                          active=True, credential=hash_secret(password), failed_attempts=0,
                          created_at=now, hired_on=None)
            s.add(staff)
            s.flush()
            if dept is not None:
                s.add(Membership(staff_id=staff.id, department_id=dept.id,
                                 valid_from=now.date(), valid_to=None))
            bump_roster_version(s)
            return CurrentUser(staff.id, number, staff.name, dept.name if dept else "",
                               Role.HR_ADMIN)


def _pin_required(session: Session) -> bool:
    row = session.get(Meta, "pin_required")
    return row is None or row.value != "0"


def _summary(staff: Staff, department: str | None) -> StaffSummary:
    return StaffSummary(staff.id, staff.staff_no, staff.name, staff.kana, department or "",
                        staff.credential is not None, Role(staff.role))


def _normalise_number(text: str) -> str:
    """Full-width digits and stray spaces, as typed on Japanese keyboards, become plain ASCII."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).strip()
