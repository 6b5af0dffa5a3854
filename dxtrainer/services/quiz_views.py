"""What a learner's quiz screen shows of a question: the choices in the order shown, and the
feedback after an answer (the same for a lesson quiz, a course test and 試しに解く)."""

from __future__ import annotations

import random

from dxtrainer.domain import scoring
from dxtrainer.domain.content import Question, QuestionType, Quiz
from dxtrainer.services.records import ChoiceView, Feedback, QuestionView


def shown_order(question: Question, shuffle: bool, rng: random.Random) -> list[str]:
    """The choice ids in the order a new attempt shows them (matching: the answers offered)."""
    ids = [c.id for c in question.choices]
    if question.type is QuestionType.MATCHING:  # the answers offered, shuffled
        ids = list(question.options)
        rng.shuffle(ids)
    elif question.type is QuestionType.ORDERING:
        # Never show the steps already in the right order.
        while len(ids) > 1 and ids == list(question.correct_order):
            rng.shuffle(ids)
    elif shuffle:
        rng.shuffle(ids)
    return ids


def question_views(quiz: Quiz, question_order: list[str],
                   choice_orders: dict[str, list[str]]) -> tuple[QuestionView, ...]:
    """An attempt's questions still in the quiz, with choices in the order stored for it."""
    questions = []
    for qid in question_order:
        q = quiz.question(qid)
        if q is None:
            continue
        texts = {c.id: c.text for c in q.choices}
        shown = choice_orders.get(qid, list(texts))
        options: tuple[str, ...] = ()
        if q.type is QuestionType.MATCHING:
            offered = [o for o in shown if o in q.options]
            options = tuple(offered + [o for o in q.options if o not in offered])
        questions.append(QuestionView(q.id, q.type, q.prompt,
                                      tuple(ChoiceView(c, texts[c]) for c in shown
                                            if c in texts),
                                      tuple(p.left for p in q.pairs), options))
    return tuple(questions)


def feedback(question: Question, response: scoring.Response, correct: bool) -> Feedback:
    """What the learner's screen shows after an answer."""
    return Feedback(
        question.id, correct, response,
        question.correct_order if question.type is QuestionType.ORDERING
        else tuple(c.id for c in question.choices if c.correct),
        question.answer, question.explanation,
        {c.id: c.explanation for c in question.choices if c.explanation},
        question.accepted, question.numeric, question.pairs)
