"""Builds every service over one database and one content folder (the composition for core)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.content.loader import load_content
from dxtrainer.db.engine import make_engine, make_sessions, migrate, to_url
from dxtrainer.db.models import Meta, Staff
from dxtrainer.messages import admonition_titles
from dxtrainer.services.accounts import AccountService
from dxtrainer.services.assignments import AssignmentService
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.content_sync import sync_content
from dxtrainer.services.failures import opening_error
from dxtrainer.services.item_stats import ItemStatsService
from dxtrainer.services.progress import ProgressService
from dxtrainer.services.reporting import ReportingService
from dxtrainer.services.rollups import rebuild
from dxtrainer.services.roster import RosterService
from dxtrainer.services.training import TrainingService


@dataclass
class Services:
    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    device_id: str
    is_demo: bool
    backup: Path | None
    content: ContentService
    accounts: AccountService
    training: TrainingService
    progress: ProgressService
    reporting: ReportingService
    assignments: AssignmentService
    roster: RosterService
    items: ItemStatsService
    read_only: bool = False

    def staff_count(self) -> int:
        with self.sessions() as s:
            return len(s.scalars(select(Staff.id).where(Staff.active.is_(True))).all())

    def close(self) -> None:
        self.engine.dispose()


def get_meta(sessions: sessionmaker[Session], key: str) -> str | None:
    with sessions() as s:
        row = s.get(Meta, key)
        return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def open_services(database: str | Path, content_dir: str | Path, *,
                  read_only: bool = False) -> Services:
    """Open (and migrate) the database, load and mirror the content, build the services.

    With `read_only` nothing is written: no migration, no content mirror, no device id (for
    looking at the reports of a database in a place that cannot be written). Raises ServiceError
    with a `database-…` code saying why a database cannot be opened (db/probe.py)."""
    url = to_url(database)
    try:
        return _open_services(url, content_dir, read_only)
    except Exception as exc:
        error = opening_error(exc, url)
        if error is exc:
            raise
        raise error from exc


def _open_services(url: str, content_dir: str | Path, read_only: bool) -> Services:
    engine = make_engine(url, read_only=read_only)
    try:
        return _build_services(engine, url, content_dir, read_only)
    except BaseException:
        engine.dispose()  # let go of the file, so that it can be looked at or set aside
        raise


def _build_services(engine: Engine, url: str, content_dir: str | Path,
                    read_only: bool) -> Services:
    backup = None if read_only else migrate(engine)
    sessions = make_sessions(engine)
    index = load_content(content_dir)
    if read_only:
        device = get_meta(sessions, "device_id") or str(uuid.uuid4())
    else:
        with sessions.begin() as s:
            device_id = s.get(Meta, "device_id")
            if device_id is None:
                device_id = Meta(key="device_id", value=str(uuid.uuid4()))
                s.add(device_id)
            if sync_content(s, index):
                s.flush()
                rebuild(s)
            device = device_id.value
    content = ContentService(index, admonition_titles())
    assignments = AssignmentService(sessions, lambda: content.index)
    return Services(
        engine=engine, sessions=sessions, url=url, device_id=device,
        is_demo=get_meta(sessions, "demo") == "1", backup=backup, content=content,
        accounts=AccountService(sessions),
        training=TrainingService(sessions, content, device),
        progress=ProgressService(sessions, lambda: content.index),
        reporting=ReportingService(sessions, lambda: content.index, assignments),
        assignments=assignments,
        roster=RosterService(sessions),
        items=ItemStatsService(sessions, content),
        read_only=read_only,
    )
