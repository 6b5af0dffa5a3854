"""Checked, rotating copies of a local SQLite database, made and restored with sqlite3's online
backup API (a consistent snapshot of a live database, WAL included; nothing is ever renamed or
deleted under a connection that has the file open).

Backups live in `<database folder>/backups/<database stem>/`, named
`<stem>-YYYYMMDD-HHMMSS-<reason>.sqlite3`. A copy is written under a `.partial` name, switched to
rollback-journal mode (one self-contained file), checked with `PRAGMA quick_check`, and only then
renamed to its final name: a file with a final name has always passed the check.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

KEEP_DAILY = 7
KEEP_WEEKLY = 4
OUR_TABLES = frozenset({"alembic_version", "meta", "staff", "answers"})
_NAME = re.compile(r"-(\d{8})-(\d{6})-([a-z][a-z-]*?)(?:-(\d+))?$")
_TIMEOUT_S = 30.0


class BackupFailed(Exception):
    """A copy could not be made or did not pass its check (`reason` is a short code)."""

    def __init__(self, reason: str, path: Path) -> None:
        super().__init__(f"{reason}: {path}")
        self.reason = reason
        self.path = path


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime
    reason: str
    size: int


@dataclass(frozen=True)
class BackupCheck:
    """What a file holds, read without changing it."""

    ok: bool  # quick_check passed
    ours: bool  # has the tables of a DX Trainer database
    revision: str | None
    staff: int
    answers: int


def backup_folder(database: Path) -> Path:
    return database.parent / "backups" / database.stem


def _read_only(path: Path) -> str:
    """A read-only URI for sqlite3 (percent-encoded, so that ?, # or % in a folder name work)."""
    return path.resolve().as_uri() + "?mode=ro"


def _suffix(database: Path) -> str:
    return database.suffix or ".sqlite3"


def quick_check(path: Path) -> bool:
    """`PRAGMA quick_check` on a file opened read-only; False when it is not a database at all."""
    try:
        con = sqlite3.connect(_read_only(path), uri=True, timeout=_TIMEOUT_S)
        try:
            row = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return bool(row) and row[0] == "ok"


def _quick_check_verdict(con: sqlite3.Connection) -> str:
    row = con.execute("PRAGMA quick_check").fetchone()
    return str(row[0]) if row else "no answer"


def take_backup(database: Path, reason: str, folder: Path | None = None,
                now: datetime | None = None) -> Path:
    """A checked copy of the live database. Raises BackupFailed (and leaves no file) when the
    copy cannot be made or fails quick_check."""
    folder = folder or backup_folder(database)
    now = now or datetime.now()
    base = f"{database.stem}-{now:%Y%m%d-%H%M%S}-{reason}"
    target, n = folder / f"{base}{_suffix(database)}", 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}{_suffix(database)}"
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(database, timeout=_TIMEOUT_S)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one file, readable without -shm
                verdict = _quick_check_verdict(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        log.warning("backup of %s failed: %s", database, exc)
        raise BackupFailed("copy-failed", database) from exc
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        log.warning("backup of %s failed quick_check: %s", database, verdict)
        raise BackupFailed("check-failed", database)
    os.replace(partial, target)
    return target


def _parse(path: Path) -> BackupFile | None:
    match = _NAME.search(path.stem)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
        return BackupFile(path, taken, match[3], path.stat().st_size)
    except (ValueError, OSError):
        return None


def list_backups(folder: Path) -> list[BackupFile]:
    """The finished backups in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [b for p in folder.iterdir()
             if p.is_file() and not p.name.endswith(".partial") and (b := _parse(p))]
    # names have whole seconds: the file's own time orders two made in the same second
    return sorted(found, key=lambda b: (b.taken_at, _mtime(b.path)), reverse=True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def to_keep(backups: list[BackupFile], keep_daily: int = KEEP_DAILY,
            keep_weekly: int = KEEP_WEEKLY, today: date | None = None) -> set[Path]:
    """Every backup made today, the newest of each of the last `keep_daily` days that have one,
    and the newest of each of the last `keep_weekly` ISO weeks that have one."""
    today = today or date.today()
    keep = {b.path for b in backups if b.taken_at.date() >= today}
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    for b in sorted(backups, key=lambda b: b.taken_at, reverse=True):
        day, week = b.taken_at.date(), b.taken_at.isocalendar()[:2]
        if day not in days and len(days) < keep_daily:
            days.add(day)
            keep.add(b.path)
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.add(week)
            keep.add(b.path)
    return keep


def rotate(folder: Path, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY,
           today: date | None = None) -> list[Path]:
    """Delete the backups no longer kept (and copies left half-made over an hour ago)."""
    backups = list_backups(folder)
    keep = to_keep(backups, keep_daily, keep_weekly, today)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    stale = datetime.now() - timedelta(hours=1)
    for partial in folder.glob("*.partial") if folder.is_dir() else []:
        if datetime.fromtimestamp(partial.stat().st_mtime) < stale:
            partial.unlink(missing_ok=True)
    return removed


def made_today(folder: Path, today: date | None = None) -> bool:
    today = today or date.today()
    return any(b.taken_at.date() == today for b in list_backups(folder))


def check_backup(path: Path) -> BackupCheck:
    """Open `path` read-only: quick_check, whether it is ours, its schema revision and counts."""
    if not quick_check(path):
        return BackupCheck(False, False, None, 0, 0)
    con = sqlite3.connect(_read_only(path), uri=True, timeout=_TIMEOUT_S)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not OUR_TABLES <= tables:
            return BackupCheck(True, False, None, 0, 0)
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        staff = con.execute("SELECT count(*) FROM staff").fetchone()[0]
        answers = con.execute("SELECT count(*) FROM answers").fetchone()[0]
    except sqlite3.DatabaseError:
        return BackupCheck(True, False, None, 0, 0)
    finally:
        con.close()
    return BackupCheck(True, True, row[0] if row else None, staff, answers)


def read_setting(database: Path, key: str) -> str | None:
    """A Meta value of the live database (None when missing or unreadable)."""
    try:
        con = sqlite3.connect(_read_only(database), uri=True, timeout=_TIMEOUT_S)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def count_rows(database: Path, table: str) -> int:
    """Rows in one of our tables (0 when the table or the file cannot be read)."""
    try:
        con = sqlite3.connect(_read_only(database), uri=True, timeout=_TIMEOUT_S)
        try:
            return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def known_revision(revision: str | None) -> bool:
    """Whether this app's migrations know `revision` (a newer app's database is refused)."""
    if revision is None:
        return False
    from dxtrainer.db import revisions

    return revision in revisions.known()


def copy_into(backup: Path, database: Path) -> None:
    """Replace the live database's content with the backup's, in one SQLite transaction.

    The online backup API writes every page of `backup` into `database` while holding its write
    lock: other connections wait (busy timeout) and then see either the old or the new content,
    a crash half-way is rolled back from the journal, and the file itself is never renamed or
    removed, so connections that have it open (another window, this app's pool) stay valid. A
    file swap instead would leave them reading a deleted file and its now foreign -wal.
    """
    src = sqlite3.connect(_read_only(backup), uri=True, timeout=_TIMEOUT_S)
    try:
        dst = sqlite3.connect(database, timeout=_TIMEOUT_S)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()


def replace_damaged(backup: Path, database: Path) -> Path:
    """For a live file SQLite cannot open as a database: set it (and its -wal/-shm) aside by
    copying, build the restored database under a temporary name beside it, then swap it in with
    one atomic rename. Returns the path of the copy set aside."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = backup_folder(database) / f"{database.stem}-damaged-{stamp}{_suffix(database)}"
    aside.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(database, aside)
    for extra in ("-wal", "-shm"):
        side = database.with_name(database.name + extra)
        if side.exists():
            shutil.copy2(side, aside.with_name(aside.name + extra))
    temp = database.with_name(database.name + ".restoring")
    temp.unlink(missing_ok=True)
    copy_into(backup, temp)
    for extra in ("-wal", "-shm"):  # they belonged to the damaged file (copied aside above)
        database.with_name(database.name + extra).unlink(missing_ok=True)
    os.replace(temp, database)
    return aside
