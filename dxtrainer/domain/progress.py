"""Completion, mastery and lesson status (DESIGN.md, Definitions)."""

from __future__ import annotations

from enum import StrEnum


class LessonStatus(StrEnum):
    NOT_STARTED = "not-started"  # 未着手
    IN_PROGRESS = "in-progress"  # 学習中
    COMPLETED = "completed"  # 修了
    NEEDS_RETAKE = "needs-retake"  # 要再受講: completed an older `version` of the lesson only


def lesson_completed(read: bool, has_quiz: bool, quiz_passed: bool) -> bool:
    """A lesson is completed when its end was reached and, where it has a quiz, the quiz passed."""
    return read and (quiz_passed or not has_quiz)


def lesson_status(opened: bool, completed: bool, outdated: bool = False) -> LessonStatus:
    """`completed`: at the lesson's current version; `outdated`: only at an older version (a
    `version` bump sends the learner back: 要再受講, which counts as not completed)."""
    if completed:
        return LessonStatus.COMPLETED
    if outdated:
        return LessonStatus.NEEDS_RETAKE
    if opened:
        return LessonStatus.IN_PROGRESS
    return LessonStatus.NOT_STARTED


def completion_counts(completed_version: int | None, current_version: int) -> bool:
    """A completion counts (Completion, 必修研修) when it was of the lesson's current `version`
    or a later one; a `revision` never matters."""
    return completed_version is not None and completed_version >= current_version


def ratio(part: int, whole: int) -> float:
    """Unrounded share; 0.0 when there is nothing in scope."""
    return part / whole if whole else 0.0


def round_half_up(value: float, digits: int = 0) -> float:
    """The one rounding rule for every view and export (round half up, not banker's)."""
    from decimal import ROUND_HALF_UP, Decimal

    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def format_percent(share: float | None, digits: int = 0) -> str:
    """0.875 -> '88%' (digits=0) or '87.5%' (digits=1); None -> '—'."""
    if share is None:
        return "—"
    value = round_half_up(share * 100, digits)
    return f"{value:.{digits}f}%"
