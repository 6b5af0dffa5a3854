"""Engine and session set-up: SQLite in WAL mode with foreign keys and a busy timeout."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db import probe, revisions, transactions
from dxtrainer.db.backups import take_backup
from dxtrainer.db.probe import (
    READ_ONLY,
    DatabaseOpenError,
    probe_server,
    probe_sqlite,
    read_as_immutable,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine.interfaces import DBAPIConnection
    from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS = Path(__file__).parent / "migrations"


def to_url(database: str | Path) -> str:
    text = str(database)
    return text if "://" in text else f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return None if parsed.database == ":memory:" else Path(parsed.database)


def make_engine(url: str, *, read_only: bool = False, timeout: float | None = None) -> Engine:
    """An engine for the database at `url`, looked at first (see db/probe.py): raises
    DatabaseOpenError saying precisely why it cannot be used. With `read_only`, nothing can be
    written through it (SQLite opens the file with mode=ro; PostgreSQL sessions default to
    read-only transactions)."""
    timeout = probe.BUSY_TIMEOUT_S if timeout is None else timeout
    path = sqlite_path(url)
    if path is not None:
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseOpenError(READ_ONLY, url, path) from exc
        probe_sqlite(path, url, read_only=read_only, timeout=timeout)
    if path is not None and read_only:
        writable = probe.file_writable(path) and probe.folder_writable(path.parent)
        flags = "mode=ro&immutable=1" if read_as_immutable(path, writable) else "mode=ro"
        uri = f"{path.resolve().as_uri()}?{flags}"

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)

        engine = create_engine("sqlite://", creator=connect, future=True)
    elif path is not None:
        engine = create_engine(url, future=True)
    else:
        # Without a timeout an unroutable server keeps the start-up cue up for minutes.
        wait = max(2, round(timeout * 2))
        engine = create_engine(url, future=True, connect_args={"connect_timeout": wait})
    transactions.install(engine, read_only=read_only)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_read_pragmas if read_only else _sqlite_pragmas)
    else:
        if read_only:
            event.listen(engine, "connect", _postgres_read_only)
        try:
            probe_server(engine, read_only=read_only)
        except DatabaseOpenError:
            engine.dispose()
            raise
    return engine


def _sqlite_read_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _postgres_read_only(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # FULL: an answer whose commit returned survives a power cut too (benchmarks/writers.py: about
    # 0.3 ms a commit); NORMAL could lose the last commits before the next checkpoint.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=transactions.WriteFirstSession, expire_on_commit=False)


def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine.execution_options(**{transactions.SQLITE_BEGIN: "PYSQLITE"})
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The revision recorded in the database's `alembic_version` table (None: no table, or an
    empty one), read with plain SQL as Alembic's MigrationContext would."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise ValueError("alembic_version holds more than one revision")
    return str(rows[0]) if rows else None


def head_revision(_engine: Engine | None = None) -> str | None:
    """This app's newest revision (db/revisions.py; Alembic is not imported)."""
    return revisions.head()


# The oldest app version that may write to a database made by the first revision. A later
# revision that changes what older apps would write wrongly (renames, drops, new NOT NULL columns,
# new meanings) says so in its module: `min_writer_version = "0.3.0"`. A revision that only adds
# leaves it out, and the value of the revision before it holds, so PCs not yet updated keep writing.
BASE_WRITER_VERSION = "0.1.0"
MIN_WRITER_KEY = probe.WRITER_KEY


class SchemaState(StrEnum):
    EMPTY = "empty"  # no tables at all: a new database
    CURRENT = "current"  # at this app's head revision
    BEHIND = "behind"  # an older revision this app knows: needs an upgrade
    AHEAD = "ahead"  # a revision this app does not know: made by a newer app


def schema_state(engine: Engine) -> SchemaState:
    current = current_revision(engine)
    if current is None:
        return SchemaState.BEHIND if inspect(engine).get_table_names() else SchemaState.EMPTY
    if current == head_revision():
        return SchemaState.CURRENT
    return SchemaState.BEHIND if current in revisions.known() else SchemaState.AHEAD


def required_writer_version(_engine: Engine | None = None) -> str:
    """The oldest app version that may write at this app's head revision (see above)."""
    return declared_writer_version(revisions.revisions())


def declared_writer_version(modules_newest_first: Iterable[object]) -> str:
    """The `min_writer_version` of the newest revision (module, or db/revisions.Revision) that
    declares one."""
    for module in modules_newest_first:
        declared = getattr(module, "min_writer_version", None)
        if declared:
            return str(declared)
    return BASE_WRITER_VERSION


def stored_writer_version(engine: Engine) -> str:
    """What the database records as the oldest app version allowed to write to it."""
    with engine.connect() as conn:
        if "meta" not in inspect(conn).get_table_names():
            return BASE_WRITER_VERSION
        value = conn.execute(text("SELECT value FROM meta WHERE key = :k"),
                             {"k": MIN_WRITER_KEY}).scalar()
    return str(value) if value else BASE_WRITER_VERSION


def version_tuple(version: str) -> tuple[int, ...]:
    """'0.10.2' -> (0, 10, 2); what follows a part's digits (rc1, dev0) is ignored."""
    parts = []
    for part in version.split("."):
        match = re.match(r"\d+", part)
        if match is None:
            break
        parts.append(int(match.group()))
    return tuple(parts)


def may_write(app_version: str, required: str) -> bool:
    return version_tuple(app_version) >= version_tuple(required)


def record_writer_version(engine: Engine) -> str:
    """Raise (never lower) the database's oldest allowed writer to what this head requires;
    returns the value now recorded."""
    required = required_writer_version(engine)
    stored = stored_writer_version(engine)
    if may_write(stored, required) and _has_writer_row(engine):
        return stored
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": MIN_WRITER_KEY})
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"),
                     {"k": MIN_WRITER_KEY, "v": required})
    return required


def _has_writer_row(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT 1 FROM meta WHERE key = :k"),
                            {"k": MIN_WRITER_KEY}).first() is not None


def migrate(engine: Engine, backup_dir: Path | None = None, *,
            backup_first: bool = True) -> Path | None:
    """Upgrade to the newest schema and record the oldest app allowed to write to it. A SQLite
    file with data is copied aside first (unless the caller took its own copy).

    Returns the backup's path when one was taken.
    """
    from alembic import command

    current = current_revision(engine)
    if current == head_revision():
        return None
    backup = None
    path = sqlite_path(str(engine.url))
    has_tables = bool(inspect(engine).get_table_names())
    if backup_first and path is not None and path.exists() and has_tables:
        backup = take_backup(path, "upgrade", backup_dir)  # checked, in backups/<stem>/
    command.upgrade(_alembic_config(engine), "head")
    record_writer_version(engine)
    return backup


def backup_before(engine: Engine, reason: str, backup_dir: Path | None = None) -> Path | None:
    """A checked, rotating copy of a SQLite file that holds tables, taken before `reason`
    ("upgrade", "demo-replace"); None for a server (pg_dump is the administrator's) or a file with
    nothing in it."""
    path = sqlite_path(str(engine.url))
    if path is None or not path.exists() or not inspect(engine).get_table_names():
        return None
    return take_backup(path, reason, backup_dir)


def backup_sqlite(engine: Engine, target: Path) -> None:
    """A consistent copy of a live SQLite database (the sqlite3 backup API, WAL included)."""
    path = sqlite_path(str(engine.url))
    if path is None:
        raise ValueError("backup_sqlite needs a SQLite database")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def move_aside(path: Path) -> Path:
    """Set a damaged database file (and its WAL files) aside so that a fresh one can be made:
    copied first, the copy checked for size, and only then the original removed. Refused, with
    nothing touched, where the file or its folder cannot be written."""
    if not (probe.folder_writable(path.parent) and probe.file_writable(path)):
        raise DatabaseOpenError(READ_ONLY, to_url(path), path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
    pairs = [(path, target)] + [
        (path.with_name(path.name + suffix), target.with_name(target.name + suffix))
        for suffix in ("-wal", "-shm") if path.with_name(path.name + suffix).exists()]
    for source, copy in pairs:
        shutil.copy2(source, copy)
        if copy.stat().st_size != source.stat().st_size:
            raise OSError(f"copy of {source} is incomplete")
    for source, _copy in pairs:
        source.unlink()
    return target
