"""A typo in the content costs learners one question, not a course: a quiz with a broken question
is offered without it, an attempt in progress survives a reload, and a lesson with a bad field
stays readable but counts in no statistic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dxtrainer.services.container import open_services
from tests.conftest import SAMPLE_CONTENT, first_sign_in
from tests.services.test_item_stats import trainer
from tests.services.test_training import right_answer

QUIZ = "quizzes/sample-basics.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, folder)
    return folder


@pytest.fixture
def opened(root: Path, tmp_path: Path):
    services = open_services(tmp_path / "db.sqlite3", root)
    yield services
    services.close()


@pytest.fixture
def learner(opened):
    from datetime import datetime

    from dxtrainer.db.models import Department, Staff

    with opened.sessions.begin() as s:
        dept = Department(code="a", name="市民課", active=True)
        s.add(dept)
        s.flush()
        person = Staff(staff_no="1001", name="山田 花子", kana="ヤマダ ハナコ",
                       department_id=dept.id, role="learner", active=True,
                       created_at=datetime.now())
        s.add(person)
        s.flush()
        staff_id = person.id
    return first_sign_in(opened, staff_id, "1234").user


def break_first_question(root: Path) -> None:
    path = root / QUIZ
    path.write_text(path.read_text(encoding="utf-8").replace("        correct: true\n", "", 1),
                    encoding="utf-8")


def test_a_quiz_with_a_broken_question_is_offered_without_it_and_says_so(root, tmp_path):
    break_first_question(root)
    services = open_services(tmp_path / "db.sqlite3", root)
    try:
        who = trainer(services)  # any person can take a quiz
        attempt = services.training.start_or_resume(who, "sample-basics")
        assert [q.id for q in attempt.questions] == ["q2", "q3", "q4"]
        assert attempt.skipped == 1
        result = None
        for q in attempt.questions:
            result = services.training.submit_answer(
                who, attempt.id, q.id, right_answer(services, "sample-basics", q.id)).result
        assert result is not None  # finished after the questions it has
        assert (result.correct, result.total, result.score) == (3, 3, 1.0)
    finally:
        services.close()


def test_an_attempt_in_progress_survives_a_reload_that_breaks_a_question(opened, root, learner):
    training = opened.training
    attempt = training.start_or_resume(learner, "sample-basics")
    assert [q.id for q in attempt.questions] == ["q1", "q2", "q3", "q4"]
    training.submit_answer(learner, attempt.id, "q1", right_answer(opened, "sample-basics", "q1"))
    path = root / QUIZ
    path.write_text(path.read_text(encoding="utf-8").replace("    type: multiple\n",
                                                             "    type: multi\n"),
                    encoding="utf-8")  # q2, not yet answered, breaks
    opened.items.reload_content(trainer(opened))

    again = training.start_or_resume(learner, "sample-basics")
    assert again.id == attempt.id
    assert [q.id for q in again.questions] == ["q1", "q3", "q4"]
    assert "q1" in again.feedback and again.current_index == 1
    assert again.skipped == 1
    result = None
    for qid in ("q3", "q4"):
        result = training.submit_answer(learner, again.id, qid,
                                        right_answer(opened, "sample-basics", qid)).result
    assert result is not None  # scored on the questions it has
    assert (result.correct, result.total, result.score) == (3, 3, 1.0)


def test_a_lesson_with_a_bad_field_is_readable_but_counts_nowhere(opened, root, learner):
    from sqlalchemy import select

    from dxtrainer.db.models import ContentItem, LessonCompletion, PersonCategoryRollup
    from dxtrainer.services.training import QuizNotFound
    from tests.services.test_reporting import hr_user

    hr = hr_user(opened)
    made = opened.assignments.create(hr, "必修", ["sample-basics", "sample-advanced"],
                                     __import__("datetime").date.today())
    path = root / "lessons" / "sample-basics.md"
    path.write_text(path.read_text(encoding="utf-8").replace("category: mindset",
                                                             "category: mind"), encoding="utf-8")
    opened.items.reload_content(trainer(opened))
    index = opened.content.index
    assert index.lesson("sample-basics") is None  # out of every statistic
    assert index.readable_lesson("sample-basics") is not None
    with opened.sessions() as s:
        mirrored = set(s.scalars(select(ContentItem.key)))
    assert "lesson:sample-basics" not in mirrored and "quiz:sample-basics" not in mirrored

    training = opened.training
    home = training.home(learner)
    card = next(c for c in home.lessons if c.id == "sample-basics")
    assert not card.counted and not card.has_quiz
    assert home.total == 1  # only the counted lesson is in 「n / m レッスン修了」
    view = training.open_lesson(learner, "sample-basics")
    assert not view.counted and view.quiz_id is None and "<" in view.html
    training.mark_read(learner, "sample-basics")
    with opened.sessions() as s:
        assert s.scalars(select(LessonCompletion)).all() == []
        assert s.scalars(select(PersonCategoryRollup)
                         .where(PersonCategoryRollup.lessons_completed > 0)).all() == []
    with pytest.raises(QuizNotFound):
        training.start_or_resume(learner, "sample-basics")
    assert opened.progress.my_progress(learner).categories  # still works
    lessons = {c.category: c.lessons for c in opened.progress.my_progress(learner).categories}
    assert sum(lessons.values()) == 1
    # 必修: required of nobody until fixed
    [mine] = opened.assignments.mine(learner)
    assert mine.lessons == ("sample-advanced",)
    [stat] = opened.assignments.stats(hr)
    assert stat.assignment_id == made.id
    rows = opened.assignments.outstanding(hr, made.id)
    assert {r.remaining for r in rows} == {("テスト用レッスン 応用",)}
