"""Scoring rules (DESIGN.md, Definitions): each question scores 1 or 0; a quiz passes at its mark."""

from __future__ import annotations

from dxtrainer.domain.content import Question, QuestionType

Response = list[str] | bool


def is_correct(question: Question, response: Response) -> bool:
    """True when `response` is exactly right for `question`.

    single / multiple: the list of chosen choice ids; truefalse: a bool;
    ordering: the item ids in the order the learner arranged them.
    """
    if question.type is QuestionType.TRUEFALSE:
        return isinstance(response, bool) and response == question.answer
    if isinstance(response, bool):
        return False
    if question.type is QuestionType.ORDERING:
        return tuple(response) == question.correct_order
    chosen = frozenset(response)
    if question.type is QuestionType.SINGLE and len(response) != 1:
        return False
    return chosen == question.correct_ids


def quiz_score(correct: int, questions: int) -> float:
    """Share of questions answered correctly, unrounded (0.0 for an empty quiz)."""
    return correct / questions if questions else 0.0


def passed(score: float, pass_mark: float) -> bool:
    # A tiny tolerance so that e.g. 4/5 = 0.8 passes a 0.8 mark despite float error.
    return score + 1e-9 >= pass_mark
