"""Units of work that survive many writers: a busy database is retried, then reported in words.

A unit of work is one function run in one transaction. When the database says "busy" (SQLite
still locked after its busy timeout) or PostgreSQL picks it as a deadlock or serialization
victim, the whole unit is rolled back and run again from the start, a bounded number of times
with a short, growing, jittered pause; then it fails as ServiceError("database-busy").
Units must be safe to run again: submit_answer is (a second run finds the answer stored).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.transactions import is_retryable
from dxtrainer.services.errors import ServiceError

T = TypeVar("T")
log = logging.getLogger(__name__)

ATTEMPTS = 5
PAUSE = 0.05  # seconds before the second try; doubled each time after


def run(sessions: sessionmaker[Session], work: Callable[[Session], T],
        attempts: int = ATTEMPTS) -> T:
    """Run `work` in one transaction, again when the database was busy; commit its result."""
    for attempt in range(1, attempts + 1):
        try:
            with sessions.begin() as s:
                return work(s)
        except DBAPIError as exc:
            if not is_retryable(exc):
                raise
            log.warning("database busy (try %d of %d): %s", attempt, attempts,
                        type(exc.orig).__name__)
            if attempt == attempts:
                raise ServiceError("database-busy") from exc
            time.sleep(PAUSE * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")
