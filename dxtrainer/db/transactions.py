"""Write transactions that many PCs can run at once.

SQLite: pysqlite would begin a transaction only at the first INSERT/UPDATE, so a unit of work
that reads first holds a read snapshot and must later upgrade it to a write lock; two such
writers wait on each other and one fails with "database is locked" at once. We switch pysqlite's
own BEGIN off (`isolation_level = None`, as SQLAlchemy documents for pysqlite) and emit our own
BEGIN in the engine's "begin" event: `BEGIN IMMEDIATE` for write transactions (a session begun
explicitly: `sessions.begin()` or `session.begin()`), so a writer takes the write lock first
and waits for it under the busy timeout; a plain BEGIN for reading sessions (so that, in WAL
mode, readers never wait for writers or for each other) and for read-only engines.

PostgreSQL: each unit of work that changes roll-ups first takes the person's own advisory lock
(`pg_advisory_xact_lock(staff_id)`) and a shared "roll-ups" lock, which `rebuild` takes
exclusively, so a rebuild never interleaves with incremental updates.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, SessionTransaction

if TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import DBAPIConnection
    from sqlalchemy.pool import ConnectionPoolEntry

# Execution option choosing how a SQLite transaction begins: "IMMEDIATE" (write transactions:
# WriteFirstSession sets it), "DEFERRED" (the default) or "PYSQLITE" (pysqlite's own implicit
# BEGIN before the first INSERT/UPDATE/DELETE, for Alembic: its PRAGMA foreign_keys=OFF must
# run outside a transaction, where SQLite honours it). Read-only engines always use "DEFERRED".
SQLITE_BEGIN = "dxtrainer_sqlite_begin"

# Two-key advisory lock (a key space apart from the one-key staff ids): held shared by every
# incremental roll-up update, exclusively by a rebuild.
_ROLLUPS_LOCK = (0x4458, 1)  # "DX", 1
# Held exclusively by every unit of work that reads the organisation and then changes it on that
# reading (roster and setup imports, publishing, anonymising, the first HR admin): one at a time.
_ORGANISATION_LOCK = (0x4458, 2)

_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED (primary codes)
_POSTGRES_RETRY = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock timeout


def install(engine: Engine, *, read_only: bool = False) -> None:
    """Make SQLite transactions begin as described above (nothing to do for PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _no_implicit_begin)

    def begin(conn: Connection) -> None:
        mode = "DEFERRED" if read_only else conn.get_execution_options().get(SQLITE_BEGIN)
        dbapi = conn.connection.dbapi_connection
        if mode == "PYSQLITE":
            if dbapi is not None:
                dbapi.isolation_level = ""
            return
        if dbapi is not None and dbapi.isolation_level is not None:
            dbapi.isolation_level = None
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")

    event.listen(engine, "begin", begin)


class WriteFirstSession(Session):
    """A Session whose explicit begin (`sessions.begin()`, `with session.begin():`) starts a
    write transaction, which on SQLite takes the write lock at once (BEGIN IMMEDIATE). Sessions
    used without begin() only read and start with a plain BEGIN."""

    def begin(self, nested: bool = False) -> SessionTransaction:
        if not nested and not self.in_transaction() and isinstance(self.bind, Engine) \
                and self.bind.dialect.name == "sqlite":
            self.bind = _writing(self.bind)
        return super().begin(nested)


_WRITING: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _writing(engine: Engine) -> Engine:
    if engine.get_execution_options().get(SQLITE_BEGIN) == "IMMEDIATE":
        return engine
    found = _WRITING.get(engine)
    if found is None:
        found = _WRITING[engine] = engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    return found


def _no_implicit_begin(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None


def lock_person(session: Session, staff_id: int) -> None:
    """Start the unit of work that changes one person's records and roll-ups.

    PostgreSQL: the person's own advisory lock (until commit) and the shared roll-ups lock.
    SQLite: the transaction begins here, with BEGIN IMMEDIATE, which holds the write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(
            f"SELECT pg_advisory_xact_lock_shared({_ROLLUPS_LOCK[0]}, {_ROLLUPS_LOCK[1]}), "
            "pg_advisory_xact_lock(CAST(:staff AS BIGINT))"), {"staff": staff_id})
    else:
        session.connection()


def lock_rollups(session: Session) -> None:
    """Keep every incremental roll-up update out until this transaction ends (for rebuilds)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(
            f"SELECT pg_advisory_xact_lock({_ROLLUPS_LOCK[0]}, {_ROLLUPS_LOCK[1]})"))
    else:
        session.connection()


def lock_organisation(session: Session) -> None:
    """Start a unit of work that plans changes to the organisation from what it reads (who
    exists, which departments, the current publication) and then writes them: another such unit
    waits until this one ends, then reads what it wrote. PostgreSQL: an exclusive advisory lock
    until commit (READ COMMITTED shows the waiter the first one's rows). SQLite: the
    transaction begins here with BEGIN IMMEDIATE, which holds the write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(
            f"SELECT pg_advisory_xact_lock({_ORGANISATION_LOCK[0]}, {_ORGANISATION_LOCK[1]})"))
    else:
        session.connection()


def is_retryable(exc: BaseException) -> bool:
    """True for "busy, try the whole unit of work again": SQLite busy or locked, PostgreSQL
    deadlock, serialization failure or lock timeout."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _SQLITE_BUSY
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate is not None:
        return sqlstate in _POSTGRES_RETRY
    message = str(orig).lower()
    return "database is locked" in message or "database table is locked" in message
