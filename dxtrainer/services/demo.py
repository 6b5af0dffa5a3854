"""The demo organisation: a fictional city (DX市) for trying the app, made by demo_org."""

from __future__ import annotations

from sqlalchemy import select

from dxtrainer.db.models import Staff
from dxtrainer.services.container import Services
from dxtrainer.services.demo_org import Progress, generate

DEFAULT_STAFF = 300
DEFAULT_MONTHS = 14


def populate_demo(services: Services, staff: int = DEFAULT_STAFF, months: int = DEFAULT_MONTHS,
                  progress: Progress | None = None) -> int:
    """Fill an empty database with the demo city. Returns the number of staff added (0 when
    the database already has staff, so opening the demo twice changes nothing)."""
    with services.sessions() as s:
        if s.scalar(select(Staff.id).limit(1)) is not None:
            return 0
    return generate(services, staff=staff, months=months, progress=progress)["staff"]
