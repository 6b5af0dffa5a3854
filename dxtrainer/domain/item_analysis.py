"""Classical item analysis for one question, from each person's first attempt at its quiz.

- facility: the share of people who got the question right.
- upper–lower index (D): people are ranked by their score on the REST of the quiz (this question
  left out); the top and bottom 27 % (at least one person each) are compared:
  D = (right in upper group − right in lower group) ÷ group size. Ties at a group's edge are broken
  by the order the responses were given in.
- point-biserial: Pearson's correlation between right (1) / wrong (0) on this question and the
  rest-of-quiz score; None when everyone or no one was right, or the rest scores are all equal.
- choice shares: the share of people whose answer contained each choice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

UPPER_LOWER = 0.27


@dataclass(frozen=True)
class Response:
    """One person's answer to the question, and their score on the other questions of the quiz."""

    correct: bool
    rest: float
    picked: frozenset[str] = frozenset()  # choice ids in the answer (choice questions only)


@dataclass(frozen=True)
class Thresholds:
    """An organisation's settings (Meta keys in services/item_stats.py)."""

    easy: float = 0.95  # facility at or above: too easy
    hard: float = 0.40  # facility at or below: too hard
    min_people: int = 20  # no verdict before this many people answered
    weak: float = 0.10  # point-biserial within ±weak: near zero; at or below −weak: negative


class Flag(StrEnum):
    """Ordered worst first."""

    NEGATIVE = "negative"  # people who do well on the rest of the quiz get it wrong more often
    OVER_KEY = "distractor-over-key"  # a wrong choice picked more often than the right one
    HARD = "hard"
    WEAK = "weak"  # discrimination near zero
    UNUSED = "unused-distractor"  # a wrong choice nobody picks
    EASY = "easy"


FLAG_ORDER = tuple(Flag)


def facility(responses: Sequence[Response]) -> float | None:
    return sum(r.correct for r in responses) / len(responses) if responses else None


def upper_lower_index(responses: Sequence[Response], share: float = UPPER_LOWER) -> float | None:
    if len(responses) < 2:
        return None
    k = max(1, int(len(responses) * share + 0.5))
    k = min(k, len(responses) // 2)
    ranked = sorted(range(len(responses)), key=lambda i: (-responses[i].rest, i))
    upper = sum(responses[i].correct for i in ranked[:k])
    lower = sum(responses[i].correct for i in ranked[-k:])
    return (upper - lower) / k


def point_biserial(responses: Sequence[Response]) -> float | None:
    n = len(responses)
    if n < 2:
        return None
    right = [r.rest for r in responses if r.correct]
    wrong = [r.rest for r in responses if not r.correct]
    if not right or not wrong:
        return None
    mean = sum(r.rest for r in responses) / n
    sd = math.sqrt(sum((r.rest - mean) ** 2 for r in responses) / n)
    if sd == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * math.sqrt(p * (1 - p))


def choice_shares(responses: Sequence[Response], choice_ids: Sequence[str]) -> dict[str, float]:
    if not responses:
        return {}
    return {c: sum(c in r.picked for r in responses) / len(responses) for c in choice_ids}


def flags(people: int, facility_: float | None, discrimination: float | None,
          shares: dict[str, float], keys: frozenset[str], limits: Thresholds) -> tuple[Flag, ...]:
    """What a trainer should look at, worst first; nothing before limits.min_people answered."""
    if people < limits.min_people or facility_ is None:
        return ()
    found: set[Flag] = set()
    if facility_ >= limits.easy:
        found.add(Flag.EASY)
    elif facility_ <= limits.hard:
        found.add(Flag.HARD)
    if discrimination is not None:
        if discrimination <= -limits.weak:  # a small negative value is as good as zero
            found.add(Flag.NEGATIVE)
        elif discrimination < limits.weak:
            found.add(Flag.WEAK)
    wrong = {c: v for c, v in shares.items() if c not in keys}
    if wrong and keys & shares.keys():
        key_share = min(shares[c] for c in keys if c in shares)
        if any(v > key_share for v in wrong.values()):
            found.add(Flag.OVER_KEY)
        if any(v == 0 for v in wrong.values()):
            found.add(Flag.UNUSED)
    return tuple(f for f in FLAG_ORDER if f in found)


def badness(found: Sequence[Flag]) -> tuple[int, ...]:
    """A sort key: worse flags first, then more flags."""
    return tuple(0 if f in found else 1 for f in FLAG_ORDER)
