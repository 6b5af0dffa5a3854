"""courses.yaml and course test forms: the sample course loads; each kind of mistake is reported
with file:line, and a course that cannot work is left out rather than half-offered."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dxtrainer.content.loader import load_content
from dxtrainer.domain.content import Category
from dxtrainer.messages import describe_problem
from tests.conftest import SAMPLE_CONTENT

TODAY = date(2026, 11, 30)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    return root


def problems(root: Path) -> list[tuple[str, int, str]]:
    return [(Path(p.path).name, p.line, p.code) for p in load_content(root, TODAY).problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sample_course_and_its_two_forms_load_apart_from_lesson_quizzes():
    index = load_content(SAMPLE_CONTENT, TODAY)
    course = index.course("sample-course")
    assert course is not None
    assert course.lesson_ids == ("sample-basics", "sample-advanced")
    assert course.test_ids == ("course-sample-a", "course-sample-b")
    assert [q.id for q in index.quizzes] == ["sample-basics"]  # forms are not lesson quizzes
    form_b = index.course_test("course-sample-b")
    assert form_b is not None and form_b.form == "b" and form_b.course_id == "sample-course"
    assert form_b.lesson_id == ""
    assert [q.category for q in form_b.questions] == [
        Category.MINDSET, Category.HOW_CAUTION, Category.HOW_CAUTION]
    assert index.quiz("course-sample-a") is None


def test_unknown_lesson_leaves_the_course_out_with_its_line(tree: Path):
    edit(tree / "courses.yaml", "[sample-basics, sample-advanced]", "[sample-basics, nope]")
    index = load_content(tree, TODAY)
    assert index.courses == ()
    assert ("courses.yaml", 7, "course-unknown-lesson") in problems(tree)
    problem = next(p for p in index.problems if p.code == "course-unknown-lesson")
    assert "nope" in describe_problem(problem)


def test_a_course_over_its_time_limit_is_an_error_but_stays_usable(tree: Path):
    edit(tree / "courses.yaml", "max_minutes: 15", "max_minutes: 9")
    index = load_content(tree, TODAY)
    assert ("courses.yaml", 6, "course-too-long") in problems(tree)
    problem = next(p for p in index.problems if p.code == "course-too-long")
    assert "10" in describe_problem(problem) and "9" in describe_problem(problem)
    assert index.course("sample-course") is not None


def test_forms_must_be_one_a_and_one_b(tree: Path):
    edit(tree / "quizzes" / "course-sample-b.yaml", "form: b", "form: a")
    assert ("courses.yaml", 8, "course-needs-two-forms") in problems(tree)
    assert load_content(tree, TODAY).courses == ()


def test_a_bad_form_letter_and_a_missing_question_category_are_reported(tree: Path):
    edit(tree / "quizzes" / "course-sample-b.yaml", "form: b", "form: c")
    edit(tree / "quizzes" / "course-sample-a.yaml", "    category: mindset\n", "")
    found = problems(tree)
    assert ("course-sample-b.yaml", 3, "bad-form") in found
    assert ("course-sample-a.yaml", 8, "missing-field") in found
    index = load_content(tree, TODAY)
    form_a = index.course_test("course-sample-a")
    assert form_a is None or "q1" not in [q.id for q in form_a.questions]


def test_a_form_no_course_names_is_reported_on_its_own_file(tree: Path):
    edit(tree / "quizzes" / "course-sample-b.yaml", "course: sample-course", "course: other")
    found = problems(tree)
    assert ("course-sample-b.yaml", 2, "course-test-unknown-course") in found
    assert ("courses.yaml", 8, "course-test-other-course") in found


def test_a_course_test_may_not_also_name_a_lesson(tree: Path):
    edit(tree / "quizzes" / "course-sample-a.yaml", "form: a\n", "form: a\nlesson: sample-basics\n")
    assert ("course-sample-a.yaml", 4, "course-test-with-lesson") in problems(tree)


def test_lesson_quiz_questions_may_carry_a_category_but_it_must_be_known(tree: Path):
    edit(tree / "quizzes" / "sample-basics.yaml", "  - id: q1\n", "  - id: q1\n    category: nope\n")
    assert ("sample-basics.yaml", 8, "bad-category") in problems(tree)


def test_duplicate_course_ids_keep_the_first(tree: Path):
    text = (tree / "courses.yaml").read_text(encoding="utf-8")
    entry = text[text.index("  - id:"):]
    (tree / "courses.yaml").write_text(text + entry.replace("テスト用コース", "二つ目"),
                                       encoding="utf-8")
    index = load_content(tree, TODAY)
    assert [c.title for c in index.courses] == ["テスト用コース"]
    assert "duplicate-course-id" in [code for _f, _l, code in problems(tree)]


def test_a_broken_lesson_costs_its_course_with_one_warning_and_no_cascade(tree: Path):
    edit(tree / "lessons" / "sample-advanced.md", "category: how-caution", "category: nope")
    index = load_content(tree, TODAY)
    assert index.courses == ()
    found = problems(tree)
    assert ("courses.yaml", 7, "course-lesson-uncounted") in found
    assert [code for _f, _l, code in found if code.startswith("course")] == [
        "course-lesson-uncounted"]
    warning = next(p for p in index.problems if p.code == "course-lesson-uncounted")
    assert warning.severity == "warning"
