"""Loading short, numeric and matching questions, and their problems with file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dxtrainer.content.loader import load_content
from dxtrainer.domain.content import NumericKey, Pair, QuestionType
from dxtrainer.messages import format_problem
from tests.typed_content import typed_content

TODAY = date(2026, 11, 30)
HEAD = "id: sample-basics\nlesson: sample-basics\nversion: 1\nquestions:\n"


def test_typed_fixture_loads_clean_with_each_new_type(tmp_path: Path):
    index = load_content(typed_content(tmp_path), today=TODAY)
    assert index.problems == ()
    quiz = index.quiz("sample-basics")
    short, numeric, matching = (quiz.question(i) for i in ("short1", "numeric1", "matching1"))
    assert short.type is QuestionType.SHORT
    assert short.accepted == ("DX", "でじたるとらんすふぉーめーしょん")
    assert numeric.numeric == NumericKey(60, 60, 60, 0)
    assert matching.pairs[0] == Pair("クラウド", "インターネット経由で使う計算資源")
    assert matching.distractors == ("紙の台帳",)


def problems(tmp_path: Path, body: str) -> list[tuple[int, str, str]]:
    root = typed_content(tmp_path)
    (root / "quizzes" / "sample-basics.yaml").write_text(HEAD + body, encoding="utf-8")
    index = load_content(root, today=TODAY)
    return [(p.line, p.severity, p.code) for p in index.problems
            if p.path.endswith("sample-basics.yaml")]


def q(kind: str, lines: str) -> str:
    return (f"  - id: x\n    type: {kind}\n    prompt: 問題文です。\n    explanation: 説明です。\n"
            + lines)


@pytest.mark.parametrize("lines, expected", [
    ("", [(5, "error", "short-no-answers")]),
    ("    answers: []\n", [(9, "error", "short-no-answers")]),
    ("    answers: [DX, {a: 1}]\n", [(9, "error", "answers-not-text")]),
    ("    answers: [DX, ｄｘ]\n", [(9, "warning", "short-duplicate-answer")]),
    ("    answers: DX\n", []),  # one answer may be written without a list
])
def test_short_answer_problems(tmp_path, lines, expected):
    assert problems(tmp_path, q("short", lines)) == expected


@pytest.mark.parametrize("lines, expected", [
    ("", [(5, "error", "numeric-no-answer")]),
    ("    answer: abc\n", [(9, "error", "numeric-not-number")]),
    ("    answer: 3.5\n    tolerance: -0.1\n", [(10, "error", "numeric-bad-tolerance")]),
    ("    answer: 3.5\n    tolerance: 少し\n", [(10, "error", "numeric-not-number")]),
    ("    answer: 3\n    min: 1\n    max: 5\n", [(9, "error", "numeric-answer-and-range")]),
    ("    min: 1\n", [(9, "error", "numeric-half-range")]),
    ("    min: 9\n    max: 5\n", [(9, "error", "numeric-bad-range")]),
    ("    min: 1\n    max: 5\n    tolerance: 1\n",
     [(11, "error", "numeric-tolerance-without-answer")]),
    ("    answer: '１，２００'\n", []),  # a number written as text is read like a learner's
    ("    min: 1\n    max: 5\n", []),
])
def test_numeric_problems(tmp_path, lines, expected):
    assert problems(tmp_path, q("numeric", lines)) == expected


PAIRS = "    pairs:\n      - left: A\n        right: 1\n      - left: B\n        right: 2\n"


@pytest.mark.parametrize("lines, expected", [
    ("", [(5, "error", "matching-too-few")]),
    ("    pairs:\n      - left: A\n        right: 1\n", [(9, "error", "matching-too-few")]),
    ("    pairs:\n      - left: A\n        right: 1\n      - left: B\n",
     [(12, "error", "pair-not-mapping")]),
    ("    pairs:\n      - left: A\n        right: 1\n      - left: A\n        right: 2\n",
     [(12, "error", "matching-duplicate-left")]),
    (PAIRS + "    distractors: [3, 1]\n", [(14, "error", "matching-distractor-is-answer")]),
    (PAIRS + "    distractors: [3, 3]\n", [(14, "error", "matching-duplicate-distractor")]),
    (PAIRS + "    distractors: [3]\n", []),
])
def test_matching_problems(tmp_path, lines, expected):
    assert problems(tmp_path, q("matching", lines)) == expected


def test_problems_are_worded_with_file_and_line(tmp_path):
    root = typed_content(tmp_path)
    path = root / "quizzes" / "sample-basics.yaml"
    path.write_text(HEAD + q("numeric", "    min: 9\n    max: 5\n"), encoding="utf-8")
    problem = next(p for p in load_content(root, today=TODAY).problems
                   if p.code == "numeric-bad-range")
    assert format_problem(problem) == (
        f"{path}:9: error: 問題「x」: min「9」が max「5」より大きくなっています。")
