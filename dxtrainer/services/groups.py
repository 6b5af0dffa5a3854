"""Small groups: the organisation's minimum group size and which sibling groups to show as 「—」
(dashboards, learning gain, item statistics, the survey)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from sqlalchemy.orm import Session

from dxtrainer.db.models import Meta

DEFAULT_MIN_GROUP = 5
K = TypeVar("K")


def min_group_size(session: Session) -> int:
    row = session.get(Meta, "min_group_size")
    try:
        return max(1, int(row.value)) if row else DEFAULT_MIN_GROUP
    except ValueError:
        return DEFAULT_MIN_GROUP


def hidden_groups(sizes: Mapping[K, int], minimum: int) -> set[K]:
    """Which sibling groups to show as 「—」: every one under `minimum`, and when exactly one is,
    the smallest of the others too (else the total minus the others would reveal it)."""
    hidden = {c for c, n in sizes.items() if n < minimum}
    if len(hidden) == 1 and len(sizes) > 1:
        shown = sorted((c for c in sizes if c not in hidden), key=lambda c: sizes[c])
        hidden.add(shown[0])
    return hidden
