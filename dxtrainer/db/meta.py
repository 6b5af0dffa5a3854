"""The organisation's key/value settings and facts (the Meta table): one way to write one."""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from dxtrainer.db.models import Meta
from dxtrainer.db.upsert import dialect_insert


def set_meta(session: Session, key: str, value: str) -> None:
    """Set one setting. A setting is chosen, not counted: the last writer rightly wins. One
    INSERT … ON CONFLICT DO UPDATE, so that two PCs setting a new key at once both succeed."""
    insert = dialect_insert(session.get_bind().dialect.name)
    session.execute(insert(Meta).values(key=key, value=value)
                    .on_conflict_do_update(index_elements=["key"], set_={"value": value}))
    cached = session.identity_map.get(identity_key(Meta, key))
    if cached is not None:  # a later session.get in this transaction reads the new value
        session.expire(cached)
