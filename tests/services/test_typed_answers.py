"""Short, numeric and matching answers through the training service: stored as given, scored 1
or 0, fed back with the key, resumed with the same drop-down order, listed in 復習."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dxtrainer.db.models import Answer
from dxtrainer.services.container import open_services
from tests.typed_content import typed_content


@pytest.fixture
def services(db_path, tmp_path):  # the fixture content with the typed quiz
    svc = open_services(db_path, typed_content(tmp_path))
    yield svc
    svc.close()


def test_typed_answers_are_stored_as_given_and_scored(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    views = {q.id: q for q in attempt.questions}
    matching = views["matching1"]
    assert matching.lefts == ("クラウド", "オープンデータ")
    assert sorted(matching.options) == sorted(["インターネット経由で使う計算資源",
                                               "誰でも使える形で公開されたデータ", "紙の台帳"])
    short = training.submit_answer(user, attempt.id, "short1", "ｄｘ")
    numeric = training.submit_answer(user, attempt.id, "numeric1", 61.0)
    wrong_pairs = {"クラウド": "紙の台帳", "オープンデータ": "誰でも使える形で公開されたデータ"}
    pairs = training.submit_answer(user, attempt.id, "matching1", wrong_pairs)
    assert (short.feedback.correct, numeric.feedback.correct, pairs.feedback.correct) == (
        True, False, False)
    assert short.feedback.accepted == ("DX", "でじたるとらんすふぉーめーしょん")
    assert numeric.feedback.numeric is not None and numeric.feedback.numeric.value == 60
    assert [p.left for p in pairs.feedback.pairs] == ["クラウド", "オープンデータ"]
    with services.sessions() as s:
        stored = dict(s.execute(select(Answer.question_id, Answer.response)).all())
    assert stored == {"short1": {"value": "ｄｘ"}, "numeric1": {"value": 61.0},
                      "matching1": {"value": wrong_pairs}}

    again = training.start_or_resume(user, "sample-basics")  # resumed: same offer, same answers
    assert {q.id: q.options for q in again.questions} == {q.id: q.options
                                                          for q in attempt.questions}
    assert again.feedback["matching1"].response == wrong_pairs
    assert again.feedback["short1"].correct and not again.feedback["numeric1"].correct

    review = {item.question.id for item in training.review_items(user)}
    assert review == {"numeric1", "matching1"}


def test_a_second_submit_changes_nothing(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    first = training.submit_answer(user, attempt.id, "numeric1", "６０")
    second = training.submit_answer(user, attempt.id, "numeric1", 1.0)
    assert first.feedback.correct and second.feedback.correct
    assert second.feedback.response == "６０"
