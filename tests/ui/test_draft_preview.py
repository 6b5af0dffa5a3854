"""Draft preview: re-rendered after saves in place and after editor-style rename-over saves, keeping
the scroll position, with the file's problems as file:line; 「試しに解く」 records nothing.
Time budget: a few seconds (each wait is one debounced re-render, well under a second)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import Answer, Attempt
from dxtrainer.ui.dialogs.draft_preview_dialog import DraftPreviewDialog
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    root = tmp_path / "draft"
    shutil.copytree(SAMPLE_CONTENT, root)
    return root


def _open(qtbot, root: Path, path: Path) -> DraftPreviewDialog:  # noqa: ANN001
    dialog = DraftPreviewDialog(root)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 500)
    dialog.show()
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        dialog.select(path)
    return dialog


def _replace(path: Path, text: str) -> None:
    """What VS Code and vim do: write a new file, then rename it over the old one."""
    temp = path.with_name(path.name + ".tmp~")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_saving_in_place_re_renders(qtbot, draft):
    lesson = draft / "lessons" / "sample-basics.md"
    dialog = _open(qtbot, draft, lesson)
    with qtbot.waitSignal(dialog.rendered, timeout=1000):
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n追記した一文です。\n",
                          encoding="utf-8")
    assert "追記した一文です。" in dialog.browser.toPlainText()


def test_rename_over_saves_re_render_each_time(qtbot, draft):
    lesson = draft / "lessons" / "sample-basics.md"
    dialog = _open(qtbot, draft, lesson)
    original = lesson.read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.rendered, timeout=1000):
        _replace(lesson, original + "\n一回目の保存です。\n")
    assert "一回目の保存です。" in dialog.browser.toPlainText()
    with qtbot.waitSignal(dialog.rendered, timeout=1000):
        _replace(lesson, original + "\n二回目の保存です。\n")
    text = dialog.browser.toPlainText()
    assert "二回目の保存です。" in text and "一回目の保存です。" not in text


def test_scroll_position_is_kept(qtbot, draft):
    lesson = draft / "lessons" / "sample-basics.md"
    filler = "".join(f"\n段落 {n} の文章です。\n" for n in range(80))
    lesson.write_text(lesson.read_text(encoding="utf-8") + filler, encoding="utf-8")
    dialog = _open(qtbot, draft, lesson)
    bar = dialog.browser.verticalScrollBar()
    assert bar.maximum() > 400
    bar.setValue(400)
    with qtbot.waitSignal(dialog.rendered, timeout=1000):
        _replace(lesson, lesson.read_text(encoding="utf-8") + "\n最後の一文です。\n")
    assert "最後の一文です。" in dialog.browser.toPlainText()
    assert bar.value() == 400


def test_a_broken_edit_shows_its_file_and_line(qtbot, draft):
    quiz = draft / "quizzes" / "sample-basics.yaml"
    dialog = _open(qtbot, draft, quiz)
    assert dialog.try_button.isEnabled()
    lines = quiz.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "  : [broken")
    with qtbot.waitSignal(dialog.rendered, timeout=1000):
        _replace(quiz, "\n".join(lines))
    shown = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert shown and all(s.startswith(f"{quiz}:") for s in shown)
    assert any(s.split(":")[1].isdigit() and int(s.split(":")[1]) > 0 for s in shown)
    assert ": error:" in shown[0]
    assert not dialog.try_button.isEnabled()


def test_trying_a_quiz_scores_locally_and_records_nothing(qtbot, draft, services):
    from dxtrainer.services.records import SYSTEM_USER
    from dxtrainer.ui.dialogs.quiz_trial_dialog import QuizTrialDialog
    from dxtrainer.ui.screens.content_screen import ContentScreen
    from dxtrainer.ui.task_runner import TaskRunner

    screen = ContentScreen(TaskRunner(), services, SYSTEM_USER)  # 教材 → 下書きをプレビュー…
    qtbot.addWidget(screen)
    screen.open_draft_preview(str(draft))
    dialog = screen.preview_dialog
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        dialog.select(draft / "quizzes" / "sample-basics.yaml")
    dialog.try_quiz()
    trial = dialog.trial
    assert isinstance(trial, QuizTrialDialog)
    for question, widget in trial.answers:
        if question.choices and question.type.value in ("single", "multiple"):
            widget.set_response([c.id for c in question.choices if c.correct])
        elif question.type.value == "truefalse":
            widget.set_response(bool(question.answer))
    with qtbot.waitSignal(trial.scored, timeout=TIMEOUT) as scored:
        trial.score_button.click()
    right, total = scored.args
    assert total == len(trial.quiz.questions) and right >= 1
    assert "問中" in trial.result.text()
    with services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Attempt)) == 0
        assert s.scalar(select(func.count()).select_from(Answer)) == 0


def _files(dialog: DraftPreviewDialog) -> list[str]:
    return [dialog.files.item(row).text() for row in range(dialog.files.count())]


def test_files_created_after_opening_are_listed_and_shown(qtbot, draft):
    dialog = DraftPreviewDialog(draft)  # nothing selected yet: the folders are watched already
    qtbot.addWidget(dialog)
    dialog.show()
    assert "lessons/new-lesson.md" not in _files(dialog)
    source = (draft / "lessons" / "sample-advanced.md").read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.files_changed, timeout=1000):
        _replace(draft / "lessons" / "new-lesson.md", source.replace(
            "id: sample-advanced", "id: new-lesson").replace(
            "title: テスト用レッスン 応用", "title: あとから作ったレッスン"))
    assert "lessons/new-lesson.md" in _files(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        dialog.select(draft / "lessons" / "new-lesson.md")
    assert "あとから作ったレッスン" in dialog.browser.toPlainText()

    # Another file while one is shown: listed, and the shown one stays selected and shown.
    quiz = (draft / "quizzes" / "sample-basics.yaml").read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.files_changed, timeout=1000):
        (draft / "quizzes" / "new-quiz.yaml").write_text(quiz.replace(
            "id: sample-basics", "id: new-quiz", 1), encoding="utf-8")
    assert "quizzes/new-quiz.yaml" in _files(dialog)
    assert dialog.files.currentItem().text() == "lessons/new-lesson.md"
    assert "あとから作ったレッスン" in dialog.browser.toPlainText()
