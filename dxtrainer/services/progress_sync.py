"""Progress bundles between databases (an offline PC and the central server): `export-progress`
writes every learner record kind to one file; `import-progress` previews it and applies it in one
transaction with the roll-ups.

The file is JSON: a manifest (format, schema revision, exporting device, time span, counts and the
SHA-256 of the records' canonical JSON) and the records, each kind a list of rows with people as
職員番号 and departments as codes, so that ids of the two databases never mix.

Merge rules per kind (a record is matched by its UUID, or by its natural key where it has one):
- answers, completions, review answers, survey responses and survey marks never change after they
  are written: the same UUID with the same contents is "already present"; different contents are a
  conflict, refused and listed.
- attempts: the start is fixed (conflict if it differs); the finish, score and flags merge: a
  finished attempt replaces an unfinished one.
- lesson visits (one per person and lesson): earliest first opening, latest last opening, earliest
  reading to the end.
- review cards (one per person and question): the one reviewed last wins.
- certificates: a revocation merges in; the rest is fixed.
People unknown to this database are skipped and listed; importing again after a roster import
brings them in. Importing the same bundle twice changes nothing.

Many PCs at once: an import is one unit of work (retried when the database is busy) that first
takes the roll-ups lock exclusively, as a rebuild does, so two imports of one bundle run one after
the other and learners' roll-up updates wait for it. Even so, nothing is read into Python and
written back: a new record goes in by INSERT … ON CONFLICT DO NOTHING, and a merge is one
UPDATE whose WHERE holds the kind's rule (an unfinished attempt, a later time, a card reviewed
earlier, a certificate not yet revoked), so a record already merged by someone else is left alone.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Update, case, func, inspect, literal, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.meta import set_meta
from dxtrainer.db.models import (
    Answer,
    Attempt,
    Certificate,
    Department,
    LessonCompletion,
    LessonVisit,
    Meta,
    ReviewAnswer,
    ReviewCard,
    Staff,
    SurveyMark,
    SurveyResponse,
)
from dxtrainer.db.revisions import head as head_revision
from dxtrainer.db.transactions import lock_rollups
from dxtrainer.db.upsert import dialect_insert
from dxtrainer.services import rollups, units
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import log_access, require_hr
from dxtrainer.services.records import CurrentUser

BUNDLE_FORMAT = "dxtrainer-progress/1"
# kind -> (model, natural key columns other than `id`, or () when the UUID is the key)
KINDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "attempts": (Attempt, ()),
    "answers": (Answer, ()),
    "lesson_visits": (LessonVisit, ("staff_id", "lesson_id")),
    "lesson_completions": (LessonCompletion, ()),
    "review_answers": (ReviewAnswer, ()),
    "review_cards": (ReviewCard, ("staff_id", "quiz_id", "question_id")),
    "certificates": (Certificate, ()),
    "survey_marks": (SurveyMark, ("staff_id", "course_id")),
    "survey_responses": (SurveyResponse, ()),
}
_PEOPLE = ("staff_id", "revoked_by")  # columns holding a person: written as 職員番号
_TIMES = {"started_at", "finished_at", "answered_at", "completed_at", "first_opened_at",
          "last_opened_at", "read_at", "due", "updated_at", "issued_at", "revoked_at"}
_SINCE = {"attempts": "started_at", "answers": "answered_at", "lesson_visits": "last_opened_at",
          "lesson_completions": "completed_at", "review_answers": "answered_at",
          "review_cards": "updated_at", "certificates": "issued_at"}


@dataclass
class ImportPreview:
    new: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (kind, id)
    unknown_staff: set[str] = field(default_factory=set)
    manifest: dict[str, Any] = field(default_factory=dict)


def _digest(records: dict[str, list[dict[str, Any]]]) -> str:
    canonical = json.dumps(records, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _columns(model: Any) -> list[str]:
    return [c.key for c in inspect(model).columns]


class ProgressSyncService:
    def __init__(self, sessions: sessionmaker[Session], device_id: str) -> None:
        self._sessions = sessions
        self._device_id = device_id

    def export(self, user: CurrentUser, since: date | None = None) -> bytes:
        require_hr(user)
        with self._sessions.begin() as s:
            people = dict(s.execute(select(Staff.id, Staff.staff_no)).all())
            codes = dict(s.execute(select(Department.id, Department.code)).all())
            records: dict[str, list[dict[str, Any]]] = {}
            times: list[datetime] = []
            for kind, (model, _key) in KINDS.items():
                query = select(model)
                column = _SINCE.get(kind)
                if since is not None and column is not None:
                    query = query.where(getattr(model, column)
                                        >= datetime.combine(since, datetime.min.time()))
                rows = []
                for row in s.scalars(query):
                    data = _out(row, people, codes)
                    if column is not None and getattr(row, column) is not None:
                        times.append(getattr(row, column))
                    rows.append(data)
                records[kind] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
            manifest = {
                "format": BUNDLE_FORMAT, "schema": head_revision(),
                "device": self._device_id, "exported_at": datetime.now().isoformat(),
                "since": since.isoformat() if since else None,
                "first": min(times).isoformat() if times else None,
                "last": max(times).isoformat() if times else None,
                "counts": {k: len(v) for k, v in records.items()},
                "sha256": _digest(records)}
            log_access(s, user, "export-progress", detail=json.dumps(manifest["counts"]))
            set_meta(s, "last_export_at", str(manifest["exported_at"]))
        return json.dumps({"manifest": manifest, "records": records}, ensure_ascii=False,
                          indent=1).encode("utf-8")

    def preview(self, user: CurrentUser, data: bytes) -> ImportPreview:
        require_hr(user)
        manifest, records = _read(data)
        with self._sessions() as s:
            return _merge(s, manifest, records, apply=False)

    def apply(self, user: CurrentUser, data: bytes) -> ImportPreview:
        """Everything in one transaction with the roll-ups; conflicts and unknown people are
        left out (and reported), the rest goes in."""
        require_hr(user)
        manifest, records = _read(data)

        def work(s: Session) -> ImportPreview:
            lock_rollups(s)  # one import at a time; incremental roll-up updates wait
            result = _merge(s, manifest, records, apply=True)
            if result.new or result.updated:
                rollups.rebuild(s)
            log_access(s, user, "import-progress", detail=json.dumps(
                {"device": manifest.get("device"), "exported_at": manifest.get("exported_at"),
                 "new": sum(result.new.values()), "updated": sum(result.updated.values()),
                 "conflicts": len(result.conflicts)}))
            return result

        return units.run(self._sessions, work)

    def last_export(self) -> datetime | None:
        """When this database last wrote a progress bundle (shown on this PC)."""
        with self._sessions() as s:
            row = s.get(Meta, "last_export_at")
        return datetime.fromisoformat(row.value) if row else None

    def arrivals(self, user: CurrentUser) -> list[Arrival]:
        """HR: per device and department, the newest answer held here (whether it came in a
        bundle or over the network), newest first."""
        require_hr(user)
        with self._sessions() as s:
            rows = s.execute(
                select(Answer.device_id, Department.name, func.max(Answer.answered_at),
                       func.count())
                .outerjoin(Department, Department.id == Answer.department_id)
                .group_by(Answer.device_id, Department.name)).all()
        return sorted((Arrival(d, name or "", at, n) for d, name, at, n in rows),
                      key=lambda a: a.latest, reverse=True)


@dataclass(frozen=True)
class Arrival:
    device_id: str
    department: str
    latest: datetime
    answers: int


def _out(row: Any, people: dict[int, str], codes: dict[int, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in _columns(type(row)):
        value = getattr(row, key)
        if key in _PEOPLE:
            value = people.get(value) if value is not None else None
        elif key == "department_id":
            value = codes.get(value) if value is not None else None
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        data[key] = value
    return data


def _read(data: bytes) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The manifest and records of a bundle, or ServiceError saying why it cannot be used."""
    try:
        bundle = json.loads(data.decode("utf-8-sig"))
        manifest, records = bundle["manifest"], bundle["records"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ServiceError("bundle-unreadable") from exc
    if manifest.get("format") != BUNDLE_FORMAT:
        raise ServiceError("bundle-wrong-format", found=str(manifest.get("format")))
    if manifest.get("schema") != head_revision():
        raise ServiceError("bundle-wrong-schema", found=str(manifest.get("schema")),
                           expected=head_revision() or "")
    if not isinstance(records, dict) or set(records) - set(KINDS) \
            or _digest(records) != manifest.get("sha256") \
            or {k: len(v) for k, v in records.items()} != manifest.get("counts"):
        raise ServiceError("bundle-altered")
    return manifest, records


def _merge(s: Session, manifest: dict[str, Any], records: dict[str, list[dict[str, Any]]],
           *, apply: bool) -> ImportPreview:
    result = ImportPreview(manifest=manifest)
    people = {no: i for i, no in s.execute(select(Staff.id, Staff.staff_no)).all()}
    codes = {c: i for i, c in s.execute(select(Department.id, Department.code)).all()}
    insert = dialect_insert(s.get_bind().dialect.name)
    for kind, (model, natural) in KINDS.items():  # attempts before answers (foreign key)
        key = natural or ("id",)
        for raw in records.get(kind, []):
            row = _in(model, raw, people, codes, result)
            if row is None:
                continue
            existing = s.scalar(select(model).where(*(getattr(model, k) == row[k] for k in key))
                                .execution_options(populate_existing=True))
            if existing is None:
                if not apply or _rows(s, insert(model).values(
                        {k: v for k, v in row.items() if v is not None or k != "id"})
                        .on_conflict_do_nothing()):
                    result.new[kind] += 1
                    continue
                existing = s.scalar(select(model).where(  # written by another PC just now
                    *(getattr(model, k) == row[k] for k in key))
                    .execution_options(populate_existing=True))
            changes = None if existing is None else _changes(kind, existing, row)
            if changes is None:
                result.conflicts.append((kind, str(row.get("id") or "")))
            elif changes and (not apply or _rows(s, _merged(kind, model, key, row))):
                result.updated[kind] += 1
            else:
                result.present[kind] += 1
    return result


def _rows(s: Session, statement: Any) -> int:  # noqa: ANN401 - an INSERT or UPDATE
    """How many rows `statement` wrote (counted for an INSERT too: preserve_rowcount)."""
    return cast(CursorResult[Any], s.execute(statement.execution_options(
        synchronize_session=False, preserve_rowcount=True))).rowcount


def _merged(kind: str, model: Any, key: tuple[str, ...], row: dict[str, Any]) -> Update:
    """One UPDATE merging `row` into the stored record by the kind's rule, in SQL: it changes
    nothing when the stored record already is as new (then its rowcount is 0)."""
    def value(name: str) -> Any:  # noqa: ANN401 - a bound parameter of the column's type
        return literal(row[name], getattr(model, name).type)

    statement = update(model).where(*(getattr(model, k) == row[k] for k in key))
    if kind == "attempts":  # a finished attempt replaces an unfinished one
        return statement.where(model.finished_at.is_(None)).values(
            {k: row[k] for k in ("finished_at", "correct_count", "question_count", "score",
                                 "passed", "flags")})
    if kind == "lesson_visits":  # earliest first opening, latest last, earliest read
        first, last = model.first_opened_at, model.last_opened_at
        changes: dict[str, Any] = {
            "first_opened_at": case((first > value("first_opened_at"),
                                     value("first_opened_at")), else_=first),
            "last_opened_at": case((last < value("last_opened_at"),
                                    value("last_opened_at")), else_=last)}
        newer = [first > value("first_opened_at"), last < value("last_opened_at")]
        if row["read_at"] is not None:
            later = or_(model.read_at.is_(None), model.read_at > value("read_at"))
            changes["read_at"] = case((later, value("read_at")), else_=model.read_at)
            newer.append(later)
        return statement.where(or_(*newer)).values(changes)
    if kind == "review_cards":  # the one reviewed last wins
        return statement.where(model.updated_at < row["updated_at"]).values(
            {k: row[k] for k in ("card", "due", "reviews", "updated_at")})
    if kind == "certificates":  # a revocation merges in
        return statement.where(model.revoked_at.is_(None)).values(
            {k: row[k] for k in ("revoked_at", "revoked_by", "revoke_reason")})
    raise ValueError(kind)


def _in(model: Any, raw: dict[str, Any], people: dict[str, int], codes: dict[str, int],
        result: ImportPreview) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    for key in _columns(model):
        value = raw.get(key)
        if key in _PEOPLE and value is not None:
            if value not in people:
                result.unknown_staff.add(str(value))
                if key == "staff_id":
                    return None
                value = None
            else:
                value = people[value]
        elif key == "department_id" and value is not None:
            value = codes.get(value)
        elif key in _TIMES and isinstance(value, str):
            value = datetime.fromisoformat(value)
        row[key] = value
    return row


_FIXED_AFTER_WRITE = {"answers", "lesson_completions", "review_answers", "survey_responses",
                      "survey_marks"}


def _changes(kind: str, existing: Any, row: dict[str, Any]) -> dict[str, Any] | None:
    """What to change on `existing` ({} nothing), or None for a conflict."""
    def same(*keys: str) -> bool:
        return all(getattr(existing, k) == row[k] for k in keys)

    if kind in _FIXED_AFTER_WRITE:
        fixed = [k for k in row if k not in ("department_id", "device_id")]
        return {} if same(*fixed) else None
    if kind == "attempts":
        if not same("staff_id", "quiz_id", "quiz_version", "started_at"):
            return None
        if row["finished_at"] is not None and existing.finished_at is None:
            return {k: row[k] for k in ("finished_at", "correct_count", "question_count",
                                        "score", "passed", "flags")}
        return {}
    if kind == "lesson_visits":
        merged = {"first_opened_at": min(existing.first_opened_at, row["first_opened_at"]),
                  "last_opened_at": max(existing.last_opened_at, row["last_opened_at"]),
                  "read_at": min((t for t in (existing.read_at, row["read_at"]) if t),
                                 default=None)}
        return {k: v for k, v in merged.items() if getattr(existing, k) != v}
    if kind == "review_cards":
        if row["updated_at"] > existing.updated_at:
            return {k: row[k] for k in ("card", "due", "reviews", "updated_at")}
        return {}
    if kind == "certificates":
        if not same("staff_id", "course_id", "code"):
            return None
        if row["revoked_at"] is not None and existing.revoked_at is None:
            return {k: row[k] for k in ("revoked_at", "revoked_by", "revoke_reason")}
        return {}
    return {}
