"""Courses (issue 11): a course assigned as 必修研修, its 事前テスト / 事後テスト, completion, and
that course tests count for participation only (not mastery, scores, statistics or 復習)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dxtrainer.db.models import Attempt, Certificate, ContentItem, ReviewCard
from dxtrainer.domain.courses import forms_in_order
from dxtrainer.services import course_progress
from dxtrainer.services.container import open_services
from dxtrainer.services.errors import ServiceError
from tests.conftest import SAMPLE_CONTENT
from tests.services.rollup_helpers import full_snapshot, rebuild, response
from tests.services.test_reporting import hr_user, make_org, take_quiz

TODAY = date.today()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_services(request, tmp_path: Path):
    url = (str(tmp_path / "courses.sqlite3") if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    services = open_services(url, SAMPLE_CONTENT)
    yield services
    services.close()


def course(services):
    return services.content.index.course("sample-course")


def take_test(services, user, which: str, right: int | None = None):
    """Take the person's pre- or post-test; `right`: how many answers are right (all: None)."""
    tests = services.course_tests
    attempt = (tests.start_pre_test if which == "pre" else tests.start_post_test)(
        user, "sample-course")
    quiz = services.content.index.course_test(attempt.quiz_id)
    result = None
    for n, q in enumerate(attempt.questions):
        ok = right is None or n < right
        result = tests.submit_answer(user, attempt.id, q.id,
                                     response(quiz.question(q.id), ok)).result
    assert result is not None
    return result


def learn(services, user) -> None:
    take_quiz(services, user)  # sample-basics: read and quiz passed
    services.training.open_lesson(user, "sample-advanced")
    services.training.mark_read(user, "sample-advanced")


def test_a_course_assignment_needs_every_lesson_and_the_post_test(services):
    org = make_org(services, {"a1": 3, "a2": 1, "b1": 1})
    hr = hr_user(services)
    made = services.assignments.create(hr, "コア研修", [], TODAY + timedelta(days=10),
                                       course_id="sample-course")
    assert made.course_id == "sample-course"
    assert services.assignments.list(hr)[0].lesson_ids == ("sample-basics", "sample-advanced")
    one, two = org["a1"][0], org["a1"][1]
    learn(services, one)
    learn(services, two)
    [mine] = services.assignments.mine(one)
    assert (mine.completed, mine.course_id, mine.post_passed, mine.done) == (
        2, "sample-course", False, False)
    rows = {r.staff_id: r for r in services.assignments.outstanding(hr, made.id)}
    assert one.staff_id in rows and rows[one.staff_id].remaining == ()
    assert rows[one.staff_id].post_test
    take_test(services, one, "post")
    failed = take_test(services, two, "post", right=0)
    assert not failed.passed and not failed.course_completed
    rows = {r.staff_id: r for r in services.assignments.outstanding(hr, made.id)}
    assert one.staff_id not in rows and two.staff_id in rows
    [stat] = services.assignments.stats(hr)
    assert (stat.targeted, stat.completed) == (6, 1)  # with the HR admin
    assert services.assignments.mine(one)[0].done
    [reminder] = services.assignments.reminders(hr)
    assert len(reminder.rows) == 5
    with services.sessions() as s:
        assert course_progress.course_completed(s, one.staff_id, course(services))
        assert not course_progress.course_completed(s, two.staff_id, course(services))


def test_a_lesson_that_needs_retaking_makes_the_course_incomplete_again(services):
    org = make_org(services, {"a1": 1})
    hr = hr_user(services)
    made = services.assignments.create(hr, "コア研修", [], TODAY, course_id="sample-course")
    person = org["a1"][0]
    learn(services, person)
    assert take_test(services, person, "post").course_completed
    with services.sessions.begin() as s:  # sample-advanced gets a new version: 要再受講
        item = s.scalar(select(ContentItem).where(ContentItem.key == "lesson:sample-advanced"))
        item.version += 1
    with services.sessions() as s:
        assert not course_progress.course_completed(s, person.staff_id, course(services))
    row = {r.staff_id: r for r in services.assignments.outstanding(hr, made.id)}[person.staff_id]
    assert row.remaining == ("テスト用レッスン 応用",) and not row.post_test


def test_forms_pre_then_post_and_the_post_test_waits_for_the_lessons(services):
    org = make_org(services, {"a1": 1})
    person = org["a1"][0]
    pre_id, post_id = forms_in_order(person.staff_no, course(services))
    progress = services.course_tests.progress(person, "sample-course")
    assert (progress.pre_test_id, progress.post_test_id) == (pre_id, post_id)
    assert progress.pre_offered and not progress.post_offered
    with pytest.raises(ServiceError):
        services.course_tests.start_post_test(person, "sample-course")
    pre = take_test(services, person, "pre", right=1)
    assert (pre.purpose, pre.course_id, pre.passed) == ("pre", "sample-course", False)
    with pytest.raises(ServiceError):  # taken once
        services.course_tests.new_attempt(person, pre_id)
    learn(services, person)
    first = take_test(services, person, "post", right=0)
    again = take_test(services, person, "post")  # may be retaken
    assert not first.passed and again.passed and again.course_completed
    with services.sessions() as s:
        rows = s.execute(select(Attempt.purpose, Attempt.course_id, Attempt.form, Attempt.quiz_id)
                         .where(Attempt.purpose.is_not(None)).order_by(Attempt.started_at)).all()
    forms = {pre_id: pre_id[-1], post_id: post_id[-1]}
    assert [tuple(r) for r in rows] == [
        ("pre", "sample-course", forms[pre_id], pre_id),
        ("post", "sample-course", forms[post_id], post_id),
        ("post", "sample-course", forms[post_id], post_id)]
    progress = services.course_tests.progress(person, "sample-course")
    assert progress.pre_taken and progress.post_passed and progress.complete
    assert progress.pre_score == pytest.approx(1 / 3)


def test_passing_the_post_test_issues_the_certificate_at_once(any_services):
    services = any_services
    org = make_org(services, {"a1": 2})
    person, other = org["a1"]
    learn(services, person)
    learn(services, other)
    assert not take_test(services, other, "post", right=0).passed
    assert take_test(services, person, "post").course_completed
    with services.sessions() as s:  # issued with the pass, before any screen asked for it
        rows = s.execute(select(Certificate.staff_id, Certificate.course_id,
                                Certificate.revoked_at)).all()
    assert [tuple(r) for r in rows] == [(person.staff_id, "sample-course", None)]
    assert take_test(services, person, "post").course_completed  # a retake issues no second
    [mine] = services.certificates.my_certificates(person)
    assert services.certificates.verify(mine.code).staff_id == person.staff_id
    assert services.certificates.my_certificates(other) == []


def test_about_half_the_staff_take_form_a_first():
    from dxtrainer.domain.content import Course

    c = Course("core", "コア", "", 90, ("x",), ("course-core-a", "course-core-b"), "")
    firsts = [forms_in_order(f"{n:05d}", c)[0] for n in range(400)]
    assert 150 < firsts.count("course-core-a") < 250


def test_course_tests_count_for_participation_only(any_services):
    """A person who only took a pre-test: mastery, scores, statistics and 復習 unchanged, but
    they took part (answers in the period roll-ups). Rebuilt roll-ups agree."""
    services = any_services
    org = make_org(services, {"a1": 2})
    person, other = org["a1"]
    take_quiz(services, other)
    before = full_snapshot(services.sessions)
    take_test(services, person, "pre", right=1)  # two of three answers wrong
    after = full_snapshot(services.sessions)
    states, categories, bests, person_periods, quiz_period_bests, dept_periods, dept_cats = after
    assert (states, categories, bests, quiz_period_bests, dept_cats) == (
        before[0], before[1], before[2], before[4], before[6])
    mine = [r for r in person_periods if r[0] == person.staff_id]
    assert mine and all(r[3] == 3 and r[4] == 1 and r[6] == 0 for r in mine)
    assert dept_periods != before[5]  # one more participant, three more answers
    with services.sessions() as s:
        assert s.scalars(select(ReviewCard)).all() == []
    rebuild(services.sessions)
    assert full_snapshot(services.sessions) == after


def test_course_test_forms_make_no_review_cards(services):
    from dxtrainer.services import spaced_review

    assert services.content.index.course_tests
    assert not any(spaced_review.schedules(t) for t in services.content.index.course_tests)


def test_item_statistics_leave_course_tests_out(services):
    from dxtrainer.services import item_stats

    org = make_org(services, {"a1": 1})
    take_test(services, org["a1"][0], "pre")
    with services.sessions() as s:
        answers = item_stats.first_answers(s, services.content.index)
    assert not any(quiz_id.startswith("course-") for quiz_id, _q, _h in answers)


def test_a_course_for_an_unknown_id_is_refused(services):
    hr = hr_user(services)
    with pytest.raises(ServiceError):
        services.assignments.create(hr, "x", [], TODAY, course_id="no-such-course")


def test_the_outstanding_export_names_the_post_test(services, tmp_path):
    from dxtrainer.services.outstanding_export import write_outstanding

    org = make_org(services, {"a1": 1})
    hr = hr_user(services)
    made = services.assignments.create(hr, "コア研修", [], TODAY, course_id="sample-course")
    learn(services, org["a1"][0])
    rows = services.assignments.outstanding(hr, made.id)
    text = write_outstanding(made, rows, tmp_path / "o.csv", "csv").read_text("utf-8-sig")
    assert "事後テスト" in text
