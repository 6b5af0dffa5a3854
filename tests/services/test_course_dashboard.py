"""The HR dashboard filtered by course: completion, mastery and scores over the course's lessons
(and their quizzes) only; participation and the answers' trend over the course's quizzes and its
事前・事後テスト."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.services.container import open_services
from tests.conftest import SAMPLE_CONTENT
from tests.services.rollup_helpers import response
from tests.services.test_reporting import hr_user, make_org, take_quiz

TODAY = date.today()
COURSE = """courses:
  - id: sample-course
    title: テスト用コース
    audience: 全職員
    max_minutes: 15
    lessons: [sample-advanced]
    tests: [course-sample-a, course-sample-b]
  - id: with-quiz
    title: クイズのあるコース
    audience: 全職員
    max_minutes: 15
    lessons: [sample-basics]
    tests: [course-with-quiz-a, course-with-quiz-b]
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def course_services(request, tmp_path: Path):
    """The sample content with a course of sample-advanced only and one of sample-basics, on
    SQLite and on PostgreSQL."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "courses.yaml").write_text(COURSE, encoding="utf-8")
    for form in ("a", "b"):
        text = (content / "quizzes" / f"course-sample-{form}.yaml").read_text(encoding="utf-8")
        (content / "quizzes" / f"course-with-quiz-{form}.yaml").write_text(
            text.replace("course-sample-", "course-with-quiz-")
            .replace("course: sample-course", "course: with-quiz"), encoding="utf-8")
    url = (str(tmp_path / "db.sqlite3") if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    services = open_services(url, content)
    assert [c.id for c in services.content.index.courses] == ["sample-course", "with-quiz"]
    yield services
    services.close()


def test_the_dashboard_filters_lesson_figures_by_course(course_services):
    services = course_services
    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    for user in org["a1"][:3]:
        take_quiz(services, user)  # completes sample-basics (not in sample-course)
    take_quiz(services, org["a2"][0], right=False)  # 75 %
    reader = org["b1"][0]
    services.training.open_lesson(reader, "sample-advanced")
    services.training.mark_read(reader, "sample-advanced")
    hr = hr_user(services)
    period = period_of(PeriodKind.FISCAL_YEAR, TODAY)
    everything = services.reporting.dashboard(hr, period)
    advanced = services.reporting.dashboard(hr, period, course_id="sample-course")
    basics = services.reporting.dashboard(hr, period, course_id="with-quiz")
    staff = everything.active_staff
    assert everything.completion.value == pytest.approx(5 / (staff * 2))
    assert advanced.completion.value == pytest.approx(1 / staff)  # 1 lesson in the course
    assert advanced.completion.change is None
    assert basics.completion.value == pytest.approx(4 / staff)
    assert advanced.average_score.value is None  # sample-advanced has no quiz
    assert basics.average_score.value == pytest.approx((1 + 1 + 1 + 0.75) / 4)
    assert everything.participation.value == pytest.approx(5 / staff)
    assert advanced.participation.value == pytest.approx(1 / staff)  # the reader's completion
    assert basics.participation.value == pytest.approx(4 / staff)  # the quiz takers
    assert sum(p.answers or 0 for p in advanced.trend) == 0
    assert sum(p.answers or 0 for p in basics.trend) == sum(p.answers or 0 for p in everything.trend)
    rows = {r.name: r for r in advanced.departments}
    assert rows["B部"].completion == pytest.approx(1 / 5)
    assert rows["A部"].completion == 0.0
    heat = {h.name: h for h in basics.heatmap}
    mindset = next(c for c in heat["A部"].mastery if c.value == "mindset")
    assert heat["A部"].mastery[mindset] == pytest.approx((3 * 4 + 3) / (11 * 4))
    advanced_heat = {h.name: h for h in advanced.heatmap}
    assert advanced_heat["A部"].mastery[mindset] is None  # no questions in that course
    assert sum(basics.distribution) == 4 and sum(advanced.distribution) == 0


def test_exports_and_the_view_model_say_which_course(course_services):
    from dxtrainer.services.export_tables import header_rows
    from dxtrainer.ui.view_models.dashboard import _note

    services = course_services
    make_org(services, {"a1": 6})
    period = period_of(PeriodKind.FISCAL_YEAR, TODAY)
    board = services.reporting.dashboard(hr_user(services), period, course_id="sample-course")
    assert (board.course_id, board.course_title) == ("sample-course", "テスト用コース")
    assert ("コース", "テスト用コース", "text") in [tuple(r) for r in header_rows(board, TODAY)]
    assert "コース「テスト用コース」" in _note(board)


def test_course_tests_count_for_the_course_participation(course_services):
    services = course_services
    org = make_org(services, {"a1": 5, "b1": 5})
    learner = org["b1"][0]
    attempt = services.course_tests.start_pre_test(learner, "sample-course")
    quiz = services.content.index.course_test(attempt.quiz_id)
    for q in attempt.questions:
        services.course_tests.submit_answer(learner, attempt.id, q.id,
                                            response(quiz.question(q.id), True))
    take_quiz(services, org["a1"][0])  # a quiz of another course
    hr = hr_user(services)
    period = period_of(PeriodKind.MONTH, date.today())  # the answers' month, even past midnight
    board = services.reporting.dashboard(hr, period, course_id="sample-course")
    staff = board.active_staff
    assert board.participation.value == pytest.approx(1 / staff)
    rows = {r.name: r for r in board.departments}
    assert rows["B部"].participation == pytest.approx(1 / 5)
    assert rows["A部"].participation == 0.0
    assert board.trend[-1].answers == len(attempt.questions)
    other = services.reporting.dashboard(hr, period, course_id="with-quiz")
    assert other.participation.value == pytest.approx(1 / staff)  # the a1 person only
