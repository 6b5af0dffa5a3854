"""修了証: issued once a person completes a course, checked by a random verification code,
listed, exported and revoked by HR.

One valid certificate per person and course. Its id is derived from (person, course, how many
certificates that pair already has), so two PCs issuing the same certificate at once collide on
the primary key instead of issuing two; after a revocation the count has grown, so a later
completion issues a new one. A certificate stays valid when a lesson of its course later becomes
要再受講 (only HR's revocation ends it). The code carries 60 bits from `secrets`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Certificate, Staff
from dxtrainer.domain.content import ContentIndex, Course
from dxtrainer.services import course_progress, units
from dxtrainer.services.certificate_records import (
    CertificateRow,
    certificates_csv,
    format_code,
    new_code,
    normalise_code,
)
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import Tree, load_tree, log_access, require_hr
from dxtrainer.services.records import CurrentUser

NAMESPACE = uuid.UUID("6d1f3c2e-6a53-4c1b-9d0e-0c2a7f4b5e11")  # certificate ids (uuid5)
MAX_REASON = 300
log = logging.getLogger(__name__)


def course_completed(session: Session, staff_id: int, course: Course,
                     index: ContentIndex) -> bool:
    """The one course rule (services/course_progress.py), for callers that hold the index."""
    return course_progress.course_completed(session, staff_id, course)


def issue_certificate(session: Session, staff_id: int, course: Course, device_id: str,
                      now: datetime | None = None) -> tuple[Certificate, bool]:
    """(the person's valid certificate for `course`, whether it was issued just now). Does not
    check completion: callers do. Safe against a second PC issuing the same one at once."""
    for _try in range(5):
        valid = session.scalar(select(Certificate).where(
            Certificate.staff_id == staff_id, Certificate.course_id == course.id,
            Certificate.revoked_at.is_(None)))
        if valid is not None:
            return valid, False
        issued = session.scalar(select(func.count()).select_from(Certificate).where(
            Certificate.staff_id == staff_id, Certificate.course_id == course.id)) or 0
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise ServiceError("staff-not-found", count=1)
        row = Certificate(
            id=str(uuid.uuid5(NAMESPACE, f"{staff_id}/{course.id}/{issued}")),
            device_id=device_id, staff_id=staff_id, department_id=staff.department_id,
            course_id=course.id, course_title=course.title, code=new_code(),
            issued_at=now or datetime.now(), revoked_at=None, revoked_by=None, revoke_reason="")
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            continue  # issued by another PC meanwhile (same id), or a code already taken
        return row, True
    raise ServiceError("database-busy")


class CertificateService:
    def __init__(self, sessions: sessionmaker[Session], index_source: Callable[[], ContentIndex],
                 device_id: str) -> None:
        self._sessions = sessions
        self._index_source = index_source
        self._device_id = device_id

    @property
    def index(self) -> ContentIndex:
        return self._index_source()

    # ---- the learner -------------------------------------------------------------------

    def issue_due(self, user: CurrentUser, now: datetime | None = None) -> list[CertificateRow]:
        """Issue a certificate for every course `user` has completed and holds none for; returns
        those issued now."""
        index = self.index

        def work(s: Session) -> list[str]:
            new = []
            for course in index.courses:
                held = s.scalar(select(Certificate.id).where(
                    Certificate.staff_id == user.staff_id, Certificate.course_id == course.id,
                    Certificate.revoked_at.is_(None)).limit(1))
                if held is None and course_completed(s, user.staff_id, course, index):
                    row, fresh = issue_certificate(s, user.staff_id, course, self._device_id, now)
                    if fresh:
                        new.append(row.id)
            return new

        ids = units.run(self._sessions, work)
        with self._sessions() as s:
            return _rows(s, select(Certificate).where(Certificate.id.in_(ids))) if ids else []

    def my_certificates(self, user: CurrentUser) -> list[CertificateRow]:
        """`user`'s valid certificates, issuing any that are due first (when the database
        cannot be written, e.g. opened read-only, those already issued are shown all the same)."""
        try:
            self.issue_due(user)
        except DBAPIError:
            log.warning("certificates could not be issued now", exc_info=True)
        with self._sessions() as s:
            return _rows(s, select(Certificate).where(Certificate.staff_id == user.staff_id,
                                                      Certificate.revoked_at.is_(None))
                         .order_by(Certificate.issued_at))

    def own_certificate(self, user: CurrentUser, certificate_id: str) -> CertificateRow:
        """One of `user`'s own valid certificates, to print. Raises ServiceError."""
        with self._sessions() as s:
            rows = _rows(s, select(Certificate).where(Certificate.id == certificate_id))
        if not rows or rows[0].staff_id != user.staff_id:
            raise ServiceError("certificate-not-found")
        if rows[0].revoked:
            raise ServiceError("certificate-revoked")
        return rows[0]

    # ---- anyone: checking a code ---------------------------------------------------------

    def verify(self, code: str) -> CertificateRow | None:
        """The certificate with this code (valid or revoked), or None. Reads only."""
        plain = normalise_code(code)
        if not plain:
            return None
        with self._sessions() as s:
            rows = _rows(s, select(Certificate).where(Certificate.code == plain))
        return rows[0] if rows else None

    # ---- HR ------------------------------------------------------------------------------

    def check(self, user: CurrentUser, code: str) -> CertificateRow | None:
        """HR checks a code on screen: as `verify`, and logged (it opens a person's record)."""
        require_hr(user)
        row = self.verify(code)
        with self._sessions.begin() as s:
            log_access(s, user, "check-certificate", staff_id=row.staff_id if row else None,
                       detail=f"code={normalise_code(code)[:32]}")
        return row

    def list_certificates(self, user: CurrentUser, course_id: str | None = None,
                          department_id: int | None = None) -> list[CertificateRow]:
        """HR: every issued certificate (newest first), by course and by department (its
        subtree, as of issue). Logged."""
        require_hr(user)
        with self._sessions.begin() as s:
            stmt = select(Certificate).order_by(Certificate.issued_at.desc())
            if course_id is not None:
                stmt = stmt.where(Certificate.course_id == course_id)
            if department_id is not None:
                stmt = stmt.where(Certificate.department_id.in_(
                    load_tree(s).subtree(department_id)))
            rows = _rows(s, stmt)
            log_access(s, user, "list-certificates", department_id=department_id,
                       detail=f"course={course_id or ''} rows={len(rows)}")
        return rows

    def export_csv(self, user: CurrentUser, course_id: str | None = None,
                   department_id: int | None = None) -> bytes:
        """HR: the list as CSV (UTF-8 with BOM)."""
        rows = self.list_certificates(user, course_id, department_id)
        with self._sessions.begin() as s:
            log_access(s, user, "export-certificates", department_id=department_id,
                       detail=f"course={course_id or ''} rows={len(rows)}")
        return certificates_csv(rows)

    def revoke(self, user: CurrentUser, certificate_id: str, reason: str,
               now: datetime | None = None) -> CertificateRow:
        """HR only: revoke a certificate, with a reason. Logged. Raises AccessDenied or
        ServiceError("certificate-not-found", "certificate-revoked", "revoke-needs-reason")."""
        require_hr(user)
        reason = " ".join(reason.split())[:MAX_REASON]
        if not reason:
            raise ServiceError("revoke-needs-reason")
        when = now or datetime.now()

        def work(s: Session) -> None:
            row = s.get(Certificate, certificate_id)
            if row is None:
                raise ServiceError("certificate-not-found")
            # One statement, so two HR admins revoking at once cannot both succeed.
            done = cast(CursorResult[Any], s.execute(
                update(Certificate)
                .where(Certificate.id == certificate_id, Certificate.revoked_at.is_(None))
                .values(revoked_at=when, revoked_by=user.staff_id or None, revoke_reason=reason)
                .execution_options(synchronize_session=False)))
            if not done.rowcount:
                raise ServiceError("certificate-revoked")
            log_access(s, user, "revoke-certificate", staff_id=row.staff_id,
                       detail=f"code={row.code} course={row.course_id} reason={reason}"[:500])

        units.run(self._sessions, work)
        with self._sessions() as s:
            return _rows(s, select(Certificate).where(Certificate.id == certificate_id))[0]


def _rows(s: Session, stmt) -> list[CertificateRow]:  # noqa: ANN001
    tree: Tree | None = None
    out = []
    for cert, staff in s.execute(stmt.add_columns(Staff).join(Staff,
                                                              Staff.id == Certificate.staff_id)):
        if tree is None:
            tree = load_tree(s)
        dept = tree.path(cert.department_id) if cert.department_id in tree.nodes else ""
        out.append(CertificateRow(
            cert.id, format_code(cert.code), cert.staff_id, staff.staff_no, staff.name, dept,
            cert.course_id, cert.course_title, cert.issued_at, cert.revoked_at,
            cert.revoke_reason))
    return out
