"""Parses the answer part of short, numeric and matching questions (quizzes.py does the rest).
Each function reports its problems with the line of the field concerned."""

from __future__ import annotations

from dataclasses import dataclass, field

from dxtrainer.content.files import Collector
from dxtrainer.content.yamlines import LineDict
from dxtrainer.domain.content import NumericKey, Pair
from dxtrainer.domain.scoring import fold_text, parse_number

MIN_PAIRS = 2


@dataclass
class TypedAnswer:
    """The answer fields of one question, filled by the parser of its type."""

    accepted: tuple[str, ...] = ()
    numeric: NumericKey | None = None
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = field(default_factory=tuple)


def _texts(item: LineDict, key: str, out: Collector, qid: str) -> list[str] | None:
    """A list of short texts (numbers allowed, written as text); None when missing or empty,
    [] after reporting an entry that is not text."""
    raw = item.get(key)
    if raw is None or raw == []:
        return None
    line = item.line_of(key)
    if not isinstance(raw, list):
        raw = [raw]
    texts = []
    for entry in raw:
        if isinstance(entry, bool) or not isinstance(entry, str | int | float) \
                or not str(entry).strip():
            out.error(line, "answers-not-text", id=qid, field=key)
            return []
        texts.append(str(entry).strip())
    return texts


def parse_short(item: LineDict, out: Collector, qid: str) -> TypedAnswer:
    """`answers: [..]`: at least one; two that fold to the same text are a duplicate."""
    answers = _texts(item, "answers", out, qid)
    line = item.line_of("answers") if "answers" in item else item.line
    if not answers:
        if answers is None:
            out.error(line, "short-no-answers", id=qid)
        return TypedAnswer()
    seen: dict[str, str] = {}
    for answer in answers:
        folded = fold_text(answer)
        if folded in seen:
            out.warning(line, "short-duplicate-answer", id=qid, answer=answer, same=seen[folded])
        seen.setdefault(folded, answer)
    return TypedAnswer(accepted=tuple(answers))


def _number(item: LineDict, key: str, out: Collector, qid: str) -> float | None:
    value = item.get(key)
    if isinstance(value, bool) or value is None:
        number = None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        number = parse_number(str(value))
    if number is None:
        out.error(item.line_of(key), "numeric-not-number", id=qid, field=key, value=value)
    return number


def parse_numeric(item: LineDict, out: Collector, qid: str) -> TypedAnswer:
    """`answer:` with an optional `tolerance:` (≥ 0), or `min:` and `max:` (min ≤ max)."""
    has_answer = "answer" in item
    has_range = "min" in item or "max" in item
    if has_answer and has_range:
        out.error(item.line_of("answer"), "numeric-answer-and-range", id=qid)
        return TypedAnswer()
    if has_answer:
        value = _number(item, "answer", out, qid)
        tolerance = 0.0
        if "tolerance" in item:
            tolerance = _number(item, "tolerance", out, qid) or 0.0
            if tolerance < 0:
                out.error(item.line_of("tolerance"), "numeric-bad-tolerance", id=qid,
                          value=item.get("tolerance"))
        if value is None or tolerance < 0:
            return TypedAnswer()
        return TypedAnswer(numeric=NumericKey(value - tolerance, value + tolerance, value,
                                              tolerance))
    if not has_range:
        out.error(item.line, "numeric-no-answer", id=qid)
        return TypedAnswer()
    if "tolerance" in item:
        out.error(item.line_of("tolerance"), "numeric-tolerance-without-answer", id=qid)
    for key in ("min", "max"):
        if key not in item:
            out.error(item.line_of("min" if key == "max" else "max"), "numeric-half-range",
                      id=qid, missing=key)
            return TypedAnswer()
    low, high = _number(item, "min", out, qid), _number(item, "max", out, qid)
    if low is None or high is None:
        return TypedAnswer()
    if low > high:
        out.error(item.line_of("min"), "numeric-bad-range", id=qid, min=item.get("min"),
                  max=item.get("max"))
        return TypedAnswer()
    return TypedAnswer(numeric=NumericKey(low, high))


def parse_matching(item: LineDict, out: Collector, qid: str) -> TypedAnswer:
    """`pairs: [{left, right}, ..]` (at least two, no left twice) and optional
    `distractors: [..]` (none equal to a right answer, none twice)."""
    raw = item.get("pairs")
    line = item.line_of("pairs") if "pairs" in item else item.line
    if not isinstance(raw, list):
        out.error(line, "matching-too-few", id=qid, minimum=MIN_PAIRS)
        return TypedAnswer()
    pairs: list[Pair] = []
    lefts: dict[str, int] = {}
    for entry in raw:
        if not isinstance(entry, LineDict) or not all(
                isinstance(entry.get(k), str | int | float) and str(entry.get(k)).strip()
                for k in ("left", "right")):
            out.error(entry.line if isinstance(entry, LineDict) else line,
                      "pair-not-mapping", id=qid)
            continue
        left, right = str(entry["left"]).strip(), str(entry["right"]).strip()
        if left in lefts:
            out.error(entry.line_of("left"), "matching-duplicate-left", id=qid, left=left,
                      first_line=lefts[left])
            continue
        lefts[left] = entry.line_of("left")
        pairs.append(Pair(left, right))
    if len(raw) < MIN_PAIRS:
        out.error(line, "matching-too-few", id=qid, minimum=MIN_PAIRS)
    distractors = _texts(item, "distractors", out, qid) or []
    rights = {p.right for p in pairs}
    seen: set[str] = set()
    for text in distractors:
        if text in rights:
            out.error(item.line_of("distractors"), "matching-distractor-is-answer", id=qid,
                      text=text)
        elif text in seen:
            out.error(item.line_of("distractors"), "matching-duplicate-distractor", id=qid,
                      text=text)
        seen.add(text)
    return TypedAnswer(pairs=tuple(pairs), distractors=tuple(dict.fromkeys(distractors)))
