"""Sign-in: the staff list, first sign-in with HR's 初期コード, and lockout after failures."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.meta import set_meta
from dxtrainer.db.models import Department, Membership, Meta, Staff
from dxtrainer.db.transactions import lock_organisation
from dxtrainer.services.credentials import (
    hash_secret,
    needs_password,
    valid_password,
    valid_pin,
    verify_secret,
)
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.initial_codes import (
    MAX_CODE_DAYS,
    IssuedCode,
    Progress,
    code_days,
    demo_code,
    department_name,
    expire_codes,
    issue_codes,
    log_code_event,
    normalise_code,
)
from dxtrainer.services.organisation import AccessDenied, load_tree, log_access, require_hr
from dxtrainer.services.os_account import normalise_os_account
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

    def find(self, text: str) -> list[StaffSummary]:
        """Active staff whose 職員番号 or 氏名 (spaces ignored) is exactly `text`: the way in
        when the organisation hides the staff list."""
        number, key = _normalise_number(text), _name_key(text)
        if not number:
            return []
        with self._sessions() as s:
            rows = s.execute(
                select(Staff, Department.name)
                .outerjoin(Department, Staff.department_id == Department.id)
                .where(Staff.active.is_(True))
                .where(or_(Staff.staff_no == number, Staff.name.contains(key[:1], autoescape=True)))
                .order_by(Staff.kana, Staff.staff_no)
            ).all()
            exact = [_summary(st, dept) for st, dept in rows if st.staff_no == number]
            return exact or [_summary(st, dept) for st, dept in rows if _name_key(st.name) == key]

    def next_step(self, staff_id: int, *, now: datetime | None = None) -> SignInResult:
        """What to ask of this person, without counting a failure: LOCKED (with the time),
        NEEDS_SECRET, NEEDS_CODE, NO_CODE, CODE_EXPIRED, or OK for a learner in a training room
        (signed in: no PIN asked there)."""
        now = now or datetime.now()
        with self._sessions.begin() as s:
            staff = s.get(Staff, staff_id)
            refused = _refusal(staff, now)
            if refused is not None or staff is None:
                return refused or SignInResult(SignInStatus.UNKNOWN)
            if not needs_password(staff.role) and not _pin_required(s):
                return _signed_in(s, staff)
            if staff.credential is None:
                return _code_state(s, staff, now)
            return SignInResult(SignInStatus.NEEDS_SECRET)

    def sign_in(self, staff_id: int, secret: str, *, now: datetime | None = None) -> SignInResult:
        """Check the PIN or password. Someone without one yet gets NEEDS_CODE (then `claim`),
        NO_CODE or CODE_EXPIRED; in a training room learners need none."""
        now = now or datetime.now()
        with self._sessions.begin() as s:
            staff = s.get(Staff, staff_id)
            refused = _refusal(staff, now)
            if refused is not None or staff is None:
                return refused or SignInResult(SignInStatus.UNKNOWN)
            if not needs_password(staff.role) and not _pin_required(s):
                pass  # a supervised training room: learners sign in by choosing their name
            elif staff.credential is None:
                return _code_state(s, staff, now)
            elif not verify_secret(secret, staff.credential):
                return _failed(s, staff, now)
            return _signed_in(s, staff)

    def claim(self, staff_id: int, code: str, new_secret: str, *,
              now: datetime | None = None) -> SignInResult:
        """First sign-in: the 初期コード from HR, exchanged for the person's own PIN (learners) or
        password (other roles). A wrong code counts towards the lock like a wrong PIN."""
        now = now or datetime.now()
        with self._sessions.begin() as s:
            staff = s.get(Staff, staff_id)
            refused = _refusal(staff, now)
            if refused is not None or staff is None:
                return refused or SignInResult(SignInStatus.UNKNOWN)
            state = _code_state(s, staff, now)
            if state.status is not SignInStatus.NEEDS_CODE:
                return state
            valid = valid_password if needs_password(staff.role) else valid_pin
            if not valid(new_secret):
                return SignInResult(SignInStatus.BAD_NEW_PIN)
            assert staff.code_hash is not None  # NEEDS_CODE says so
            if not verify_secret(normalise_code(code), staff.code_hash):
                return _failed(s, staff, now)
            staff.credential = hash_secret(new_secret)
            staff.code_hash = staff.code_expires_at = None
            log_code_event(s, staff, "code-used", now)
            return _signed_in(s, staff)

    def os_candidate(self, os_account: str | None) -> StaffSummary | None:
        """The one active learner whose Windows account is `os_account`, when the organisation
        allows it (None otherwise: no match, several, or a privileged role)."""
        if not os_account:
            return None
        with self._sessions() as s:
            staff = _os_match(s, os_account)
            return _summary(staff, department_name(s, staff)) if staff else None

    def sign_in_with_os_account(self, os_account: str | None, *,
                                now: datetime | None = None) -> SignInResult:
        """「このPCのアカウントで続ける」: learners only, no PIN; checked again here."""
        now = now or datetime.now()
        with self._sessions.begin() as s:
            staff = _os_match(s, os_account) if os_account else None
            if staff is None:
                return SignInResult(SignInStatus.UNKNOWN)
            refused = _refusal(staff, now)
            return refused or _signed_in(s, staff)

    def reset_credential(self, user: CurrentUser, staff_id: int, *,
                         now: datetime | None = None) -> IssuedCode:
        """HR: a forgotten PIN or password (or a lock) is replaced by a new 初期コード, to be
        shown once and handed over. The old secret stops working at once. Logged."""
        with self._sessions() as s:
            if s.get(Staff, staff_id) is None:
                raise ServiceError("staff-not-found", count=1)
        [issued] = issue_codes(self._sessions, user, [staff_id], now=now)
        with self._sessions.begin() as s:
            log_access(s, user, "reset-credential", staff_id=staff_id)
        return issued

    def issue_codes(self, user: CurrentUser, staff_ids: Sequence[int], *,
                    now: datetime | None = None,
                    progress: Progress | None = None) -> list[IssuedCode]:
        """HR: new 初期コード for many people at once (see initial_codes.issue_codes)."""
        return issue_codes(self._sessions, user, staff_ids, now=now, progress=progress)

    def directory(self, user: CurrentUser, include_inactive: bool = False) -> list[StaffAdminRow]:
        """HR: every person with department path, role and sign-in state."""
        require_hr(user)
        now = datetime.now()
        with self._sessions.begin() as s:
            expire_codes(s, now)  # so that every expiry is logged, tried or not
        with self._sessions() as s:
            tree = load_tree(s)
            query = select(Staff).order_by(Staff.kana, Staff.staff_no)
            if not include_inactive:
                query = query.where(Staff.active.is_(True))
            return [StaffAdminRow(
                st.id, st.staff_no, st.name, st.kana,
                tree.path(st.department_id) if st.department_id else "", Role(st.role),
                st.active, st.credential is not None,
                bool(st.locked_until and st.locked_until > now), st.code_hash is not None,
                st.code_expires_at)
                for st in s.scalars(query)]

    def settings(self) -> SignInSettings:
        """What the sign-in screen needs to know about the organisation's choices."""
        with self._sessions() as s:
            return SignInSettings(_pin_required(s), _flag(s, "hide_staff_list"),
                                  _flag(s, "os_sign_in"), code_days(s), demo_code(s))

    def change_settings(self, user: CurrentUser, *, hide_staff_list: bool | None = None,
                        os_sign_in: bool | None = None, days: int | None = None) -> SignInSettings:
        """HR: hide the staff list, allow learners in by their Windows account, and how many
        days a 初期コード stays valid (1–90). Logged."""
        require_hr(user)
        if days is not None and not 1 <= days <= MAX_CODE_DAYS:
            raise ServiceError("bad-code-days", maximum=MAX_CODE_DAYS)
        changes = {"hide_staff_list": hide_staff_list, "os_sign_in": os_sign_in}
        with self._sessions.begin() as s:
            for key, value in changes.items():
                if value is not None:
                    set_meta(s, key, "1" if value else "0")
            if days is not None:
                set_meta(s, "code_days", str(days))
            log_access(s, user, "sign-in-settings", detail=" ".join(
                f"{k}={v}" for k, v in {**changes, "code_days": days}.items() if v is not None))
        return self.settings()

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

    def hr_admin_count(self, session: Session | None = None) -> int:
        if session is None:
            with self._sessions() as s:
                return self.hr_admin_count(s)
        return len(session.scalars(select(Staff.id).where(Staff.role == Role.HR_ADMIN.value,
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
            raise ServiceError("bad-password")
        number = _normalise_number(staff_no)
        if not number or not name.strip():
            raise ServiceError("missing-field")
        now = datetime.now()
        with self._sessions.begin() as s:
            lock_organisation(s)  # two PCs setting up the same server: one first admin
            if self.hr_admin_count(s) > 0:
                raise AccessDenied("an HR admin already exists")
            if s.scalar(select(Staff.id).where(Staff.staff_no == number)) is not None:
                raise ServiceError("duplicate-staff-no")
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


@dataclass(frozen=True)
class SignInSettings:
    pin_required: bool
    hide_staff_list: bool  # find yourself by 職員番号 or 氏名 instead of a list
    os_sign_in: bool  # learners may continue with the PC's Windows account
    code_days: int
    demo_code: str | None  # the published code of the demo city


def _flag(session: Session, key: str) -> bool:
    row = session.get(Meta, key)
    return row is not None and row.value == "1"


def _pin_required(session: Session) -> bool:
    row = session.get(Meta, "pin_required")
    return row is None or row.value != "0"


def _summary(staff: Staff, department: str | None) -> StaffSummary:
    locked = staff.locked_until if staff.locked_until and staff.locked_until > datetime.now() \
        else None
    return StaffSummary(staff.id, staff.staff_no, staff.name, staff.kana, department or "",
                        staff.credential is not None, Role(staff.role), locked)


def _os_match(session: Session, os_account: str) -> Staff | None:
    if not _flag(session, "os_sign_in"):
        return None
    found = session.scalars(select(Staff).where(
        Staff.os_account == normalise_os_account(os_account), Staff.active.is_(True)).limit(2)
    ).all()
    if len(found) != 1 or needs_password(found[0].role):
        return None  # never for a role that sees others' data, and never a guess between two
    return found[0]


def _refusal(staff: Staff | None, now: datetime) -> SignInResult | None:
    if staff is None:
        return SignInResult(SignInStatus.UNKNOWN)
    if not staff.active:
        return SignInResult(SignInStatus.INACTIVE)
    if staff.locked_until and staff.locked_until > now:
        return SignInResult(SignInStatus.LOCKED, locked_until=staff.locked_until)
    return None


def _code_state(session: Session, staff: Staff, now: datetime) -> SignInResult:
    """For someone without a PIN or password: is a usable 初期コード waiting?"""
    if staff.credential is not None:
        return SignInResult(SignInStatus.NO_CODE)
    if staff.code_hash is not None:
        if staff.code_expires_at is None or staff.code_expires_at > now:
            return SignInResult(SignInStatus.NEEDS_CODE)
        staff.code_hash = None  # expired: forget it, and log the expiry once
        log_code_event(session, staff, "code-expired", now)
        return SignInResult(SignInStatus.CODE_EXPIRED)
    if staff.code_expires_at is not None and staff.code_expires_at <= now:
        return SignInResult(SignInStatus.CODE_EXPIRED)
    return SignInResult(SignInStatus.NO_CODE)


def _failed(session: Session, staff: Staff, now: datetime) -> SignInResult:
    """A wrong PIN, password or code: one atomic increment (many PCs may guess at once)."""
    failures = session.execute(
        update(Staff).where(Staff.id == staff.id)
        .values(failed_attempts=Staff.failed_attempts + 1)
        .returning(Staff.failed_attempts)).scalar_one()
    if failures >= MAX_FAILURES:
        until = now + timedelta(minutes=LOCK_MINUTES)
        session.execute(update(Staff).where(Staff.id == staff.id)
                        .values(failed_attempts=0, locked_until=until))
        return SignInResult(SignInStatus.LOCKED, locked_until=until)
    return SignInResult(SignInStatus.WRONG, attempts_left=MAX_FAILURES - failures)


def _signed_in(session: Session, staff: Staff) -> SignInResult:
    staff.failed_attempts = 0
    staff.locked_until = None
    dept = session.get(Department, staff.department_id) if staff.department_id else None
    user = CurrentUser(staff.id, staff.staff_no, staff.name, dept.name if dept else "",
                       Role(staff.role))
    return SignInResult(SignInStatus.OK, user=user)


def _name_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _normalise_number(text: str) -> str:
    """Full-width digits and stray spaces, as typed on Japanese keyboards, become plain ASCII."""
    return unicodedata.normalize("NFKC", text).strip()
