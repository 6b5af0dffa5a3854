"""Backups of a local SQLite database: automatic ones (at start-up once a day, before a roster
import or a restore), the list HR chooses from, and restoring one. A PostgreSQL server is backed
up with pg_dump by its administrators, never by the app (every call here says so with a code).

Errors are ServiceError codes worded in dxtrainer.backup_messages.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine

from dxtrainer.db import backups as files
from dxtrainer.db.engine import sqlite_path, to_url
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import require_hr
from dxtrainer.services.records import CurrentUser

log = logging.getLogger(__name__)

KEEP_DAILY_KEY = "backup_keep_daily"  # Meta settings; defaults files.KEEP_DAILY / KEEP_WEEKLY
KEEP_WEEKLY_KEY = "backup_keep_weekly"


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    taken_at: datetime
    reason: str  # startup, upgrade, roster-import, before-restore, manual
    size: int
    restorable: bool  # passed quick_check, is a DX Trainer database of a schema this app knows
    staff: int
    answers: int


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None  # the database as it was before the restore
    staff: int
    answers: int


class BackupService:
    """Backups of the database at `database` (a path or URL, as given with --database)."""

    def __init__(self, database: str | Path) -> None:
        self._url = to_url(database)
        self.file = sqlite_path(self._url)

    @property
    def folder(self) -> Path | None:
        return files.backup_folder(self.file) if self.file else None

    def _require_file(self) -> Path:
        if self.file is None:
            raise ServiceError("backup-server-database")
        return self.file

    def take(self, reason: str = "manual", output: Path | None = None) -> Path:
        """A checked copy now: into the backups folder (then rotated), or to `output`."""
        live = self._require_file()
        if not live.exists():
            raise ServiceError("backup-no-database", path=str(live))
        if output is not None and (output.is_dir() or output.resolve() == live.resolve()):
            raise ServiceError("backup-bad-output", path=str(output))
        try:
            made = files.take_backup(live, reason, output.parent if output else None)
        except files.BackupFailed as exc:
            raise ServiceError("backup-failed", path=str(live)) from exc
        if output is None:
            self.rotate()
            return made
        try:  # written and checked beside the target, then renamed onto it
            return made.replace(output)
        except OSError as exc:
            made.unlink(missing_ok=True)
            raise ServiceError("backup-bad-output", path=str(output)) from exc

    def automatic(self, reason: str, once_a_day: bool = False) -> Path | None:
        """A backup before a change; None on a server, for a database with no staff yet, or
        (with `once_a_day`) when one was made today or the database is the demo organisation."""
        live = self.file
        if live is None or not live.exists() or not files.read_setting(live, "device_id"):
            return None
        if once_a_day and (files.read_setting(live, "demo") == "1"
                           or files.made_today(files.backup_folder(live))):
            return None
        if not files.count_rows(live, "staff"):
            return None
        return self.take(reason)

    def rotate(self, today: date | None = None) -> list[Path]:
        live = self._require_file()
        daily = _int_setting(live, KEEP_DAILY_KEY, files.KEEP_DAILY)
        weekly = _int_setting(live, KEEP_WEEKLY_KEY, files.KEEP_WEEKLY)
        return files.rotate(files.backup_folder(live), daily, weekly, today)

    def entries(self, user: CurrentUser) -> list[BackupEntry]:
        """Every backup, newest first, each opened read-only for its check and counts."""
        require_hr(user)
        self._require_file()
        return [_entry(b) for b in files.list_backups(self.folder or Path())]

    def latest(self) -> BackupEntry | None:
        """The newest backup that can be restored."""
        self._require_file()
        for b in files.list_backups(self.folder or Path()):
            entry = _entry(b)
            if entry.restorable:
                return entry
        return None

    def restore(self, user: CurrentUser, backup: Path) -> RestoreResult:
        """Replace the live database's content with `backup`, after checking the backup and
        taking a checked copy of the live database. Nothing is deleted without a copy."""
        require_hr(user)
        live = self._require_file()
        if not backup.is_file():
            raise ServiceError("backup-missing", path=str(backup))
        if live.exists() and backup.resolve() == live.resolve():
            raise ServiceError("backup-is-live", path=str(backup))
        check = files.check_backup(backup)
        if not check.ok:
            raise ServiceError("backup-damaged", path=str(backup))
        if not check.ours:
            raise ServiceError("backup-not-ours", path=str(backup))
        if not files.known_revision(check.revision):
            raise ServiceError("backup-newer", path=str(backup))
        safety: Path | None = None
        try:
            if live.exists() and files.quick_check(live):
                safety = files.take_backup(live, "before-restore")
                files.copy_into(backup, live)
            elif live.exists():
                safety = files.replace_damaged(backup, live)
            else:
                files.copy_into(backup, live)
        except files.BackupFailed as exc:
            raise ServiceError("backup-failed", path=str(live)) from exc
        except (OSError, sqlite3.Error) as exc:
            log.error("restore of %s from %s failed: %r", live, backup, exc)
            raise ServiceError("restore-failed", path=str(live),
                               copy=str(safety or "")) from exc
        after = files.check_backup(live)
        if not after.ok:
            raise ServiceError("restore-failed", path=str(live), copy=str(safety or ""))
        log.info("database %s restored from %s by staff id %s (%s); previous content kept in %s",
                    live, backup, user.staff_id, user.staff_no or "command line", safety)
        _log_restore(live, user, backup)
        return RestoreResult(backup, safety, after.staff, after.answers)


def _entry(b: files.BackupFile) -> BackupEntry:
    check = files.check_backup(b.path)
    usable = check.ok and check.ours and files.known_revision(check.revision)
    return BackupEntry(b.path, b.taken_at, b.reason, b.size, usable, check.staff, check.answers)


def _int_setting(live: Path, key: str, default: int) -> int:
    value = files.read_setting(live, key)
    try:
        return max(0, int(value)) if value is not None else default
    except ValueError:
        return default


def _log_restore(live: Path, user: CurrentUser, backup: Path) -> None:
    """An access-log row in the restored database, under the person when they exist in it."""
    try:
        con = sqlite3.connect(live, timeout=30)
        try:
            known = con.execute("SELECT 1 FROM staff WHERE id = ?", (user.staff_id,)).fetchone()
            con.execute("INSERT INTO access_log (at, actor_id, action, detail) VALUES (?, ?, ?, ?)",
                        (datetime.now().isoformat(sep=" "), user.staff_id if known else None,
                         "restore", f"{backup.name[:200]} by {user.staff_no or 'command line'}"))
            con.commit()
        finally:
            con.close()
    except sqlite3.Error as exc:
        log.warning("could not write the restore to the access log: %r", exc)


def startup_backup(engine: Engine) -> Path | None:
    """At start-up, at most once a day. Never stops the app: a failure is logged."""
    try:
        return BackupService(str(engine.url)).automatic("startup", once_a_day=True)
    except ServiceError as exc:
        log.warning("start-up backup not made: %r", exc)
        return None


def backup_before(bind: Engine | Connection, reason: str) -> Path | None:
    """A checked backup before a change (None on a server or an empty database). Raises
    ServiceError("backup-failed") so that the change does not go ahead without one."""
    return BackupService(str(bind.engine.url)).automatic(reason)
