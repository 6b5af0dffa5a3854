"""A question's identity for statistics: what a learner reads and what counts as right.

`content_hash(question)` ignores the order in which choices are shown (shuffled per attempt) and
the explanations, so answers to the same question share one hash across attempts; editing the
prompt, a choice's text or the key gives a new hash, and with it fresh statistics (old answers
stay attributed to the old hash). Ordering questions keep their order: it is the answer.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from dxtrainer.domain.content import Question, QuestionType

# Fields that do not change what is asked or what is right.
_IGNORED = frozenset({"id", "explanation", "line", "path"})


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _IGNORED or f.name == "id"}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):
        return value.value  # enums
    return value


def content_hash(question: Question) -> str:
    """sha256 of the question's type, prompt, choices (by id, text and correctness; sorted by id
    except for ordering questions) and any other answer field, never the shown order."""
    payload: dict[str, Any] = {}
    for f in dataclasses.fields(question):
        if f.name in _IGNORED:
            continue
        payload[f.name] = _plain(getattr(question, f.name))
    choices = payload.get("choices") or []
    for choice in choices:
        choice.pop("explanation", None)
    if question.type != QuestionType.ORDERING:
        payload["choices"] = sorted(choices, key=lambda c: str(c.get("id", "")))
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def shown_order_hash(question: Question, shown_order: list[str] | None) -> str:
    """The hash attempts stored before `content_hash` existed: prompt, choices IN THE SHOWN ORDER
    and the key. Only used to tell whether such an older attempt saw today's text."""
    choices = {c.id: c for c in question.choices}
    order = shown_order or list(choices)
    payload = {
        "type": question.type.value,
        "prompt": question.prompt,
        "choices": [[cid, choices[cid].text, choices[cid].correct] for cid in order
                    if cid in choices],
        "answer": question.answer,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
