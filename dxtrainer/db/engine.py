"""Engine and session set-up: SQLite in WAL mode with foreign keys and a busy timeout."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db import transactions

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine.interfaces import DBAPIConnection
    from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseCorrupt(Exception):
    """The SQLite file exists but is not a readable database."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(detail)
        self.path = path
        self.detail = detail


def to_url(database: str | Path) -> str:
    text = str(database)
    return text if "://" in text else f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return None if parsed.database == ":memory:" else Path(parsed.database)


def check_sqlite_file(path: Path) -> None:
    """Raise DatabaseCorrupt when the file is not a healthy SQLite database."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(str(path), str(exc)) from exc
    if not row or row[0] != "ok":
        raise DatabaseCorrupt(str(path), str(row[0] if row else "quick_check failed"))


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for the database at `url`. With `read_only`, nothing can be written through it
    (SQLite opens the file with mode=ro; PostgreSQL sessions default to read-only transactions)."""
    path = sqlite_path(url)
    if path is not None:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        check_sqlite_file(path)
    if path is not None and read_only:
        target = path

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)

        engine = create_engine("sqlite://", creator=connect, future=True)
    else:
        engine = create_engine(url, future=True)
    transactions.install(engine, read_only=read_only)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_read_pragmas if read_only else _sqlite_pragmas)
    elif read_only:
        event.listen(engine, "connect", _postgres_read_only)
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
    cursor.execute("PRAGMA synchronous=NORMAL")
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
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()


def migrate(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Upgrade to the newest schema. A SQLite file with data is copied aside first.

    Returns the backup's path when one was taken.
    """
    from alembic import command

    current = current_revision(engine)
    if current == head_revision(engine):
        return None
    backup = None
    path = sqlite_path(str(engine.url))
    has_tables = bool(inspect(engine).get_table_names())
    if path is not None and path.exists() and has_tables:
        folder = backup_dir or path.parent / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = folder / f"{path.stem}-before-{current or 'initial'}-{stamp}{path.suffix}"
        backup_sqlite(engine, backup)
    command.upgrade(_alembic_config(engine), "head")
    return backup


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
    """Rename a corrupt database file (and its WAL files) so that a fresh one can be made."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-corrupt-{stamp}{path.suffix}")
    shutil.move(path, target)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            shutil.move(extra, target.with_name(target.name + suffix))
    return target
