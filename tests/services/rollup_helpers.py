"""Helpers for the roll-up tests: answers right or wrong on purpose, and every roll-up row."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import (
    DeptCategory,
    DeptPeriod,
    PersonCategoryRollup,
    PersonPeriod,
    PersonQuestionState,
    PersonQuizBest,
    PersonQuizPeriodBest,
)
from dxtrainer.domain.content import Question, QuestionType
from dxtrainer.domain.scoring import Response
from dxtrainer.services import rollups


def typed_response(question: Question, right: bool) -> Response:
    """A right or wrong response to a short, numeric or matching question."""
    if question.type is QuestionType.SHORT:
        return question.accepted[0] if right else "まちがい"
    if question.type is QuestionType.NUMERIC:
        assert question.numeric is not None
        return question.numeric.low if right else question.numeric.high + 1
    pairs = {p.left: p.right for p in question.pairs}
    if not right:
        first, second = question.pairs[0], question.pairs[1]
        pairs[first.left], pairs[second.left] = second.right, first.right
    return pairs


def response(question: Question, right: bool) -> Response:
    """A response to `question` that is right or wrong as asked."""
    if question.type in (QuestionType.SHORT, QuestionType.NUMERIC, QuestionType.MATCHING):
        return typed_response(question, right)
    if question.type is QuestionType.TRUEFALSE:
        return bool(question.answer) if right else not question.answer
    if question.type is QuestionType.ORDERING:
        order = list(question.correct_order)
        return order if right else order[1:] + order[:1]
    ids = sorted(question.correct_ids)
    if right:
        return ids
    wrong = [c.id for c in question.choices if not c.correct]
    return wrong[:1] if wrong else ids[:-1]


def full_snapshot(sessions: sessionmaker[Session]) -> tuple[list[tuple], ...]:
    """Every roll-up row with every column (department rows that are all zero left out: a
    rebuild does not make them)."""
    with sessions() as s:
        return (
            sorted((r.staff_id, r.quiz_id, r.question_id, r.category, r.correct, r.answered_at)
                   for r in s.scalars(select(PersonQuestionState))),
            sorted((r.staff_id, r.category, r.answered, r.mastered, r.lessons_completed)
                   for r in s.scalars(select(PersonCategoryRollup))),
            sorted((r.staff_id, r.quiz_id, round(r.best_score, 9), r.attempts, r.passed,
                    r.last_at) for r in s.scalars(select(PersonQuizBest))),
            sorted((r.staff_id, r.period_key, r.department_id, r.answers, r.correct,
                    round(r.best_sum, 9), r.best_count, r.completions)
                   for r in s.scalars(select(PersonPeriod))),
            sorted((r.staff_id, r.quiz_id, r.period_key, round(r.best_score, 9))
                   for r in s.scalars(select(PersonQuizPeriodBest))),
            sorted((r.department_id, r.period_key, r.participants, r.answers, r.correct,
                    round(r.best_sum, 9), r.best_count, r.completions)
                   for r in s.scalars(select(DeptPeriod))),
            sorted((r.department_id, r.category, r.mastered, r.lessons_completed)
                   for r in s.scalars(select(DeptCategory)) if r.mastered or r.lessons_completed),
        )


def rebuild(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        rollups.rebuild(s)
