"""Questions read from another system's bank (Moodle GIFT, Aiken), before they become our quiz.

Readers produce `BankQuestion`s and `Note`s (codes with a line, worded by the CLI); `to_quiz_data`
turns what our question types can hold into the plain dicts of a quiz YAML file and reports, with
its line, every question or detail that does not fit: nothing is dropped without a note."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dxtrainer.domain.content import QuestionType

# Written where the source has no explanation; the validator warns about it (explanation-todo).
TODO_EXPLANATION = "TODO: 解説を書いてください。"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class Note:
    line: int
    code: str
    skipped: bool = False  # True: the whole question was left out
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class BankAnswer:
    text: str
    weight: float  # Moodle's fraction: 1 full credit, 0 wrong, between: partial, below 0: penalty
    feedback: str = ""
    line: int = 0


@dataclass
class NumericAnswer:
    low: float
    high: float
    value: float | None = None  # given as value:tolerance (None: given as a range low..high)
    tolerance: float = 0.0
    weight: float = 1.0
    feedback: str = ""
    line: int = 0


@dataclass
class BankQuestion:
    line: int
    kind: str  # choice | truefalse | short | numeric | matching | essay | description | missing-word
    prompt: str
    title: str = ""
    category: str = ""
    feedback: str = ""  # general feedback
    answers: list[BankAnswer] = field(default_factory=list)
    multiple: bool = False  # choice with no `=` answer: Moodle's "multiple answers"
    truth: bool | None = None
    right_feedback: str = ""  # truefalse: shown when answered right / wrong
    wrong_feedback: str = ""
    numbers: list[NumericAnswer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)


@dataclass
class Bank:
    questions: list[BankQuestion]
    notes: list[Note]


def supported_types() -> set[str]:
    """The question types the model on this version holds (short/numeric/matching may be new)."""
    return {t.value for t in QuestionType}


def to_quiz_data(bank: Bank, quiz_id: str, lesson_id: str) -> tuple[dict[str, Any], list[Note]]:
    """The quiz as plain data (keys in our files' order) and the notes of the conversion."""
    notes = list(bank.notes)
    questions: list[dict[str, Any]] = []
    used: set[str] = set()
    category = ""
    for question in bank.questions:
        data = _question(question, notes)
        if data is None:
            continue
        qid = _question_id(question.title, len(questions) + 1, used)
        used.add(qid)
        comment = [f"Moodle: {question.title}"] if question.title and question.title != qid else []
        if question.category != category:
            category = question.category
            comment.insert(0, f"$CATEGORY: {category}")
        questions.append({"_comment": comment, "id": qid, **data})
    quiz = {"id": quiz_id, "lesson": lesson_id, "version": 1, "pass_mark": 0.8, "shuffle": True,
            "questions": questions}
    return quiz, sorted(notes, key=lambda n: n.line)


def _question_id(title: str, number: int, used: set[str]) -> str:
    slug = _SLUG.sub("-", title.lower()).strip("-")[:40].strip("-")
    if slug and slug not in used and slug.isascii():
        return slug
    candidate = f"q{number}"
    while candidate in used:
        candidate += "x"
    return candidate


def _skip(question: BankQuestion, notes: list[Note], code: str, **params: object) -> None:
    notes.append(Note(question.line, code, True, dict(params)))


def _explanation(question: BankQuestion) -> str:
    """The general feedback, or the TODO text the validator warns about."""
    return question.feedback.strip() or TODO_EXPLANATION


def _question(question: BankQuestion, notes: list[Note]) -> dict[str, Any] | None:
    kind = question.kind
    if kind in ("essay", "description", "missing-word"):
        _skip(question, notes, kind)
        return None
    if not question.prompt.strip():
        _skip(question, notes, "empty-prompt")
        return None
    if kind == "choice":
        return _choice(question, notes)
    if kind == "truefalse":
        parts = [question.feedback, question.wrong_feedback, question.right_feedback]
        kept = list(dict.fromkeys(p.strip() for p in parts if p.strip()))
        return {"type": "truefalse", "prompt": question.prompt, "answer": bool(question.truth),
                "explanation": "\n\n".join(kept) or TODO_EXPLANATION}
    new_type = {"short": "short", "numeric": "numeric", "matching": "matching"}[kind]
    if new_type not in supported_types():
        _skip(question, notes, "type-not-supported-yet", type=new_type)
        return None
    return {"short": _short, "numeric": _numeric, "matching": _matching}[kind](question, notes)


def _choice(question: BankQuestion, notes: list[Note]) -> dict[str, Any] | None:
    answers = question.answers
    if question.multiple:
        correct = [a.weight > 0 for a in answers]
        qtype = "multiple"
    else:
        correct = [a.weight >= 1 for a in answers]
        qtype = "single"
        for answer in answers:
            if 0 < answer.weight < 1:
                notes.append(Note(answer.line or question.line, "partial-credit-wrong",
                                  params={"answer": answer.text, "percent": _percent(answer)}))
        if sum(correct) > 1:
            _skip(question, notes, "several-right-in-single", count=sum(correct))
            return None
    if any(not a.text.strip() for a in answers):
        _skip(question, notes, "empty-answer")
        return None
    if not any(correct):
        _skip(question, notes, "no-right-answer")
        return None
    if len(answers) < 2:
        _skip(question, notes, "too-few-answers")
        return None
    choices = []
    for index, (answer, right) in enumerate(zip(answers, correct, strict=True)):
        choice: dict[str, Any] = {"id": _choice_id(index), "text": answer.text}
        if right:
            choice["correct"] = True
        if answer.feedback.strip():
            choice["explanation"] = answer.feedback.strip()
        choices.append(choice)
    return {"type": qtype, "prompt": question.prompt, "choices": choices,
            "explanation": _explanation(question)}


def _choice_id(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"c{index + 1}"


def _percent(answer: BankAnswer | NumericAnswer) -> str:
    return f"{answer.weight * 100:g}"


def _short(question: BankQuestion, notes: list[Note]) -> dict[str, Any] | None:
    accepted = []
    for answer in question.answers:
        if not answer.text.strip():
            continue
        if answer.weight >= 1:
            accepted.append(answer.text)
        else:
            notes.append(Note(answer.line or question.line, "partial-credit-dropped",
                              params={"answer": answer.text, "percent": _percent(answer)}))
    if not accepted:
        _skip(question, notes, "no-right-answer")
        return None
    _feedback_not_kept(question, [a.feedback for a in question.answers], notes)
    return {"type": "short", "prompt": question.prompt, "answers": accepted,
            "explanation": _explanation(question)}


def _numeric(question: BankQuestion, notes: list[Note]) -> dict[str, Any] | None:
    full = [n for n in question.numbers if n.weight >= 1]
    for number in question.numbers:
        if number.weight < 1:
            notes.append(Note(number.line or question.line, "partial-credit-dropped",
                              params={"answer": _number_text(number), "percent": _percent(number)}))
    if not full:
        _skip(question, notes, "no-right-answer")
        return None
    first = full[0]
    for other in full[1:]:
        if other.low <= first.high and other.high >= first.low:
            first = NumericAnswer(min(first.low, other.low), max(first.high, other.high))
        else:
            notes.append(Note(other.line or question.line, "numeric-extra-dropped",
                              params={"answer": _number_text(other)}))
    _feedback_not_kept(question, [n.feedback for n in question.numbers], notes)
    data: dict[str, Any] = {"type": "numeric", "prompt": question.prompt}
    if first.value is not None:
        data.update(answer=_num(first.value), tolerance=_num(first.tolerance))
    else:
        data.update(min=_num(first.low), max=_num(first.high))
    data["explanation"] = _explanation(question)
    return data


def _number_text(number: NumericAnswer) -> str:
    if number.value is not None:
        return f"{_num(number.value)}:{_num(number.tolerance)}"
    return f"{_num(number.low)}..{_num(number.high)}"


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _matching(question: BankQuestion, notes: list[Note]) -> dict[str, Any] | None:
    if any(not text.strip() for pair in question.pairs for text in pair):
        _skip(question, notes, "empty-answer")
        return None
    if len(question.pairs) < 2:
        _skip(question, notes, "too-few-answers")
        return None
    data: dict[str, Any] = {"type": "matching", "prompt": question.prompt,
                            "pairs": [{"left": left, "right": right}
                                      for left, right in question.pairs]}
    if question.distractors:
        data["distractors"] = list(question.distractors)
    data["explanation"] = _explanation(question)
    return data


def _feedback_not_kept(question: BankQuestion, feedback: list[str], notes: list[Note]) -> None:
    if any(f.strip() for f in feedback):
        notes.append(Note(question.line, "answer-feedback-dropped"))
