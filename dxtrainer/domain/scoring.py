"""Scoring rules (DESIGN.md, Definitions): each question scores 1 or 0; a quiz passes at its mark."""

from __future__ import annotations

import re
import unicodedata

from dxtrainer.domain.content import Question, QuestionType

# single / multiple / ordering: choice ids; truefalse: bool; short: the text typed;
# numeric: the number (or the text typed); matching: {left item: chosen right answer}.
Response = list[str] | bool | str | float | dict[str, str]

_HIRAGANA = re.compile("[\u3041-\u3096\u309d\u309e]")
_SPACE = re.compile(r"\s+")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_MINUSES = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-",
                          "\u2013": "-", "\u30fc": "-", "\u3001": ","})
EPSILON = 1e-9


def fold_text(text: str) -> str:
    """Short answers are compared in this form: Unicode NFKC (full-width → half-width,
    half-width kana → full-width), case folded, hiragana → katakana, all spaces removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _HIRAGANA.sub(lambda m: chr(ord(m.group()) + 0x60), text)
    return _SPACE.sub("", text)


def parse_number(text: str) -> float | None:
    """A number as a learner may type it: full-width digits, 「．」, 「，」 or 「,」 between
    groups of three digits, spaces around. None when it is not a number."""
    value = unicodedata.normalize("NFKC", text).translate(_MINUSES)
    value = _SPACE.sub("", value)
    if _GROUPED.fullmatch(value):
        value = value.replace(",", "")
    elif not _PLAIN.fullmatch(value):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def format_number(value: float) -> str:
    """A number without a needless '.0' or exponent: 3.5, 1200, 0.001."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


def _number(response: Response) -> float | None:
    if isinstance(response, bool):
        return None
    if isinstance(response, int | float):
        return float(response)
    if isinstance(response, str):
        return parse_number(response)
    return None


def is_correct(question: Question, response: Response) -> bool:
    """True when `response` is exactly right for `question`.

    single / multiple: the list of chosen choice ids; truefalse: a bool;
    ordering: the item ids in the order the learner arranged them; short: the text typed;
    numeric: the number (or its text); matching: {left item: right answer} for every pair.
    """
    if question.type is QuestionType.TRUEFALSE:
        return isinstance(response, bool) and response == question.answer
    if question.type is QuestionType.SHORT:
        return isinstance(response, str) and bool(fold_text(response)) and \
            fold_text(response) in {fold_text(a) for a in question.accepted}
    if question.type is QuestionType.NUMERIC:
        number, key = _number(response), question.numeric
        return number is not None and key is not None and \
            key.low - EPSILON <= number <= key.high + EPSILON
    if question.type is QuestionType.MATCHING:
        return isinstance(response, dict) and bool(question.pairs) and \
            all(response.get(p.left) == p.right for p in question.pairs)
    if not isinstance(response, list):
        return False
    if question.type is QuestionType.ORDERING:
        return tuple(response) == question.correct_order
    chosen = frozenset(response)
    if question.type is QuestionType.SINGLE and len(response) != 1:
        return False
    return chosen == question.correct_ids


def response_key(question: Question, response: Response) -> str:
    """One stable string per distinct response, for counting which answers people give
    (item analysis): choice ids joined by ',' (ordering: by '>'), 'true' / 'false', the folded
    short answer, the number as written by format_number, or 'left=right' pairs joined by ';'
    in the question's order ('left=' for an unanswered item)."""
    if isinstance(response, bool):
        return "true" if response else "false"
    if question.type is QuestionType.SHORT and isinstance(response, str):
        return fold_text(response)
    if question.type is QuestionType.NUMERIC:
        number = _number(response)
        return format_number(number) if number is not None else str(response).strip()
    if question.type is QuestionType.MATCHING and isinstance(response, dict):
        return ";".join(f"{p.left}={response.get(p.left, '')}" for p in question.pairs)
    if isinstance(response, list):
        if question.type is QuestionType.ORDERING:
            return ">".join(response)
        return ",".join(sorted(response))
    return str(response)


def quiz_score(correct: int, questions: int) -> float:
    """Share of questions answered correctly, unrounded (0.0 for an empty quiz)."""
    return correct / questions if questions else 0.0


def passed(score: float, pass_mark: float) -> bool:
    # A tiny tolerance so that e.g. 4/5 = 0.8 passes a 0.8 mark despite float error.
    return score + 1e-9 >= pass_mark
