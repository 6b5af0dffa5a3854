"""初期コード: the one-time codes HR issues so that nobody chooses someone else's first secret.

A code is 8 symbols from a 32-symbol alphabet without look-alikes (no 0/O, 1/I/l): 40 bits.
It is stored like every secret, with scrypt, but with a lighter cost than a PIN (N=2^12 instead
of 2^14): a code lives at most a few weeks and is useless once used, and 2^40 guesses at that
cost still take hundreds of core-years, while HR can issue a whole roster in seconds. Hashing
runs in a small thread pool (hashlib.scrypt releases the GIL) and outside any transaction.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import AccessLog, Department, Meta, Staff
from dxtrainer.services.code_records import IssuedCode, write_codes_csv  # noqa: F401 - re-export
from dxtrainer.services.credentials import hash_secret
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import load_tree, log_access, require_hr
from dxtrainer.services.records import CurrentUser, Role

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: no 0/O, 1/I; shown in upper case
CODE_LENGTH = 8
CODE_COST = 2**12
DEFAULT_CODE_DAYS = 14
MAX_CODE_DAYS = 90
DEMO_CODE = "DEMO2026"  # the demo city's one published code (never in a real organisation)

Progress = Callable[[int, int], None]  # (done, total)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str:
    """What a person typed: full-width, lower case, spaces and hyphens are all forgiven."""
    plain = unicodedata.normalize("NFKC", text).upper()
    return "".join(c for c in plain if c.isalnum())


def hash_code(code: str) -> str:
    return hash_secret(normalise_code(code), n=CODE_COST)


def code_days(session: Session) -> int:
    row = session.get(Meta, "code_days")
    try:
        return min(MAX_CODE_DAYS, max(1, int(row.value))) if row else DEFAULT_CODE_DAYS
    except ValueError:
        return DEFAULT_CODE_DAYS


def demo_code(session: Session) -> str | None:
    """The published code of a demo database (None anywhere else)."""
    demo, code = session.get(Meta, "demo"), session.get(Meta, "demo_code")
    return code.value if demo is not None and demo.value == "1" and code is not None else None


def issue_codes(sessions: sessionmaker[Session], user: CurrentUser, staff_ids: Sequence[int], *,
                now: datetime | None = None, progress: Progress | None = None,
                workers: int | None = None) -> list[IssuedCode]:
    """HR: a new 初期コード for each person (active staff only). Any PIN or password they had
    stops working, and so does any earlier code. Logged per person. Raises ServiceError
    ("no-staff-selected", "staff-not-found") or AccessDenied."""
    require_hr(user)
    ids = list(dict.fromkeys(staff_ids))
    if not ids:
        raise ServiceError("no-staff-selected")
    now = now or datetime.now()
    report = progress or (lambda _done, _total: None)
    with sessions() as s:
        found = {st.id: st for st in s.scalars(select(Staff).where(Staff.id.in_(ids),
                                                                   Staff.active.is_(True)))}
        if len(found) != len(ids):
            raise ServiceError("staff-not-found", count=len(ids) - len(found))
        expires = now + timedelta(days=code_days(s))
        tree = load_tree(s)
        people = [(st.id, st.staff_no, st.name,
                   "" if st.department_id is None else tree.path(st.department_id), Role(st.role))
                  for st in (found[i] for i in ids)]
    codes = [new_code() for _ in ids]
    hashes = _hash_all(codes, report)
    with sessions.begin() as s:
        for (staff_id, *_rest), digest in zip(people, hashes, strict=True):
            staff = s.get(Staff, staff_id)
            assert staff is not None  # checked above; staff rows are never deleted
            staff.credential = None
            staff.code_hash = digest
            staff.code_expires_at = expires
            staff.failed_attempts = 0
            staff.locked_until = None
            log_access(s, user, "issue-code", staff_id=staff_id,
                       detail=f"expires={expires:%Y-%m-%d %H:%M}")
    return [IssuedCode(staff_id, number, name, dept, format_code(code), expires, role)
            for (staff_id, number, name, dept, role), code in zip(people, codes, strict=True)]


def _hash_all(codes: list[str], report: Progress) -> list[str]:
    total = len(codes)
    report(0, total)
    if total == 1:
        hashes = [hash_code(codes[0])]
    else:
        hashes = []
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            for digest in pool.map(hash_code, codes):
                hashes.append(digest)
                if len(hashes) % 10 == 0 or len(hashes) == total:
                    report(len(hashes), total)
    report(total, total)
    return hashes


def expire_codes(session: Session, now: datetime) -> int:
    """Forget every code past its expiry and log each one (HR sees them as expired)."""
    expired = session.scalars(select(Staff).where(Staff.code_hash.is_not(None),
                                                  Staff.code_expires_at <= now)).all()
    for staff in expired:
        staff.code_hash = None
        log_code_event(session, staff, "code-expired", now)
    return len(expired)


def log_code_event(session: Session, staff: Staff, action: str, when: datetime) -> None:
    """A code used or found expired, logged under the person it belongs to."""
    session.add(AccessLog(at=when, actor_id=staff.id, action=action, target_staff_id=staff.id,
                          department_id=staff.department_id, detail=""))


def department_name(session: Session, staff: Staff) -> str:
    dept = session.get(Department, staff.department_id) if staff.department_id else None
    return dept.name if dept else ""
