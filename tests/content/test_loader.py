"""The content loader: shipped content is clean; each kind of broken file is skipped with
file, line and reason, and the rest still loads."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dxtrainer.content.loader import load_content
from dxtrainer.messages import describe_problem, format_problem
from tests.conftest import REPO, SAMPLE_CONTENT

TODAY = date(2026, 11, 30)  # the fixtures were checked 2026-11; a fixed date keeps them fresh
GOOD_LESSON = (SAMPLE_CONTENT / "lessons" / "sample-advanced.md").read_text(encoding="utf-8")


def test_shipped_content_loads_without_any_error():
    # Warnings are held to zero by tests/content/test_content_checks.py (with a fixed date).
    index = load_content(REPO / "content", today=TODAY)
    assert [format_problem(p) for p in index.problems if p.severity == "error"] == []
    assert len(index.lessons) == len(list((REPO / "content" / "lessons").glob("*.md"))) >= 16
    assert len(index.quizzes) == len(index.lessons)
    assert sum(len(q.questions) for q in index.quizzes) >= 128
    assert len(index.glossary) >= 60
    assert {lesson.category for lesson in index.lessons} == set(
        c for c in index.lessons[0].category.__class__)


def test_each_shipped_lesson_has_its_quiz_of_at_least_eight_questions():
    index = load_content(REPO / "content")
    for lesson in index.lessons:
        quiz = index.quiz_for_lesson(lesson.id)
        assert quiz is not None, lesson.id
        assert len(quiz.questions) >= 8, lesson.id
        assert quiz.pass_mark == 0.8


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    return root


def problems_for(root: Path, name: str) -> list[tuple[int, str, str]]:
    index = load_content(root, today=TODAY)
    return [(p.line, p.severity, p.code) for p in index.problems if p.path.endswith(name)]


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def test_fixture_content_is_clean(tree: Path):
    assert load_content(tree, today=TODAY).problems == ()


def test_malformed_yaml_front_matter_reports_its_line(tree: Path):
    write(tree, "lessons/broken.md", "---\nid: broken\ntitle: [unclosed\nversion: 1\n---\nbody\n")
    found = problems_for(tree, "broken.md")
    assert found and found[0][1:] == ("error", "bad-yaml")
    assert found[0][0] in (3, 4)
    index = load_content(tree)
    assert index.lesson("sample-basics") is not None  # the rest still loads


def test_file_that_is_not_utf8_is_skipped(tree: Path):
    write(tree, "lessons/sjis.md", "---\nid: sjis\n---\n本文\n".encode("cp932"))
    assert problems_for(tree, "sjis.md") == [(4, "error", "not-utf8")]


def test_choice_question_with_no_correct_answer(tree: Path):
    text = (tree / "quizzes/sample-basics.yaml").read_text(encoding="utf-8")
    write(tree, "quizzes/sample-basics.yaml", text.replace("        correct: true\n", "", 1))
    found = problems_for(tree, "sample-basics.yaml")
    assert (10, "error", "no-correct-choice") in found
    # The broken question costs learners that question, not the quiz.
    quiz = load_content(tree).quiz("sample-basics")
    assert quiz is not None
    assert [q.id for q in quiz.questions] == ["q2", "q3", "q4"]
    assert quiz.skipped == ("q1",)


def test_quiz_whose_every_question_is_broken_is_left_out(tree: Path):
    text = (tree / "quizzes/sample-basics.yaml").read_text(encoding="utf-8")
    write(tree, "quizzes/sample-basics.yaml", text.replace("    prompt:", "    promt:"))
    index = load_content(tree)
    assert index.quiz("sample-basics") is None
    assert any(p.code == "missing-field" for p in index.problems)


def test_duplicate_question_id_skips_the_second_question_only(tree: Path):
    text = (tree / "quizzes/sample-basics.yaml").read_text(encoding="utf-8")
    write(tree, "quizzes/sample-basics.yaml", text.replace("  - id: q3\n", "  - id: q1\n"))
    quiz = load_content(tree).quiz("sample-basics")
    assert quiz is not None and [q.id for q in quiz.questions] == ["q1", "q2", "q4"]
    assert quiz.skipped == ("q1",)


def test_single_choice_with_two_correct_answers(tree: Path):
    text = (tree / "quizzes/sample-basics.yaml").read_text(encoding="utf-8")
    text = text.replace("        text: 誤った選択肢その1\n", "        text: 誤った選択肢その1\n"
                        "        correct: true\n", 1)
    write(tree, "quizzes/sample-basics.yaml", text)
    assert (10, "error", "single-many-correct") in problems_for(tree, "sample-basics.yaml")


def test_duplicate_lesson_id(tree: Path):
    write(tree, "lessons/zz-copy.md", GOOD_LESSON)
    found = problems_for(tree, "zz-copy.md")
    assert (2, "error", "duplicate-lesson-id") in found
    assert load_content(tree).lesson("sample-advanced").path.endswith("sample-advanced.md")


def test_missing_image(tree: Path):
    (tree / "lessons/images/figure.svg").unlink()
    assert problems_for(tree, "sample-basics.md") == [(28, "error", "missing-image")]


def test_remote_image_is_refused(tree: Path):
    write(tree, "lessons/remote.md", GOOD_LESSON.replace("id: sample-advanced", "id: remote")
          + "\n![x](https://example.com/a.png)\n")
    assert (21, "error", "remote-image") in problems_for(tree, "remote.md")


def test_unknown_prerequisite(tree: Path):
    write(tree, "lessons/sample-advanced.md",
          GOOD_LESSON.replace("[sample-basics]", "[no-such-lesson]"))
    assert problems_for(tree, "sample-advanced.md") == [(10, "error", "unknown-prerequisite")]


def test_prerequisite_cycle(tree: Path):
    basics = (tree / "lessons/sample-basics.md").read_text(encoding="utf-8")
    write(tree, "lessons/sample-basics.md",
          basics.replace("prerequisites: []", "prerequisites: [sample-advanced]"))
    found = [c for _, _, c in problems_for(tree, "sample-basics.md")]
    assert "prerequisite-cycle" in found


def test_unknown_glossary_and_lesson_links(tree: Path):
    basics = (tree / "lessons/sample-basics.md").read_text(encoding="utf-8")
    basics = basics.replace("glossary:lgwan", "glossary:nothing").replace(
        "lesson:sample-advanced", "lesson:nowhere")
    write(tree, "lessons/sample-basics.md", basics)
    found = problems_for(tree, "sample-basics.md")
    assert (19, "error", "unknown-glossary-link") in found
    assert (32, "error", "unknown-lesson-link") in found


def test_missing_explanation_and_sources(tree: Path):
    text = (tree / "quizzes/sample-basics.yaml").read_text(encoding="utf-8")
    write(tree, "quizzes/sample-basics.yaml", text.replace("    explanation: 正しい文です。\n", ""))
    assert (38, "error", "missing-field") in problems_for(tree, "sample-basics.yaml")
    lesson = GOOD_LESSON.split("sources:")[0] + "---\n本文\n"
    write(tree, "lessons/sample-advanced.md", lesson)
    assert any(c == "missing-field" for _, _, c in problems_for(tree, "sample-advanced.md"))


def test_wrong_choice_without_reason_is_a_warning_not_a_skip(tree: Path):
    text = (tree / "quizzes/sample-basics.yaml").read_text(encoding="utf-8")
    write(tree, "quizzes/sample-basics.yaml", text.replace("        explanation: これは誤りです。\n",
                                                           ""))
    assert problems_for(tree, "sample-basics.yaml") == [(14, "warning",
                                                         "wrong-choice-unexplained")]
    assert load_content(tree).quiz("sample-basics") is not None


def test_bad_category_names_the_allowed_values(tree: Path):
    write(tree, "lessons/sample-advanced.md",
          GOOD_LESSON.replace("category: how-caution", "category: security"))
    index = load_content(tree)
    problem = next(p for p in index.problems if p.code == "bad-category")
    assert problem.line == 6
    assert "how-caution" in describe_problem(problem)
    # readable, but out of every statistic until fixed
    assert index.lesson("sample-advanced") is None
    assert [x.id for x in index.uncounted] == ["sample-advanced"]
    assert index.readable_lesson("sample-advanced").title


def test_quiz_for_unknown_lesson(tree: Path):
    text = (tree / "quizzes/sample-basics.yaml").read_text(encoding="utf-8")
    write(tree, "quizzes/other.yaml", text.replace("id: sample-basics\nlesson: sample-basics",
                                                   "id: other\nlesson: ghost"))
    assert problems_for(tree, "other.yaml") == [(2, "error", "quiz-unknown-lesson")]


def test_missing_content_folder(tmp_path: Path):
    index = load_content(tmp_path / "absent")
    assert [p.code for p in index.problems] == ["no-content-folder"]
