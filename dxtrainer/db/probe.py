"""Looks at a database before it is used and names what is wrong with it, precisely.

A healthy file in a read-only folder is not "broken", a locked file is not "damaged", and a
server that refuses a password is not "unreachable": each gets its own code, and only a file
whose contents fail SQLite's own check (`quick_check`) is called damaged. The probe never
writes: it reads the file's header, opens it read-only, and tries a write lock it rolls back.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

SQLITE_HEADER = b"SQLite format 3\x00"
# A file with one of these names that is not SQLite inside was ours and got overwritten; any
# other file (a spreadsheet given to --database by mistake) is "not ours", never "damaged".
DATABASE_SUFFIXES = {".sqlite3", ".sqlite", ".db", ".db3"}
OUR_TABLES = {"meta", "staff"}
BUSY_TIMEOUT_S = 5.0

READ_ONLY = "read-only"        # the file or its folder cannot be written (looking is fine)
NO_ACCESS = "no-access"        # the file cannot even be read
MISSING = "missing"            # no such file (read-only opening) or no such database on a server
LOCKED = "locked"              # another program holds the lock beyond the busy timeout
UNREACHABLE = "unreachable"    # no server answered
LOGIN_REFUSED = "login-refused"
# A database that records the oldest app allowed to write (db/engine.py MIN_WRITER_KEY) tells us
# itself whether an unknown, newer revision still lets this app write; the probe marks it so.
WRITER_KEY = "min_writer_version"
WRITER_MARK = " records-min-writer-version"
TOO_NEW = "too-new"            # a schema revision this app does not know: made by a newer app
NOT_OURS = "not-ours"          # a database (or file) that was never DX Trainer's
DAMAGED = "damaged"            # SQLite's own check fails: the only case a restore is offered


class DatabaseOpenError(Exception):
    """Why a database cannot be opened (one of the codes above), and where it is."""

    def __init__(self, code: str, url: str, path: Path | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.url = url
        self.path = path


def probe_sqlite(path: Path, url: str, *, read_only: bool = False,
                 timeout: float = BUSY_TIMEOUT_S) -> None:
    """Raise DatabaseOpenError unless the SQLite file at `path` can be used (written too,
    unless `read_only`). A missing or empty file is fine when its folder can be written."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        if read_only:
            if not path.exists():
                raise DatabaseOpenError(MISSING, url, path)
        elif not folder_writable(path.parent):
            raise DatabaseOpenError(READ_ONLY, url, path)
        return
    if not path.is_file():
        raise DatabaseOpenError(NOT_OURS, url, path)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise DatabaseOpenError(NO_ACCESS, url, path) from exc
    except OSError as exc:
        raise DatabaseOpenError(DAMAGED, url, path) from exc
    if head != SQLITE_HEADER:
        ours = path.suffix.lower() in DATABASE_SUFFIXES
        raise DatabaseOpenError(DAMAGED if ours else NOT_OURS, url, path)
    writable = file_writable(path) and folder_writable(path.parent)
    try:
        tables, revision = _read_sqlite(path, immutable=read_as_immutable(path, writable),
                                        timeout=timeout)
        check_schema(tables, revision, url, path)
        if not read_only:
            if not writable:
                raise DatabaseOpenError(READ_ONLY, url, path)
            _try_write_lock(path, timeout)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(sqlite_error_code(exc), url, path) from exc


def read_as_immutable(path: Path, writable: bool) -> bool:
    """Whether a reader must open the file as immutable. A WAL reader needs a -shm file: where
    we may not write, SQLite could not make one (a read-only folder), or would leave one behind
    that the file's owner may then be unable to write (a read-only file). So a file we cannot
    write is read as immutable, unless a -wal file shows that its owner is using it now (then
    SQLite reads their shared memory read-only and sees their commits)."""
    return not writable and not path.with_name(path.name + "-wal").exists()


def _read_sqlite(path: Path, *, immutable: bool, timeout: float) -> tuple[set[str], str | None]:
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    con = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True, timeout=timeout)
    try:
        row = con.execute("PRAGMA quick_check").fetchone()
        if not row or row[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")  # worded as damaged below
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            found = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = found[0] if found else None
        if "meta" in tables and con.execute("SELECT 1 FROM meta WHERE key = ?",
                                            (WRITER_KEY,)).fetchone():
            tables.add(WRITER_MARK)
        return tables, revision
    finally:
        con.close()


def _try_write_lock(path: Path, timeout: float) -> None:
    """Take the write lock and give it straight back: fails after `timeout` when another
    program keeps the database locked (nothing is written; BEGIN IMMEDIATE only locks)."""
    con = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
    finally:
        con.close()


def sqlite_error_code(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return LOCKED
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return READ_ONLY
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return NO_ACCESS
    return DAMAGED  # SQLITE_NOTADB, SQLITE_CORRUPT, a failed quick_check, an I/O error


def file_writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def folder_writable(folder: Path) -> bool:
    """Whether a file can be made in `folder` (SQLite's journal and WAL files need that). Tried
    for real: permission bits say little on Windows shares and nothing about read-only mounts."""
    try:
        fd, name = tempfile.mkstemp(prefix=".dxtrainer-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def known_revisions() -> frozenset[str]:
    """The revisions this app ships (db/revisions.py: read once, without importing Alembic)."""
    from dxtrainer.db import revisions

    return revisions.known()


def check_schema(tables: set[str], revision: str | None, url: str,
                 path: Path | None = None) -> None:
    """A database with tables is ours when it carries our tables or our Alembic revision; a
    revision we do not know on our tables means a newer app made it."""
    recorded = WRITER_MARK in tables
    tables = {t for t in tables if not t.startswith("sqlite_") and t != WRITER_MARK}
    if not tables:
        return
    ours = OUR_TABLES <= tables
    if revision is None:
        if not ours:
            raise DatabaseOpenError(NOT_OURS, url, path)
        return
    if revision not in known_revisions():
        if ours and recorded:
            return  # a newer app that says which apps may still write: open_services decides
        raise DatabaseOpenError(TOO_NEW if ours else NOT_OURS, url, path)


def probe_server(engine: Engine, *, read_only: bool = False) -> None:
    """Connect once to a database server and check that it is ours and writable."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import DBAPIError

    url = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if "meta" in tables and conn.execute(text("SELECT 1 FROM meta WHERE key = :k"),
                                                 {"k": WRITER_KEY}).first():
                tables.add(WRITER_MARK)
            check_schema(tables, revision, url)
            if not read_only and conn.execute(text("SHOW transaction_read_only")).scalar() == "on":
                raise DatabaseOpenError(READ_ONLY, url)
    except DBAPIError as exc:
        raise DatabaseOpenError(server_error_code(exc.orig), url) from exc


def server_error_code(exc: BaseException | None) -> str:
    """PostgreSQL's answer, by SQLSTATE where libpq gives one and by its words where it does not
    (a refused connection carries none)."""
    state = getattr(exc, "sqlstate", None) or ""
    text = str(exc)
    if state.startswith("28") or "authentication failed" in text or "no password" in text:
        return LOGIN_REFUSED
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return MISSING
    if state in ("25006", "42501") or "read-only" in text:
        return READ_ONLY
    if state.startswith(("55P03", "40P01")) or "lock" in text:
        return LOCKED
    busy = ("starting up", "shutting down", "recovery", "too many")  # 57P03, 53300: try later
    if state.startswith(("57P", "53")) or any(words in text for words in busy):
        return UNREACHABLE
    if "FATAL" in text:
        return LOGIN_REFUSED  # the server answered and turned us away (pg_hba, unknown role)
    return UNREACHABLE
