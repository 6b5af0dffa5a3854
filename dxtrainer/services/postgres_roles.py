"""`setup-postgres-roles`: the learner and admin roles on a shared PostgreSQL server (the
allow-list is db/roles.py). Run with the database owner's login, after `upgrade-database`."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from dxtrainer.db.engine import sqlite_path
from dxtrainer.db.roles import setup_sql
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import log_access
from dxtrainer.services.records import CurrentUser


def roles_sql(engine: Engine | None, learner: str, admin: str) -> list[str]:
    """The statements for this database's tables (all of the allow-list without an engine)."""
    tables = None if engine is None else inspect(engine).get_table_names(schema="public")
    return setup_sql(learner, admin, tables)


def apply_roles(engine: Engine, sessions, actor: CurrentUser | None,  # noqa: ANN001
                learner: str, admin: str) -> list[str]:
    """Create the roles and set their privileges in one transaction; logged. Returns the SQL."""
    if sqlite_path(engine.url.render_as_string(hide_password=False)) is not None:
        raise ServiceError("roles-need-postgresql")
    sql = roles_sql(engine, learner, admin)
    with sessions.begin() as s:
        for name in (learner, admin):
            if s.scalar(text(_PRIVILEGED), {"role": name}):
                raise ServiceError("roles-name-privileged", role=name)
        for statement in sql:
            s.execute(text(statement))
        if actor is not None:
            log_access(s, actor, "setup-postgres-roles", detail=f"{learner} {admin}")
    return sql


# A role that is the one running this, a superuser, or owns tables here: its privileges are not
# ours to take back (REVOKE ALL would strip the owner of its own tables).
_PRIVILEGED = """SELECT :role = current_user
    OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :role AND (rolsuper OR rolcreaterole))
    OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = :role)"""
