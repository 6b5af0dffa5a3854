"""The one-line notice above a quiz: where a resumed attempt goes on, and questions left out."""

from __future__ import annotations

from dxtrainer.i18n import _
from dxtrainer.services.records import AttemptView


def attempt_notice(attempt: AttemptView) -> str:
    """Say so when a quiz resumes part-way, or is offered without broken questions."""
    parts = []
    at = attempt.current_index
    if not attempt.finished and 0 < at < len(attempt.questions):
        parts.append(_("問{n}から再開します。").format(n=at + 1))
    if attempt.skipped:
        parts.append(_("教材の不備のため、{n} 問を除いて出題しています。採点は出題した問題だけで行います。")
                     .format(n=attempt.skipped))
    return " ".join(parts)
