"""Item analysis formulas against small cases computed by hand."""

from __future__ import annotations

import math
import statistics

import pytest

from dxtrainer.domain.item_analysis import (
    Flag,
    Response,
    Thresholds,
    badness,
    choice_shares,
    facility,
    flags,
    point_biserial,
    upper_lower_index,
)

# Ten people, rest-of-quiz scores 9..0 (no ties), right (1) or wrong (0) on the question.
RIGHT = (1, 1, 0, 1, 0, 1, 0, 1, 0, 0)
TEN = [Response(bool(ok), rest) for ok, rest in zip(RIGHT, range(9, -1, -1), strict=True)]


def test_facility_is_the_share_right():
    assert facility(TEN) == 0.5  # 5 of 10
    assert facility([]) is None


def test_upper_lower_index_uses_27_percent_groups():
    # 27 % of 10 = 2.7 -> groups of 3. Upper (rest 9, 8, 7): 1 + 1 + 0 = 2 right;
    # lower (rest 2, 1, 0): 1 + 0 + 0 = 1 right. D = (2 - 1) / 3.
    assert upper_lower_index(TEN) == pytest.approx(1 / 3)
    reversed_ = [Response(not r.correct, r.rest) for r in TEN]  # (1 - 2) / 3
    assert upper_lower_index(reversed_) == pytest.approx(-1 / 3)
    # 5 people: 27 % = 1.35 -> groups of 1; the top (rest 4) is right, the bottom (rest 0) wrong.
    five = [Response(True, 4), Response(False, 3), Response(True, 2), Response(False, 1),
            Response(False, 0)]
    assert upper_lower_index(five) == 1.0
    assert upper_lower_index(five[:1]) is None


def test_point_biserial_by_hand():
    # Right: rest 9, 8, 6, 4, 2 -> mean 5.8. Wrong: 7, 5, 3, 1, 0 -> mean 3.2.
    # Rest scores 0..9: population variance (10² − 1) / 12 = 8.25. p = q = 0.5 -> √(pq) = 0.5.
    # r = (5.8 − 3.2) / √8.25 × 0.5 = 1.3 / 2.8723 = 0.4526
    assert point_biserial(TEN) == pytest.approx(1.3 / math.sqrt(8.25))
    assert point_biserial(TEN) == pytest.approx(0.4526, abs=1e-4)
    # the same as Pearson's r between 0/1 and the rest score
    assert point_biserial(TEN) == pytest.approx(
        statistics.correlation([float(x) for x in RIGHT], [float(r.rest) for r in TEN]))
    # 4 people: right rests 3, 1 (mean 2), wrong 2, 0 (mean 1); rests 3,2,1,0 -> variance 1.25
    # r = (2 − 1) / √1.25 × 0.5 = 0.4472
    four = [Response(True, 3), Response(False, 2), Response(True, 1), Response(False, 0)]
    assert point_biserial(four) == pytest.approx(0.4472, abs=1e-4)
    assert point_biserial([Response(True, 1), Response(True, 2)]) is None  # everyone right
    assert point_biserial([Response(True, 1), Response(False, 1)]) is None  # equal rests


def test_choice_shares_count_each_person_once_per_choice():
    picks = [{"a"}, {"b"}, {"a"}, {"a", "c"}]
    responses = [Response(False, 0, frozenset(p)) for p in picks]
    assert choice_shares(responses, ["a", "b", "c", "d"]) == {
        "a": 0.75, "b": 0.25, "c": 0.25, "d": 0.0}


def test_flags_worst_first_and_only_with_enough_people():
    shares = {"a": 0.3, "b": 0.5, "c": 0.2, "d": 0.0}
    key = frozenset({"a"})
    assert flags(20, 0.3, -0.2, shares, key, Thresholds()) == (
        Flag.NEGATIVE, Flag.OVER_KEY, Flag.HARD, Flag.UNUSED)
    assert flags(19, 0.3, -0.2, shares, key, Thresholds()) == ()
    assert flags(5, 0.3, -0.2, shares, key, Thresholds(min_people=5)) != ()
    easy = {"a": 0.97, "b": 0.03, "c": 0.02, "d": 0.01}
    assert flags(30, 0.97, 0.05, easy, key, Thresholds()) == (Flag.WEAK, Flag.EASY)
    assert flags(30, 0.97, 0.05, easy, key, Thresholds(easy=0.98, weak=0.04)) == ()
    assert flags(30, 0.6, 0.3, {"a": 0.6, "b": 0.4}, key, Thresholds()) == ()
    assert flags(30, 0.6, -0.05, {"a": 0.6, "b": 0.4}, key, Thresholds()) == (Flag.WEAK,)
    assert flags(30, 0.6, -0.1, {"a": 0.6, "b": 0.4}, key, Thresholds()) == (Flag.NEGATIVE,)
    assert badness((Flag.NEGATIVE,)) < badness((Flag.HARD, Flag.UNUSED)) < badness(())
