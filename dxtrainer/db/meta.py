"""The organisation's key/value settings and facts (the Meta table): one way to write one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dxtrainer.db.models import Meta


def set_meta(session: Session, key: str, value: str) -> None:
    """Set one setting. A setting is chosen, not counted: the last writer rightly wins."""
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value
