"""The demo organisation's courses: assigned, with pre- and post-tests whose scores rise on
average (the learning gain has data), and none of it in mastery or scores."""

from __future__ import annotations

import random
from datetime import date
from statistics import mean

from sqlalchemy import select

from dxtrainer.db.models import Assignment, Attempt, PersonQuizBest, Staff
from dxtrainer.services import demo_courses, rollups
from dxtrainer.services.demo_org import generate

TODAY = date(2026, 11, 30)


def _demo_with_course(services, staff: int) -> tuple[list[dict], dict[str, int]]:  # noqa: ANN001
    """A demo city of `staff` people with the sample course assigned to everyone."""
    generate(services, staff=staff, months=12, today=TODAY, seed=5)
    with services.sessions.begin() as s:
        people = [{"id": p.id, "number": p.staff_no, "role": p.role, "now": p.department_id}
                  for p in s.scalars(select(Staff))]
        made = demo_courses.add_courses(s, services.content.index, people, random.Random(3),
                                        TODAY, services.device_id,
                                        tracks=(("sample-course", None, 60),))
        rollups.rebuild(s)
    return people, made


def test_demo_courses_have_pre_and_post_tests_with_a_gain(services):
    people, made = _demo_with_course(services, staff=150)  # ~2 s
    assert made["course_assignments"] == 1 and made["course_tests"] > 10
    with services.sessions() as s:
        [assigned] = s.scalars(select(Assignment).where(Assignment.course_id.is_not(None)))
        assert assigned.department_id is None and assigned.role is None
        rows = s.execute(select(Attempt.purpose, Attempt.score, Attempt.form)
                         .where(Attempt.course_id == "sample-course")).all()
        assert not s.scalars(select(PersonQuizBest).where(
            PersonQuizBest.quiz_id.like("course-%"))).all()
    pre = [score for purpose, score, _f in rows if purpose == "pre"]
    post = [score for purpose, score, _f in rows if purpose == "post"]
    assert len(pre) > 20 and len(post) > 10 and mean(post) > mean(pre) + 0.05
    assert {f for _p, _s, f in rows} == {"a", "b"}


def test_demo_finishers_hold_certificates_and_most_answered_the_survey(services):
    """HR trying the demo finds 修了証 to verify and a 研修アンケート to read."""
    from dxtrainer.db.models import Certificate, SurveyMark, SurveyResponse
    from dxtrainer.services.course_progress import completed_people
    from dxtrainer.services.records import SYSTEM_USER

    people, made = _demo_with_course(services, staff=300)  # the demo's size
    course = services.content.index.course("sample-course")
    with services.sessions() as s:
        finished = completed_people(s, [p["id"] for p in people], course)
        certificates = s.scalars(select(Certificate)).all()
        marks = s.scalars(select(SurveyMark.staff_id)).all()
        responses = s.scalars(select(SurveyResponse)).all()
    assert len(finished) >= 10 and made["certificates"] == len(finished)
    assert {c.staff_id for c in certificates} == finished  # each finisher once
    assert all(c.issued_at.date() <= TODAY for c in certificates)
    assert set(marks) <= finished and len(responses) <= len(marks) < len(finished)
    assert made["survey_answers"] == len(responses) >= 5
    code = certificates[0].code
    assert services.certificates.verify(code).staff_no  # a demo code verifies
    results = services.surveys.results(SYSTEM_USER, "sample-course")
    assert not results.total.suppressed and results.total.responses == len(responses)
