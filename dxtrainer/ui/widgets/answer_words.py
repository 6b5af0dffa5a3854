"""Answers in words, for feedback, the review after a quiz and 復習: the right answer of any
question type and what the learner gave."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dxtrainer.domain.content import NumericKey, Pair, Question, QuestionType
from dxtrainer.domain.scoring import Response, format_number
from dxtrainer.i18n import _

TYPED = (QuestionType.SHORT, QuestionType.NUMERIC, QuestionType.MATCHING)


def answer_text(kind: QuestionType, texts: dict[str, str], ids: Sequence[str],
                truth: bool | None = None) -> str:
    """An answer in words: ○ 正しい / × 誤り, steps joined by →, or choices joined by /."""
    if kind is QuestionType.TRUEFALSE:
        return _("○ 正しい") if truth else _("× 誤り")
    sep = " → " if kind is QuestionType.ORDERING else " / "
    return sep.join(texts.get(c, c) for c in ids)


def numeric_text(key: NumericKey | None) -> str:
    """3.5(±0.1まで正解)、12, or 10 〜 20."""
    if key is None:
        return ""
    if key.value is not None:
        if not key.tolerance:
            return format_number(key.value)
        return _("{value}(±{tolerance} まで正解)").format(
            value=format_number(key.value), tolerance=format_number(key.tolerance))
    if key.low == key.high:
        return format_number(key.low)
    return _("{low} 〜 {high}").format(low=format_number(key.low), high=format_number(key.high))


def pairs_text(pairs: Sequence[Pair] | Mapping[str, str], lefts: Sequence[str] = ()) -> str:
    """「項目 → 答え」 joined by 「 / 」; an item with no answer shows (未回答)."""
    if isinstance(pairs, Mapping):
        rows = [(left, pairs.get(left) or _("(未回答)")) for left in (lefts or list(pairs))]
    else:
        rows = [(p.left, p.right) for p in pairs]
    return " / ".join(f"{left} → {right}" for left, right in rows)


def key_text(kind: QuestionType, accepted: Sequence[str], numeric: NumericKey | None,
             pairs: Sequence[Pair]) -> str:
    """The right answer of a short, numeric or matching question in words."""
    if kind is QuestionType.SHORT:
        return _("「{answer}」").format(answer=accepted[0]) if accepted else ""
    if kind is QuestionType.NUMERIC:
        return numeric_text(numeric)
    return pairs_text(pairs)


def given_text(kind: QuestionType, response: Response, lefts: Sequence[str] = ()) -> str:
    """What the learner gave to a short, numeric or matching question, in words."""
    if kind is QuestionType.MATCHING and isinstance(response, dict):
        return pairs_text(response, lefts)
    if kind is QuestionType.NUMERIC and isinstance(response, int | float) \
            and not isinstance(response, bool):
        return format_number(float(response))
    if isinstance(response, str):
        return _("「{answer}」").format(answer=response.strip())
    return str(response)


def right_answer(question: Question) -> str:
    """The right answer of any question in words (復習)."""
    if question.type in TYPED:
        return key_text(question.type, question.accepted, question.numeric, question.pairs)
    ids = question.correct_order if question.type is QuestionType.ORDERING \
        else [c.id for c in question.choices if c.correct]
    return answer_text(question.type, {c.id: c.text for c in question.choices}, ids,
                       question.answer)
