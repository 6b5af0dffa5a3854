"""Finds questions whose prompts are near-identical, in one quiz or across quizzes, so that one
fact is not asked several times."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from dxtrainer.domain.content import Problem, Question, Quiz

# difflib ratio of the normalised prompts. On the shipped content (2026-11) the same question
# reworded scores 0.85 to 0.95, while different questions built on one pattern ("…の出来事を、
# 古いものから順に並べてください", "○○市の…適切なものをすべて選んでください") stay below 0.8.
SIMILAR_PROMPT_RATIO = 0.85
_NOISE = re.compile(r"[\W_]+")


def normalise(prompt: str) -> str:
    """Full-width to half-width, lower case, without spaces or punctuation (「」、。() …)."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", prompt).lower())


def similar_prompts(quizzes: Iterable[Quiz], threshold: float = SIMILAR_PROMPT_RATIO
                    ) -> list[Problem]:
    """A warning on the later question of each near-identical pair (file order, then question
    order), naming the earlier one's file and line."""
    items: list[tuple[Quiz, Question, str]] = [
        (quiz, q, normalise(q.prompt)) for quiz in sorted(quizzes, key=lambda x: x.path)
        for q in quiz.questions]
    problems = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for i, (quiz, question, text) in enumerate(items):
        matcher.set_seq2(text)  # the side SequenceMatcher indexes: set once per question
        for other_quiz, other, other_text in items[:i]:
            matcher.set_seq1(other_text)
            if (matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold
                    or (ratio := matcher.ratio()) < threshold):
                continue
            problems.append(Problem(quiz.path, question.line, "warning", "similar-prompt", {
                "id": question.id, "other": f"{other_quiz.path}:{other.line}",
                "other_id": other.id, "percent": round(ratio * 100)}))
    return problems
