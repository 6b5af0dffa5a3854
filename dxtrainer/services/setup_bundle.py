"""Preparing an offline PC without a network (`export-setup` / `import-setup`): the roster
(departments, staff, membership history), the 必修研修 and the published content go from the
central database to the PC in one checked file.

No credential, 初期コード or sign-in state ever travels: the offline PC's own HR admin (はじめての
設定 there) issues codes, or the PC runs in training-room mode. People and departments are matched
by 職員番号 and code; what the file holds replaces this PC's copy of them, and people the file
does not hold are left as they are (the PC's own HR admin among them).
"""

from __future__ import annotations

import base64
import hashlib
import json
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Assignment, Department, Membership, Staff
from dxtrainer.db.revisions import head as head_revision
from dxtrainer.db.transactions import lock_organisation
from dxtrainer.services import organisation
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import log_access, require_hr
from dxtrainer.services.publishing import PublishingService, published_folder
from dxtrainer.services.records import CurrentUser
from dxtrainer.services.reporting import bump_roster_version

SETUP_FORMAT = "dxtrainer-setup/1"
_DEPT = ("code", "name", "level", "active", "valid_from", "valid_to")
_STAFF = ("staff_no", "name", "kana", "role", "active", "os_account", "hired_on", "left_on",
          "created_at")
_ASSIGN = ("title", "lesson_ids", "course_id", "role", "hired_after", "deadline", "created_at",
           "active")
_DATES = {"valid_from", "valid_to", "hired_on", "left_on", "hired_after", "deadline", "from",
          "to"}
_TIMES = {"created_at"}


@dataclass(frozen=True)
class SetupResult:
    departments: int
    staff_added: int
    staff_updated: int
    assignments: int
    publication: int | None


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _parse(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in _TIMES:
        return datetime.fromisoformat(value)
    if key in _DATES:
        return date.fromisoformat(value)
    return value


def _digest(body: dict[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SetupBundleService:
    def __init__(self, sessions: sessionmaker[Session], publishing: PublishingService) -> None:
        self._sessions = sessions
        self._publishing = publishing

    def export(self, user: CurrentUser) -> bytes:
        require_hr(user)
        with self._sessions.begin() as s:
            codes = dict(s.execute(select(Department.id, Department.code)).all())
            numbers = dict(s.execute(select(Staff.id, Staff.staff_no)).all())
            body: dict[str, Any] = {
                "departments": [
                    {**{k: _plain(getattr(d, k)) for k in _DEPT},
                     "parent": codes.get(d.parent_id) if d.parent_id else None,
                     "successor": codes.get(d.successor_id) if d.successor_id else None}
                    for d in s.scalars(select(Department).order_by(Department.level,
                                                                   Department.code))],
                "staff": [
                    {**{k: _plain(getattr(p, k)) for k in _STAFF},
                     "department": codes.get(p.department_id) if p.department_id else None}
                    for p in s.scalars(select(Staff).order_by(Staff.staff_no))],
                "memberships": [
                    {"staff": numbers[m.staff_id], "department": codes[m.department_id],
                     "from": _plain(m.valid_from), "to": _plain(m.valid_to)}
                    for m in s.scalars(select(Membership).order_by(Membership.id))],
                "assignments": [
                    {**{k: _plain(getattr(a, k)) for k in _ASSIGN},
                     "department": codes.get(a.department_id) if a.department_id else None}
                    for a in s.scalars(select(Assignment).order_by(Assignment.id))],
                "content": _content_files(s),
            }
            log_access(s, user, "export-setup", detail=f"staff={len(body['staff'])}")
        manifest = {"format": SETUP_FORMAT, "schema": head_revision(),
                    "exported_at": datetime.now().isoformat(), "sha256": _digest(body)}
        return json.dumps({"manifest": manifest, **body}, ensure_ascii=False).encode("utf-8")

    def apply(self, user: CurrentUser, data: bytes, today: date | None = None) -> SetupResult:
        require_hr(user)
        body = _read(data)
        today = today or date.today()
        with self._sessions.begin() as s:
            lock_organisation(s)
            departments = _departments(s, body["departments"])
            added, updated, ids = _staff(s, body["staff"], departments)
            s.execute(delete(Membership).where(Membership.staff_id.in_(list(ids.values()))))
            for m in body["memberships"]:
                if m["staff"] in ids and m["department"] in departments:
                    s.add(Membership(staff_id=ids[m["staff"]],
                                     department_id=departments[m["department"]],
                                     valid_from=_parse("from", m["from"]),
                                     valid_to=_parse("to", m["to"])))
            assignments = _assignments(s, body["assignments"], departments)
            s.flush()
            organisation.after_transfers(s, today)
            bump_roster_version(s)
            log_access(s, user, "import-setup", detail=f"added={added} updated={updated}")
        publication = None
        if body["content"]:
            with tempfile.TemporaryDirectory() as folder:
                for path, encoded in body["content"].items():
                    target = Path(folder, *path.split("/"))
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(base64.b64decode(encoded))
                result = self._publishing.publish(user, folder)
            if result.publication is None:
                raise ServiceError("setup-content-invalid", count=len(result.problems))
            publication = result.publication.number
        return SetupResult(len(departments), added, updated, assignments, publication)


def _content_files(s: Session) -> dict[str, str]:
    folder = published_folder(s)
    if folder is None:
        return {}
    return {p.relative_to(folder).as_posix(): base64.b64encode(p.read_bytes()).decode()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _read(data: bytes) -> dict[str, Any]:
    try:
        bundle = json.loads(data.decode("utf-8-sig"))
        manifest = bundle.pop("manifest")
    except (UnicodeDecodeError, ValueError, KeyError, AttributeError) as exc:
        raise ServiceError("bundle-unreadable") from exc
    if manifest.get("format") != SETUP_FORMAT:
        raise ServiceError("bundle-wrong-format", found=str(manifest.get("format")))
    if manifest.get("schema") != head_revision():
        raise ServiceError("bundle-wrong-schema", found=str(manifest.get("schema")),
                           expected=head_revision() or "")
    if _digest(bundle) != manifest.get("sha256"):
        raise ServiceError("bundle-altered")
    return bundle


def _departments(s: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Upsert by code, parents first (rows come ordered by level); returns code -> id."""
    ids = dict((c, i) for i, c in s.execute(select(Department.id, Department.code)).all())
    for row in rows:
        existing = s.scalar(select(Department).where(Department.code == row["code"]))
        values = {k: _parse(k, row[k]) for k in _DEPT}
        values["parent_id"] = ids.get(row["parent"]) if row["parent"] else None
        if existing is None:
            existing = Department(**values)
            s.add(existing)
            s.flush()
        else:
            for key, value in values.items():
                setattr(existing, key, value)
        ids[row["code"]] = existing.id
    for row in rows:
        if row.get("successor"):
            dept = s.get(Department, ids[row["code"]])
            if dept is not None:
                dept.successor_id = ids.get(row["successor"])
    return ids


def _staff(s: Session, rows: list[dict[str, Any]], departments: dict[str, int]
           ) -> tuple[int, int, dict[str, int]]:
    added = updated = 0
    ids: dict[str, int] = {}
    for row in rows:
        values = {k: _parse(k, row[k]) for k in _STAFF}
        values["department_id"] = departments.get(row["department"]) if row["department"] \
            else None
        existing = s.scalar(select(Staff).where(Staff.staff_no == row["staff_no"]))
        if existing is None:
            existing = Staff(**values)  # no credential: codes are issued on this PC
            s.add(existing)
            s.flush()
            added += 1
        else:
            values.pop("created_at")
            if any(getattr(existing, k) != v for k, v in values.items()):
                updated += 1
            for key, value in values.items():
                setattr(existing, key, value)
        ids[row["staff_no"]] = existing.id
    return added, updated, ids


def _assignments(s: Session, rows: list[dict[str, Any]], departments: dict[str, int]) -> int:
    """Matched by title and deadline: updated in place, or added."""
    for row in rows:
        values = {k: _parse(k, row[k]) for k in _ASSIGN}
        values["department_id"] = departments.get(row["department"]) if row["department"] \
            else None
        existing = s.scalar(select(Assignment).where(Assignment.title == values["title"],
                                                     Assignment.deadline == values["deadline"]))
        if existing is None:
            s.add(Assignment(**values))
        else:
            for key, value in values.items():
                setattr(existing, key, value)
    return len(rows)
