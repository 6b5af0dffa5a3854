"""`dxtrainer upgrade-database`: the one deliberate way a shared database changes its schema,
its content mirror and its roll-ups (start-up never does it on a server).

The HR sign-in for it runs before the upgrade, on a schema that may be several revisions old, so
`StaffCheck` reads only the staff columns every revision has had since the first (plain SQL,
never the ORM models of this app's newer schema).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from dxtrainer.content.loader import load_content
from dxtrainer.db.engine import (
    backup_before,
    current_revision,
    head_revision,
    make_sessions,
    migrate,
    record_writer_version,
)
from dxtrainer.domain.content import ContentIndex
from dxtrainer.services.content_sync import mirror_matches, sync_content
from dxtrainer.services.credentials import verify_secret
from dxtrainer.services.organisation import log_access
from dxtrainer.services.publishing import folder_files, published_folder, store_publication
from dxtrainer.services.records import (
    CurrentUser,
    Role,
    SignInResult,
    SignInStatus,
    StaffSummary,
)
from dxtrainer.services.rollups import rebuild

MAX_FAILURES = 5
LOCK_MINUTES = 15


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str | None
    backup: Path | None
    content_updated: bool
    rebuilt: bool
    writer_version: str


class StaffCheck:
    """find_by_number and sign_in (password check with the usual lockout) on any schema revision."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def has_staff(self) -> bool:
        with self._engine.connect() as conn:
            if "staff" not in inspect(conn).get_table_names():
                return False
            return conn.execute(text("SELECT 1 FROM staff LIMIT 1")).first() is not None

    def find_by_number(self, staff_no: str) -> StaffSummary | None:
        import unicodedata

        number = unicodedata.normalize("NFKC", staff_no).strip()
        with self._engine.connect() as conn:
            row = conn.execute(text(
                "SELECT id, staff_no, name, kana, role, credential FROM staff "
                "WHERE staff_no = :no AND active = :yes"), {"no": number, "yes": True}).first()
        if row is None:
            return None
        return StaffSummary(row.id, row.staff_no, row.name, row.kana, "",
                            row.credential is not None, Role(row.role))

    def sign_in(self, staff_id: int, password: str, *,
                now: datetime | None = None) -> SignInResult:
        now = now or datetime.now()
        with self._engine.begin() as conn:
            row = conn.execute(text(
                "SELECT id, staff_no, name, role, active, credential, locked_until FROM staff "
                "WHERE id = :id"), {"id": staff_id}).first()
            if row is None or not row.active:
                return SignInResult(SignInStatus.UNKNOWN)
            locked = _as_datetime(row.locked_until)
            if locked is not None and locked > now:
                return SignInResult(SignInStatus.LOCKED, locked_until=locked)
            if row.credential is None:
                return SignInResult(SignInStatus.NEEDS_CODE)
            if not verify_secret(password, row.credential):
                failures = conn.execute(text(  # one atomic statement: no read-modify-write
                    "UPDATE staff SET failed_attempts = failed_attempts + 1 WHERE id = :id "
                    "RETURNING failed_attempts"), {"id": staff_id}).scalar_one()
                if failures >= MAX_FAILURES:
                    until = now + timedelta(minutes=LOCK_MINUTES)
                    conn.execute(text("UPDATE staff SET failed_attempts = 0, locked_until = :t "
                                      "WHERE id = :id"), {"t": until, "id": staff_id})
                    return SignInResult(SignInStatus.LOCKED, locked_until=until)
                return SignInResult(SignInStatus.WRONG, attempts_left=MAX_FAILURES - failures)
            conn.execute(text("UPDATE staff SET failed_attempts = 0, locked_until = NULL "
                              "WHERE id = :id"), {"id": staff_id})
        user = CurrentUser(row.id, row.staff_no, row.name, "", Role(row.role))
        return SignInResult(SignInStatus.OK, user=user)


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))  # SQLite hands plain SQL its text


def upgrade_database(engine: Engine, index: ContentIndex, actor: CurrentUser | None, *,
                     backup_dir: Path | None = None) -> UpgradeResult:
    """Back up (SQLite), migrate to this app's schema, record the oldest app allowed to write,
    mirror the content and rebuild the roll-ups when anything changed; logged under `actor`.
    The content mirrored is the organisation's published content; a database that has none yet
    gets `index` (the bundled or --content folder) as its first publication."""
    before = current_revision(engine)
    after = head_revision(engine)
    if before == after:
        with make_sessions(engine)() as s:
            folder = published_folder(s)
            if folder is not None and mirror_matches(s, load_content(folder)):  # nothing to do but to record the writer version
                return UpgradeResult(before, after, None, False, False,
                                     record_writer_version(engine))
    backup = backup_before(engine, "upgrade", backup_dir)
    migrate(engine, backup_first=False)
    writer = record_writer_version(engine)
    with make_sessions(engine).begin() as s:
        folder, seeded = published_folder(s), False
        if folder is not None:
            index = load_content(folder)
        elif not any(p.severity == "error" for p in index.problems):  # publication 1
            store_publication(s, folder_files(Path(index.root)), index, user=actor,
                              source=index.root)
            seeded = True
        changed = sync_content(s, index) or seeded
        rebuilt = changed or before != after
        if rebuilt:
            s.flush()
            rebuild(s)
        if actor is not None:
            log_access(s, actor, "upgrade-database", detail=(
                f"schema {before or '-'} -> {after}; content "
                f"{'updated' if changed else 'unchanged'}; writers >= {writer}"))
    return UpgradeResult(before, after, backup, changed, rebuilt, writer)
