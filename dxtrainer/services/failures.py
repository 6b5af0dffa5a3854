"""Turns whatever went wrong into a ServiceError with a code, so that no exception text reaches a
person: a database that cannot be opened (db/probe.py), a lock or a lost connection while
working, and anything else as "internal" (the general apology naming the log file)."""

from __future__ import annotations

import sqlite3

from dxtrainer.paths import database_label
from dxtrainer.services.errors import ServiceError

# What a problem found while opening is called once the database is in use.
_WHILE_WORKING = {"locked": "database-busy", "read-only": "database-read-only-session",
                  "unreachable": "database-connection-lost"}


def opening_error(exc: BaseException, url: str) -> BaseException:
    """The ServiceError for a failure while opening the database at `url`, or `exc` itself
    when it says nothing about the database (the caller logs it as unexpected)."""
    from dxtrainer.db.probe import DatabaseOpenError

    if isinstance(exc, ServiceError):
        return exc
    if isinstance(exc, DatabaseOpenError):
        return ServiceError(f"database-{exc.code}", database=database_label(exc.url),
                            path=str(exc.path or ""))
    code = _database_code(exc)
    if code is None:
        return exc
    return ServiceError(f"database-{code}", database=database_label(url), path="")


def as_service_error(exc: BaseException) -> ServiceError:
    """Any exception as a ServiceError: typed ones as they are, database trouble while working
    by its cause, everything else as "internal"."""
    if isinstance(exc, ServiceError):
        return exc
    from dxtrainer.db.probe import DatabaseOpenError

    if isinstance(exc, DatabaseOpenError):
        error = opening_error(exc, exc.url)
        assert isinstance(error, ServiceError)
        return error
    code = _database_code(exc)
    if code in _WHILE_WORKING:
        return ServiceError(_WHILE_WORKING[code])
    return ServiceError("internal")


def _database_code(exc: BaseException) -> str | None:
    """Locked, read-only or unreachable, from the driver's error under SQLAlchemy's wrapper."""
    import sys

    if "sqlalchemy" not in sys.modules:  # nothing of SQLAlchemy's could have been raised
        return None
    from sqlalchemy.exc import DBAPIError

    from dxtrainer.db.probe import server_error_code, sqlite_error_code

    if not isinstance(exc, DBAPIError) or exc.orig is None:
        return None
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        code = sqlite_error_code(orig)
        return code if code in ("locked", "read-only", "no-access") else None
    if any(c.__name__ == "OperationalError" for c in type(orig).__mro__):
        # psycopg's OperationalError or a subclass of it (AdminShutdown when the server is
        # stopped under a running command): the server is gone or refuses
        return server_error_code(orig)
    return None
