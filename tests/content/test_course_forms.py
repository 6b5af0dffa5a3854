"""Every course's 事前テスト and 事後テスト come from two parallel forms (issue 11): half the staff take
form A first and half form B, so the two must test the same objectives, DSS-L category by category,
without sharing a question that would let the first form give the second one away."""

from __future__ import annotations

import difflib
import itertools
import re

import pytest

from dxtrainer.content.loader import load_content
from dxtrainer.content.similar import SIMILAR_PROMPT_RATIO, normalise
from dxtrainer.domain.content import Question, QuestionType, Quiz
from tests.conftest import REPO

INDEX = load_content(REPO / "content")
TESTS = {quiz.id: quiz for quiz in INDEX.course_tests}
SCENARIO = re.compile(r"(市|町|村|区)(の|で|役所)|課|窓口|担当|職員|係")


def _forms(course_id: str) -> tuple[Quiz, Quiz]:
    course = INDEX.course(course_id)
    assert course is not None
    first, second = (TESTS[test_id] for test_id in course.test_ids)
    return first, second


def _choice_set(question: Question) -> frozenset[str]:
    return frozenset(normalise(choice.text) for choice in question.choices)


def test_the_shipped_courses_each_name_two_forms_a_and_b_of_their_own():
    assert {course.id for course in INDEX.courses} >= {"managers", "frontline", "dx-staff"}
    for course in INDEX.courses:
        assert len(course.test_ids) == 2, course.id
        assert set(course.test_ids) <= set(TESTS), course.id
        first, second = _forms(course.id)
        assert {first.form, second.form} == {"a", "b"}, course.id
        assert first.course_id == second.course_id == course.id
    # A course test is no lesson quiz: lesson statistics and Mastery never see it.
    assert not set(TESTS) & {quiz.id for quiz in INDEX.quizzes}


@pytest.mark.parametrize("course_id", [course.id for course in INDEX.courses])
def test_the_two_forms_ask_as_many_questions_in_the_same_categories(course_id: str):
    first, second = _forms(course_id)
    assert len(first.questions) == len(second.questions)
    assert 6 <= len(first.questions) <= 8
    categories = [q.category for q in first.questions]
    assert None not in categories
    assert categories == [q.category for q in second.questions]


@pytest.mark.parametrize("course_id", [course.id for course in INDEX.courses])
def test_no_prompt_or_choice_set_is_shared_between_the_forms(course_id: str):
    first, second = _forms(course_id)
    matcher = difflib.SequenceMatcher(autojunk=False)
    for one, other in itertools.product(first.questions, second.questions):
        assert normalise(one.prompt) != normalise(other.prompt), (one.id, other.id)
        matcher.set_seqs(normalise(one.prompt), normalise(other.prompt))
        assert matcher.ratio() < SIMILAR_PROMPT_RATIO, (one.id, other.id)
        if one.choices and other.choices:
            assert _choice_set(one) != _choice_set(other), (one.id, other.id)


def test_every_wrong_choice_of_a_course_test_says_why():
    for quiz in TESTS.values():
        for question in quiz.questions:
            assert question.explanation.strip(), (quiz.id, question.id)
            for choice in question.choices:
                assert choice.correct or choice.explanation.strip(), (quiz.id, question.id)


def test_course_forms_keep_the_rules_for_good_questions():
    # docs/content-format.md「よい問題のために」, as the lesson quizzes keep them
    # (tests/content/test_curriculum_quality.py).
    questions = [q for quiz in TESTS.values() for q in quiz.questions]
    assert sum(bool(SCENARIO.search(q.prompt)) for q in questions) * 2 >= len(questions)
    longest = single = 0
    for quiz in TESTS.values():
        keys = []
        for q in quiz.questions:
            texts = [c.text for c in q.choices]
            assert not any(("すべて" in t and ("正しい" in t or "誤り" in t)) or "いずれも" in t
                           for t in texts), (quiz.id, q.id)
            if q.type is QuestionType.SINGLE:
                single += 1
                right = next(i for i, c in enumerate(q.choices) if c.correct)
                keys.append(right)
                lengths = [len(t) for t in texts]
                longest += lengths[right] == max(lengths) and lengths.count(max(lengths)) == 1
        if len(keys) >= 3:  # the written order must not give the key away when shuffle is off
            assert max(keys.count(k) for k in keys) / len(keys) < 0.7, (quiz.id, keys)
    assert longest / single < 0.4
