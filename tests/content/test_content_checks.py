"""Issue 8's checks: every lesson dated with `checked`, stale after twelve months of a given
`today`; quizzes that give keys away, multi-select questions with one distractor and the same
prompt asked twice are warned about with file:line. The shipped content passes them all."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from dxtrainer.cli import main
from dxtrainer.content.loader import load_content
from dxtrainer.content.similar import similar_prompts
from dxtrainer.domain.content import Question, QuestionType, Quiz
from dxtrainer.messages import _problem_templates, format_problem
from tests.conftest import REPO, SAMPLE_CONTENT

TODAY = date(2026, 11, 30)
NEW_CODES = ("missing-checked", "bad-checked", "checked-in-future", "checked-stale",
             "keys-at-one-position", "multiple-few-distractors", "similar-prompt")


def test_shipped_content_has_no_warning_and_no_error_on_2026_11_30(capsys):
    assert main(["validate", str(REPO / "content"), "--today", "2026-11-30",
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f"{p['file']}:{p['line']}: {p['message']}" for p in report["problems"]] == []
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] == 0
    index = load_content(REPO / "content", today=TODAY)
    assert all(lesson.checked is not None for lesson in index.lessons)


def test_shipped_keys_are_spread_so_turning_shuffle_off_gives_nothing_away(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    for path in (root / "quizzes").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("shuffle: true", "shuffle: false"), encoding="utf-8")
    index = load_content(root, today=TODAY)
    assert index.quizzes and not any(quiz.shuffle for quiz in index.quizzes)
    assert [format_problem(p) for p in index.problems if p.code == "keys-at-one-position"] == []


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    return root


def found(root: Path, name: str, today: date = TODAY) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.code) for p in load_content(root, today=today).problems
            if p.path.endswith(name)]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_new_code_has_a_sentence():
    templates = _problem_templates()
    assert all(code in templates for code in NEW_CODES)


# ---- checked -----------------------------------------------------------------------------

def test_checked_month_is_read_into_the_lesson(tree: Path):
    index = load_content(tree, today=TODAY)
    assert index.problems == ()
    assert index.lesson("sample-basics").checked == date(2026, 11, 1)


def test_missing_checked_is_a_warning_on_the_front_matter_and_the_lesson_still_loads(tree: Path):
    edit(tree, "lessons/sample-basics.md", "checked: 2026-11\n", "")
    assert found(tree, "sample-basics.md") == [(2, "warning", "missing-checked")]
    lesson = load_content(tree, today=TODAY).lesson("sample-basics")
    assert lesson is not None and lesson.checked is None


@pytest.mark.parametrize("value", ["2026/11", "2026-13", "11-2026", "2026-11-15", "yes"])
def test_malformed_checked_is_a_warning_on_its_line(tree: Path, value: str):
    edit(tree, "lessons/sample-basics.md", "checked: 2026-11", f"checked: {value}")
    problems = load_content(tree, today=TODAY).problems
    assert [(p.line, p.severity, p.code) for p in problems] == [(11, "warning", "bad-checked")]
    assert "checked: 2026-11" in format_problem(problems[0])  # says how to write it
    assert load_content(tree, today=TODAY).lesson("sample-basics").checked is None


def test_a_lesson_is_stale_only_more_than_twelve_months_after_its_checked_month(tree: Path):
    assert found(tree, "sample-basics.md", date(2027, 11, 30)) == []  # 12 months: still fine
    assert found(tree, "sample-basics.md", date(2027, 12, 1)) == [(11, "warning",
                                                                   "checked-stale")]
    [problem] = [p for p in load_content(tree, today=date(2027, 12, 1)).problems
                 if p.path.endswith("sample-basics.md")]
    assert problem.params["months"] == 13 and "2026-11" in format_problem(problem)


def test_checked_after_today_is_a_warning(tree: Path):
    assert found(tree, "sample-advanced.md", date(2026, 10, 31)) == [(11, "warning",
                                                                     "checked-in-future")]


def test_validate_compares_with_the_today_it_is_given(tree: Path, capsys):
    assert main(["validate", str(tree), "--today", "2026-11-30"]) == 0
    assert "警告 0 件" in capsys.readouterr().out
    assert main(["validate", str(tree), "--today", "2028-01-05"]) == 0  # warnings only
    out = capsys.readouterr().out
    assert f"{tree / 'lessons/sample-basics.md'}:11: warning: 内容を確かめてから 14 か月" in out
    assert "警告 2 件" in out
    assert main(["validate", str(tree), "--today", "next week"]) == 2
    assert "2026-11-30 のように" in capsys.readouterr().err


# ---- harder to guess ---------------------------------------------------------------------

PROMPTS = ("窓口の待ち時間を減らす方法はどれですか。", "オープンデータの公開に必要なことはどれですか。",
           "個人情報を庁外へ持ち出すときの正しい対応はどれですか。", "クラウドの利用で注意することはどれですか。",
           "生成AIの回答を使う前にすることはどれですか。", "住民アンケートの集計で誤りやすい点はどれですか。",
           "RPAに向いている業務はどれですか。", "標準準拠システムへの移行で最初にすることはどれですか。",
           "パスワードの扱いとして適切なものはどれですか。", "ウェブアクセシビリティに配慮した掲載はどれですか。")


def single(n: int, key: str) -> str:
    lines = [f"  - id: q{n}", "    type: single", f"    prompt: {PROMPTS[n - 1]}",
             "    explanation: 説明です。", "    choices:"]
    for cid in "abc":
        lines += [f"      - id: {cid}", f"        text: 選択肢{cid}"]
        lines += ["        correct: true"] if cid == key else ["        explanation: 違います。"]
    return "\n".join(lines) + "\n"


def write_quiz(root: Path, keys: str, shuffle: str = "false") -> None:
    """A quiz for sample-advanced with one single-choice question per key (a, b or c); the
    `shuffle:` line is line 4, question n starts on line 6 + 14 (n - 1)."""
    questions = "".join(single(n, key) for n, key in enumerate(keys, 1))
    (root / "quizzes/sample-advanced.yaml").write_text(
        f"id: sample-advanced\nlesson: sample-advanced\nversion: 1\nshuffle: {shuffle}\n"
        f"questions:\n{questions}", encoding="utf-8")


def test_shuffle_off_with_most_keys_at_one_position_is_a_warning_on_the_shuffle_line(
        tree: Path):
    write_quiz(tree, "aaaab")  # 4 of 5 (80 %) first
    assert found(tree, "sample-advanced.yaml") == [(4, "warning", "keys-at-one-position")]
    [problem] = load_content(tree, today=TODAY).problems
    assert problem.params == {"position": 1, "count": 4, "total": 5}
    assert "5 問のうち 4 問で正解が 1 番目" in format_problem(problem)


def test_seventy_percent_at_one_position_is_enough(tree: Path):
    write_quiz(tree, "cccccccaab")  # 7 of 10 last
    assert found(tree, "sample-advanced.yaml") == [(4, "warning", "keys-at-one-position")]


@pytest.mark.parametrize(("keys", "shuffle"), [
    ("aabbc", "false"),       # 40 % at one position
    ("ccccccaabb", "false"),  # 60 %
    ("aaaab", "true"),        # shuffled on screen: the source order gives nothing away
    ("aa", "false"),          # too few single-choice questions to call it a pattern
])
def test_keys_spread_or_shuffled_are_fine(tree: Path, keys: str, shuffle: str):
    write_quiz(tree, keys, shuffle)
    assert found(tree, "sample-advanced.yaml") == []


def test_multiple_choice_with_one_distractor_is_a_warning_on_the_question(tree: Path):
    edit(tree, "quizzes/sample-basics.yaml",
         "      - id: d\n        text: これも当てはまらない\n        explanation: これも当てはまりません。\n",
         "")
    assert found(tree, "sample-basics.yaml") == [(21, "warning", "multiple-few-distractors")]
    problem = load_content(tree, today=TODAY).problems[0]
    assert "誤りの選択肢が 1 つしかありません" in format_problem(problem)
    assert load_content(tree, today=TODAY).quiz("sample-basics") is not None


def test_near_identical_prompts_in_one_quiz_warn_on_the_second_and_name_the_first(tree: Path):
    path = tree / "quizzes/sample-basics.yaml"
    text = path.read_text(encoding="utf-8") + (
        "  - id: q5\n    type: truefalse\n    prompt: 正しいものを、選んでください\n"
        "    answer: true\n    explanation: 説明です。\n")
    path.write_text(text, encoding="utf-8")
    q5_line = text[:text.index("  - id: q5")].count("\n") + 1
    problems = load_content(tree, today=TODAY).problems
    assert [(p.line, p.code) for p in problems] == [(q5_line, "similar-prompt")]
    assert f"{path}:7(問題「q1」)とほとんど同じです" in format_problem(problems[0])


def test_near_identical_prompts_across_quizzes_warn_on_the_later_file(tree: Path):
    write_quiz(tree, "abc")
    edit(tree, "quizzes/sample-basics.yaml", "    prompt: この文は正しい。",
         "    prompt: オープンデータの公開に必要なことは、どれですか?")
    problems = load_content(tree, today=TODAY).problems
    assert [(Path(p.path).name, p.line, p.code) for p in problems] == [
        ("sample-basics.yaml", 38, "similar-prompt")]
    assert problems[0].params["other"] == f"{tree / 'quizzes/sample-advanced.yaml'}:20"


def quiz_of(*prompts: str) -> Quiz:
    return Quiz("x", "x", 1, 0.8, True, tuple(
        Question(f"q{n}", QuestionType.TRUEFALSE, p, "説明", answer=True, line=n * 10)
        for n, p in enumerate(prompts, 1)), "x.yaml")


def test_the_same_question_reworded_is_flagged_but_one_pattern_with_other_content_is_not():
    # The 全体手順書 step order, asked twice in the shipped content (2026-11) in other words.
    reworded = quiz_of("総務省の「自治体DX全体手順書」が示すステップを、正しい順に並べてください。",
                       "総務省の自治体DX全体手順書【第1.0版】(2021年7月)が示すステップを、正しい順番に並べてください。")
    assert [p.line for p in similar_prompts([reworded])] == [20]
    # The closest pairs of different questions in the shipped content (ratio 0.66 and 0.79).
    different = quiz_of(
        "マイナンバー制度に関する次の出来事を、古いものから順に並べてください。",
        "自治体の情報セキュリティ対策に関する出来事を、古いものから順に並べてください。",
        "○○市の子育て支援課の職員の行動のうち、個人情報保護の観点から適切なものをすべて選んでください。",
        "○○市福祉課の職員の行動のうち、情報セキュリティの観点から適切なものをすべて選んでください。")
    assert similar_prompts([different]) == []
