"""The demo organisation: a fictional city (DX市) for trying the app, made by demo_org.

It is written only into an empty database, or in place of one marked as a demo (Meta demo=1)
whose staff nobody imported from a real roster; a database holding real staff is never replaced.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine, inspect, select, text

from dxtrainer.db.engine import backup_before, make_engine, sqlite_path
from dxtrainer.db.models import AccessLog, Base, Meta, Staff
from dxtrainer.services.container import Services
from dxtrainer.services.demo_org import Progress, generate
from dxtrainer.services.errors import ServiceError

DEFAULT_STAFF = 300
DEFAULT_MONTHS = 14


class DemoTarget(StrEnum):
    EMPTY = "empty"  # no staff: the demo may be written
    DEMO = "demo"  # a demo nobody made real: may be replaced (--replace)
    REAL = "real"  # real staff (not a demo, or a roster was imported into it): never touched


def demo_target(services: Services) -> DemoTarget:
    with services.sessions() as s:
        if s.scalar(select(Staff.id).limit(1)) is None:
            return DemoTarget.EMPTY
        marked = s.get(Meta, "demo")
        imported = s.scalar(select(AccessLog.id).where(AccessLog.action == "roster-import")
                            .limit(1))
        return DemoTarget.DEMO if marked and marked.value == "1" and imported is None \
            else DemoTarget.REAL


def populate_demo(services: Services, staff: int = DEFAULT_STAFF, months: int = DEFAULT_MONTHS,
                  progress: Progress | None = None) -> int:
    """Fill an empty database with the demo city. Returns the number of staff added (0 when
    the database already has staff, so opening the demo twice changes nothing)."""
    if demo_target(services) != DemoTarget.EMPTY:
        return 0
    return generate(services, staff=staff, months=months, progress=progress)["staff"]


def clear_demo(services: Services, *, backup_dir: Path | None = None) -> Path | None:
    """Empty a database that holds a demo (checked again here), so that a new demo can be
    written. A SQLite file is backed up first and its backup's path returned; on a server the
    app's tables are dropped (take a pg_dump first if it matters). `services` is closed."""
    from dxtrainer.paths import database_label

    if demo_target(services) != DemoTarget.DEMO:
        services.close()
        raise ServiceError("demo-holds-real-staff", database=database_label(services.url))
    url = services.url
    path = sqlite_path(url)
    if path is not None:
        backup = backup_before(services.engine, "demo-replace", backup_dir)
        services.close()
        if backup is None:  # never delete without the copy (a demo always has tables)
            raise ServiceError("internal")
        for name in (path.name, path.name + "-wal", path.name + "-shm"):
            path.with_name(name).unlink(missing_ok=True)
        return backup
    services.close()
    engine = make_engine(url)
    try:
        _drop_tables(engine)
    finally:
        engine.dispose()
    return None


def _drop_tables(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        if "alembic_version" in inspect(conn).get_table_names():
            conn.execute(text("DROP TABLE alembic_version"))
