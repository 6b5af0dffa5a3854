"""The shipped curriculum keeps the promises of issue 3: type mix, scenarios, fair choices."""

from __future__ import annotations

import difflib
import itertools
import re

from dxtrainer.content.loader import load_content
from dxtrainer.domain.content import QuestionType
from tests.conftest import REPO

INDEX = load_content(REPO / "content")
SCENARIO = re.compile(r"(市|町|村|区)(の|で|役所)|課|窓口|担当|職員|係")


def test_every_quiz_mixes_the_four_question_types():
    for quiz in INDEX.quizzes:
        kinds = {q.type for q in quiz.questions}
        assert kinds >= {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUEFALSE,
                         QuestionType.ORDERING}, quiz.id


def test_at_least_half_the_questions_are_municipal_scenarios():
    questions = [q for quiz in INDEX.quizzes for q in quiz.questions]
    scenarios = [q for q in questions if SCENARIO.search(q.prompt)]
    assert len(scenarios) * 2 >= len(questions)


def test_no_catch_all_choices_and_the_answer_is_not_given_away_by_length():
    longest = single = 0
    for quiz in INDEX.quizzes:
        for q in quiz.questions:
            texts = [c.text for c in q.choices]
            assert not any(("すべて" in t and ("正しい" in t or "誤り" in t)) or "いずれも" in t
                           for t in texts), (quiz.id, q.id)
            if q.type is QuestionType.SINGLE:
                single += 1
                lengths = [len(t) for t in texts]
                right = next(len(c.text) for c in q.choices if c.correct)
                longest += right == max(lengths) and lengths.count(right) == 1
    # With three or four choices chance alone makes the right one the longest ~30% of the time.
    assert longest / single < 0.4


def test_every_wrong_choice_says_why_and_every_lesson_has_its_parts():
    assert [p for p in INDEX.problems if p.code == "wrong-choice-unexplained"] == []
    for lesson in INDEX.lessons:
        body = lesson.body
        assert "## まとめ" in body and "## 出典" in body, lesson.id
        assert "|---" in body or "| ---" in body or "|:-" in body, lesson.id  # a table
        text = re.sub(r"[#>*|`\-\[\]()!:]|\(glossary:[^)]*\)|\(lesson:[^)]*\)", "", body)
        assert 2000 <= len(re.sub(r"\s", "", text)) <= 5000, lesson.id


def test_at_least_sixty_glossary_terms_are_used_in_the_lessons():
    bodies = "\n".join(lesson.body for lesson in INDEX.lessons)
    linked = set(re.findall(r"glossary:([a-z0-9-]+)", bodies))
    used = [t for t in INDEX.glossary
            if t.id in linked or re.sub(r"[((].*?[))]", "", t.term).strip() in bodies]
    assert len(used) >= 60
    assert linked <= {t.id for t in INDEX.glossary}


def _key_positions(quiz):
    return [next(i for i, c in enumerate(q.choices) if c.correct)
            for q in quiz.questions if q.type is QuestionType.SINGLE]


def test_keys_are_spread_over_positions_in_the_source_files():
    # A trainer may turn shuffling off, so the written order must not give the answer away.
    every = []
    for quiz in INDEX.quizzes:
        positions = _key_positions(quiz)
        every += positions
        top = max(positions.count(p) for p in set(positions))
        assert top / len(positions) < 0.7, (quiz.id, positions)
    for position in set(every):
        assert every.count(position) / len(every) <= 0.4, (position, every.count(position))


def test_every_multi_select_has_at_least_two_distractors():
    for quiz in INDEX.quizzes:
        for q in quiz.questions:
            if q.type is QuestionType.MULTIPLE:
                wrong = [c for c in q.choices if not c.correct]
                assert len(wrong) >= 2, (quiz.id, q.id)
                assert all(c.explanation.strip() for c in wrong), (quiz.id, q.id)


def test_no_two_questions_have_near_identical_prompts():
    prompts = [(f"{quiz.id}:{q.id}", q.prompt.strip()) for quiz in INDEX.quizzes
               for q in quiz.questions]
    for (a, pa), (b, pb) in itertools.combinations(prompts, 2):
        assert difflib.SequenceMatcher(None, pa, pb).ratio() < 0.9, (a, b)
