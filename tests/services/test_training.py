"""The learner's path through the services: sign-in, lessons, answers, resume, roll-ups."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import (
    Answer,
    DeptCategory,
    DeptPeriod,
    PersonCategoryRollup,
    PersonPeriod,
    PersonQuestionState,
    PersonQuizBest,
    PersonQuizPeriodBest,
)
from dxtrainer.services.container import open_services
from dxtrainer.services.records import SYSTEM_USER, SignInStatus
from dxtrainer.services.rollups import rebuild
from tests.conftest import SAMPLE_CONTENT, first_sign_in
from tests.services.rollup_helpers import response


def right_answer(services, quiz_id: str, question_id: str):
    return response(services.content.index.quiz(quiz_id).question(question_id), right=True)


def test_first_sign_in_sets_a_pin_then_the_pin_is_required(services, staff):
    accounts = services.accounts
    assert accounts.sign_in(staff[0], "").status is SignInStatus.NO_CODE
    [issued] = accounts.issue_codes(SYSTEM_USER, [staff[0]])
    assert accounts.sign_in(staff[0], "").status is SignInStatus.NEEDS_CODE
    assert accounts.claim(staff[0], issued.code, "12").status is SignInStatus.BAD_NEW_PIN
    assert accounts.claim(staff[0], issued.code, "2468").status is SignInStatus.OK
    assert accounts.sign_in(staff[0], "0000").status is SignInStatus.WRONG
    result = accounts.sign_in(staff[0], "2468")
    assert result.status is SignInStatus.OK
    assert result.user.department == "市民課"
    listed = {s.staff_no: s for s in accounts.list_staff()}
    assert listed["1001"].has_credential and not listed["1002"].has_credential
    assert accounts.find_by_number("１００２").name == "佐藤 一郎"  # full-width digits


def test_five_wrong_pins_lock_the_account(services, staff):
    accounts = services.accounts
    first_sign_in(services, staff[0], "2468")
    now = datetime(2026, 11, 27, 10, 0)
    for left in (4, 3, 2, 1):
        assert accounts.sign_in(staff[0], "1111", now=now).attempts_left == left
    assert accounts.sign_in(staff[0], "1111", now=now).status is SignInStatus.LOCKED
    assert accounts.sign_in(staff[0], "2468", now=now).status is SignInStatus.LOCKED
    later = now + timedelta(minutes=16)
    assert accounts.sign_in(staff[0], "2468", now=later).status is SignInStatus.OK


def test_pin_is_stored_as_an_scrypt_hash(services, staff):
    from dxtrainer.db.models import Staff

    first_sign_in(services, staff[0], "2468")
    with services.sessions() as s:
        stored = s.get(Staff, staff[0]).credential
    scheme, n, _r, _p, salt, digest = stored.split("$")
    assert scheme == "scrypt" and int(n) >= 2**14 and len(salt) == 32 and len(digest) == 64


def test_lesson_without_quiz_completes_when_read(services, user):
    view = services.training.open_lesson(user, "sample-advanced")
    assert view.quiz_id is None and not view.read
    assert services.training.home(user).lessons[1].status == "in-progress"
    services.training.mark_read(user, "sample-advanced")
    home = services.training.home(user)
    assert home.lessons[1].status == "completed"
    assert home.completed == 1


def test_lesson_with_quiz_completes_only_after_passing(services, user):
    training = services.training
    training.open_lesson(user, "sample-basics")
    training.mark_read(user, "sample-basics")
    assert training.home(user).lessons[0].status == "in-progress"
    attempt = training.start_or_resume(user, "sample-basics")
    results = [training.submit_answer(user, attempt.id, q.id,
                                      right_answer(services, "sample-basics", q.id))
               for q in attempt.questions]
    assert all(r.feedback.correct for r in results)
    final = results[-1].result
    assert final is not None and final.passed and final.score == 1.0 and final.lesson_completed
    assert training.home(user).lessons[0].status == "completed"
    assert training.home(user).lessons[0].best_score == 1.0


def test_each_answer_is_committed_and_the_attempt_resumes(services, user, db_path):
    training = services.training
    first = training.start_or_resume(user, "sample-basics")
    q1 = first.questions[0]
    training.submit_answer(user, first.id, q1.id, ["b"] if q1.type.value == "single" else True)
    services.close()

    reopened = open_services(db_path, SAMPLE_CONTENT)  # as after quitting the app
    try:
        again = reopened.training.start_or_resume(user, "sample-basics")
        assert again.id == first.id
        assert again.current_index == 1
        assert [q.id for q in again.questions] == [q.id for q in first.questions]
        assert [[c.id for c in q.choices] for q in again.questions] == \
            [[c.id for c in q.choices] for q in first.questions]
        assert q1.id in again.feedback
        with reopened.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Answer)) == 1
    finally:
        reopened.close()


def test_answers_store_choice_ids_and_attempts_store_hashes(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    q = attempt.questions[0]
    training.submit_answer(user, attempt.id, q.id, [q.choices[0].id])
    from dxtrainer.db.models import Attempt

    with services.sessions() as s:
        answer = s.scalars(select(Answer)).one()
        stored = s.get(Attempt, attempt.id)
    assert answer.response == {"value": [q.choices[0].id]}
    assert answer.device_id == services.device_id and len(answer.id) == 36
    assert set(stored.question_hashes) == {x.id for x in attempt.questions}
    assert stored.choice_orders[q.id] == [c.id for c in q.choices]


def test_ordering_items_are_never_shown_in_the_right_order(services, user):
    for _ in range(10):
        attempt = services.training.new_attempt(user, "sample-basics")
        ordering = next(q for q in attempt.questions if q.type.value == "ordering")
        assert [c.id for c in ordering.choices] != ["s1", "s2", "s3"]


def test_double_submit_does_not_count_twice(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    q = attempt.questions[0]
    training.submit_answer(user, attempt.id, q.id, [q.choices[0].id])
    again = training.submit_answer(user, attempt.id, q.id, [q.choices[1].id])
    assert again.changes == frozenset()
    with services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 1


def test_a_learner_cannot_answer_in_someone_elses_attempt(services, user, other_user):
    attempt = services.training.start_or_resume(user, "sample-basics")
    with pytest.raises(PermissionError):
        services.training.submit_answer(other_user, attempt.id, attempt.questions[0].id, True)
    with pytest.raises(PermissionError):
        services.training.result(other_user, attempt.id)
    assert services.progress.my_progress(other_user).attempts == ()


def test_progress_shows_completion_and_mastery_per_category(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    for i, q in enumerate(attempt.questions):
        answer = right_answer(services, "sample-basics", q.id)
        if i == 0:  # one wrong answer
            answer = [c.id for c in q.choices if c.id not in answer][:1] \
                if isinstance(answer, list) else not answer
        training.submit_answer(user, attempt.id, q.id, answer)
    view = services.progress.my_progress(user)
    mindset = next(c for c in view.categories if c.category == "mindset")
    assert (mindset.mastered, mindset.questions) == (3, 4)
    assert mindset.mastery == 0.75
    assert view.attempts[0].score == 0.75 and view.attempts[0].passed  # pass mark 0.75


def rollup_snapshot(services):
    with services.sessions() as s:
        return (
            sorted((r.staff_id, r.category, r.answered, r.mastered, r.lessons_completed)
                   for r in s.scalars(select(PersonCategoryRollup))),
            sorted((r.staff_id, r.quiz_id, r.question_id, r.correct)
                   for r in s.scalars(select(PersonQuestionState))),
            sorted((r.staff_id, r.quiz_id, round(r.best_score, 9), r.attempts, r.passed)
                   for r in s.scalars(select(PersonQuizBest))),
            sorted((r.staff_id, r.period_key, r.department_id, r.answers, r.correct,
                    round(r.best_sum, 9), r.best_count, r.completions)
                   for r in s.scalars(select(PersonPeriod))),
            sorted((r.department_id, r.period_key, r.participants, r.answers, r.correct,
                    round(r.best_sum, 9), r.best_count, r.completions)
                   for r in s.scalars(select(DeptPeriod))),
            sorted((r.department_id, r.category, r.mastered, r.lessons_completed)
                   for r in s.scalars(select(DeptCategory)) if r.mastered or r.lessons_completed),
            sorted((r.staff_id, r.quiz_id, r.period_key, round(r.best_score, 9))
                   for r in s.scalars(select(PersonQuizPeriodBest))),
        )


def test_incremental_rollups_equal_a_full_rebuild(services, user, other_user):
    training = services.training
    for person, good in ((user, True), (other_user, False), (user, False)):
        training.open_lesson(person, "sample-basics")
        training.mark_read(person, "sample-basics")
        attempt = training.new_attempt(person, "sample-basics")
        for q in attempt.questions:
            answer = right_answer(services, "sample-basics", q.id)
            if not good and q.type.value == "truefalse":
                answer = not answer
            training.submit_answer(person, attempt.id, q.id, answer)
    training.mark_read(other_user, "sample-advanced")
    incremental = rollup_snapshot(services)
    assert incremental[0]  # something was rolled up
    with services.sessions.begin() as s:
        rebuild(s)
    assert rollup_snapshot(services) == incremental


def test_review_lists_the_questions_last_answered_wrong_until_they_are_right(services, user):
    training = services.training
    attempt = training.start_or_resume(user, "sample-basics")
    tf = next(q for q in attempt.questions if q.type.value == "truefalse")
    training.submit_answer(user, attempt.id, tf.id, not right_answer(services, "sample-basics",
                                                                      tf.id))
    [item] = training.review_items(user)
    assert (item.quiz_id, item.question.id, item.lesson_title) == (
        "sample-basics", tf.id, "テスト用レッスン 基礎")
    assert training.home(user).review_count == 1
    again = training.new_attempt(user, "sample-basics")
    training.submit_answer(user, again.id, tf.id, right_answer(services, "sample-basics", tf.id))
    assert training.review_items(user) == []


def test_choices_are_shuffled_per_attempt_unless_the_quiz_says_not_to(tmp_path, user, services):
    import shutil

    shuffled = {tuple(c.id for c in services.training.new_attempt(user, "sample-basics")
                      .questions[0].choices) for _ in range(12)}
    assert len(shuffled) > 1  # three choices: twelve attempts in one order is ~1 in 177,000
    root = tmp_path / "fixed"
    shutil.copytree(SAMPLE_CONTENT, root)
    quiz = root / "quizzes" / "sample-basics.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("shuffle: true", "shuffle: false"),
                    encoding="utf-8")
    fixed = open_services(tmp_path / "fixed.sqlite3", root)
    try:
        from dxtrainer.db.models import Staff

        with fixed.sessions.begin() as s:
            s.add(Staff(staff_no="9", name="固定", kana="コテイ", role="learner", active=True,
                        created_at=datetime.now()))
        [person] = fixed.accounts.list_staff()
        me = first_sign_in(fixed, person.id, "1111").user
        orders = {tuple(c.id for c in fixed.training.new_attempt(me, "sample-basics")
                        .questions[0].choices) for _ in range(5)}
        assert orders == {("a", "b", "c")}
    finally:
        fixed.close()
