"""One atomic upsert for SQLite and PostgreSQL: INSERT … ON CONFLICT (key) DO UPDATE.

Shared counters change only through this (n = table.n + excluded.n; bests by greatest-of), never
by reading a row into Python and writing it back: many PCs write at once on a shared server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Executable, Table, func, or_
from sqlalchemy.orm import Session

from dxtrainer.db.models import Base


def upsert(session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]],
           key: Sequence[str], *, add: Sequence[str] = (), greatest: Sequence[str] = (),
           any_true: Sequence[str] = (), newer: str | None = None,
           replace: Sequence[str] = ()) -> None:
    """Insert `rows` (all with the same columns); where a row with the same `key` exists, add
    the `add` columns to it, keep the greatest of the `greatest` columns, OR the `any_true`
    columns, and, only when the row's `newer` column is not later than the new one, overwrite
    the `replace` columns (and `newer` itself). Other columns keep their first value."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    dialect = session.get_bind().dialect.name
    shape = (dialect, table.name, tuple(key), tuple(add), tuple(greatest), tuple(any_true),
             newer, tuple(replace))
    stmt = _STATEMENTS.get(shape)
    if stmt is None:
        stmt = _STATEMENTS[shape] = _statement(table, dialect, key, add, greatest, any_true,
                                               newer, replace)
    session.execute(stmt, [dict(row) for row in rows])


# Built once per shape and reused with the rows as parameters (several rows: one executemany),
# so that SQLAlchemy compiles each shape once; a multi-row VALUES clause is never cached.
_STATEMENTS: dict[tuple[Any, ...], Executable] = {}


def _statement(table: Table, dialect: str, key: Sequence[str], add: Sequence[str],
               greatest: Sequence[str], any_true: Sequence[str], newer: str | None,
               replace: Sequence[str]) -> Executable:
    stmt = dialect_insert(dialect)(table)
    new = stmt.excluded
    changes: dict[str, ColumnElement[Any]] = {}
    for name in add:
        changes[name] = table.c[name] + new[name]
    for name in greatest:
        changes[name] = _greatest(dialect, table.c[name], new[name])
    for name in any_true:
        changes[name] = or_(table.c[name], new[name])
    where = None
    if newer is not None:
        for name in (*replace, newer):
            changes[name] = new[name]
        where = table.c[newer] <= new[newer]
    return stmt.on_conflict_do_update(index_elements=list(key), set_=changes, where=where)


def dialect_insert(dialect: str) -> Any:  # noqa: ANN401 - sqlite.insert or postgresql.insert
    """The INSERT construct with ON CONFLICT for this dialect. Each is imported when first used:
    SQLAlchemy's PostgreSQL dialect alone is about 3 MB that a SQLite user never needs."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def _greatest(dialect: str, a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    # SQLite's two-argument max() is the scalar greatest-of; PostgreSQL spells it GREATEST.
    return func.greatest(a, b) if dialect == "postgresql" else func.max(a, b)
