"""Short answer, numeric and matching: folding, number reading, 1-or-0 scoring, response keys."""

from __future__ import annotations

import pytest

from dxtrainer.domain.content import NumericKey, Pair, Question, QuestionType
from dxtrainer.domain.scoring import (
    fold_text,
    format_number,
    is_correct,
    parse_number,
    response_key,
)

SHORT = Question("s", QuestionType.SHORT, "?", "", accepted=("DX", "デジタル"))
EXACT = Question("n", QuestionType.NUMERIC, "?", "", numeric=NumericKey(1200, 1200, 1200, 0))
NEAR = Question("n", QuestionType.NUMERIC, "?", "", numeric=NumericKey(3.4, 3.6, 3.5, 0.1))
RANGE = Question("n", QuestionType.NUMERIC, "?", "", numeric=NumericKey(10, 20))
MATCH = Question("m", QuestionType.MATCHING, "?", "",
                 pairs=(Pair("クラウド", "計算資源"), Pair("RPA", "定型作業の自動化")),
                 distractors=("紙の台帳",))


@pytest.mark.parametrize("given", ["DX", "dx", "ＤＸ", "ｄｘ", " d x ", "でじたる", "デジタル",
                                   "ﾃﾞｼﾞﾀﾙ", "デ ジ タ ル", "\u3000ＤＸ\u3000"])
def test_short_answer_folds_case_width_kana_and_spaces(given):
    assert is_correct(SHORT, given)


@pytest.mark.parametrize("given", ["", "   ", "DXX", "デジタル化", "IT", ["DX"], True])
def test_short_answer_wrong_or_empty(given):
    assert not is_correct(SHORT, given)


def test_fold_text_examples():
    assert fold_text("ＤＸ") == fold_text("dx") == "dx"
    assert fold_text("でじたる") == fold_text("デジタル") == "デジタル"
    assert fold_text("ﾃﾞｼﾞﾀﾙ") == "デジタル"  # half-width kana become full-width


@pytest.mark.parametrize("text, number", [
    ("3.5", 3.5), ("３．５", 3.5), ("1,200", 1200), ("１，２００", 1200), ("1200", 1200),
    (" 12 ", 12), ("-2", -2), ("−２", -2), ("－2.5", -2.5), ("1,234,567.5", 1234567.5),
    (".5", 0.5), ("10.", 10)])
def test_numbers_as_learners_type_them(text, number):
    assert parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["", "abc", "3.5.1", "1,20", "12,00,000", "3,5", "五", "1e3",
                                  "12分", "--3"])
def test_what_is_not_a_number(text):
    assert parse_number(text) is None


def test_numeric_exact_tolerance_and_range():
    assert is_correct(EXACT, 1200.0) and is_correct(EXACT, "１，２００")
    assert not is_correct(EXACT, 1201.0) and not is_correct(EXACT, "千二百")
    assert is_correct(NEAR, 3.6) and is_correct(NEAR, "３．４") and is_correct(NEAR, 3.5)
    assert not is_correct(NEAR, 3.61) and not is_correct(NEAR, 3.39)
    assert is_correct(RANGE, 10) and is_correct(RANGE, 20) and is_correct(RANGE, "15")
    assert not is_correct(RANGE, 9.99) and not is_correct(RANGE, 20.01)
    assert not is_correct(RANGE, True)  # a bool is not a number here


def test_matching_scores_one_only_when_every_pair_is_right():
    right = {"クラウド": "計算資源", "RPA": "定型作業の自動化"}
    assert is_correct(MATCH, right)
    assert not is_correct(MATCH, {"クラウド": "計算資源", "RPA": "紙の台帳"})
    assert not is_correct(MATCH, {"クラウド": "計算資源"})
    assert not is_correct(MATCH, {"クラウド": "定型作業の自動化", "RPA": "計算資源"})
    assert not is_correct(MATCH, ["計算資源"])
    assert MATCH.options == ("計算資源", "定型作業の自動化", "紙の台帳")


def test_response_keys_group_the_same_answer():
    assert response_key(SHORT, "ＤＸ") == response_key(SHORT, "dx") == "dx"
    assert response_key(NEAR, "３．５０") == response_key(NEAR, 3.5) == "3.5"
    assert response_key(EXACT, "1,200") == "1200"
    wrong = {"クラウド": "紙の台帳", "RPA": "定型作業の自動化"}
    assert response_key(MATCH, wrong) == "クラウド=紙の台帳;RPA=定型作業の自動化"
    assert response_key(MATCH, {"RPA": "計算資源"}) == "クラウド=;RPA=計算資源"
    choice = Question("c", QuestionType.MULTIPLE, "?", "")
    assert response_key(choice, ["b", "a"]) == "a,b"
    assert response_key(choice, True) == "true"
    assert format_number(0.1) == "0.1" and format_number(-3.0) == "-3"
