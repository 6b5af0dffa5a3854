"""Any failure becomes a ServiceError with a code: database trouble while working by its cause,
everything else the general apology."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from dxtrainer.services.errors import ServiceError
from dxtrainer.services.failures import as_service_error


def wrapped(cls, orig):
    return cls("UPDATE staff SET failed_attempts = 1", {}, orig)


@pytest.mark.parametrize(("exc", "code"), [
    (wrapped(OperationalError, sqlite3.OperationalError("database is locked")), "database-busy"),
    (wrapped(OperationalError, sqlite3.OperationalError("attempt to write a readonly database")),
     "database-read-only-session"),
    (wrapped(OperationalError, sqlite3.OperationalError("no such table: staff")), "internal"),
    (wrapped(IntegrityError, sqlite3.IntegrityError("UNIQUE constraint failed")), "internal"),
    (RuntimeError("secret english text"), "internal"),
    (ServiceError("access-denied", reason="x"), "access-denied"),
])
def test_failures_while_working_get_codes(exc, code):
    assert as_service_error(exc).code == code
