"""Draft preview: re-rendered after saves in place and after editor-style rename-over saves, keeping
the scroll position, with the file's problems as file:line; files created later are listed;
「試しに解く」 runs the learners' quiz screen and records nothing.
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
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n追記した一文です。\n",
                          encoding="utf-8")
    assert "追記した一文です。" in dialog.browser.toPlainText()


def test_rename_over_saves_re_render_each_time(qtbot, draft):
    lesson = draft / "lessons" / "sample-basics.md"
    dialog = _open(qtbot, draft, lesson)
    original = lesson.read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        _replace(lesson, original + "\n一回目の保存です。\n")
    assert "一回目の保存です。" in dialog.browser.toPlainText()
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
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
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        _replace(lesson, lesson.read_text(encoding="utf-8") + "\n最後の一文です。\n")
    assert "最後の一文です。" in dialog.browser.toPlainText()
    assert bar.value() == 400


def test_a_broken_edit_shows_its_file_and_line(qtbot, draft):
    quiz = draft / "quizzes" / "sample-basics.yaml"
    dialog = _open(qtbot, draft, quiz)
    assert dialog.try_button.isEnabled()
    lines = quiz.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "  : [broken")
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        _replace(quiz, "\n".join(lines))
    shown = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert shown and all(s.startswith(f"{quiz}:") for s in shown)
    assert any(s.split(":")[1].isdigit() and int(s.split(":")[1]) > 0 for s in shown)
    assert ": error:" in shown[0]
    assert not dialog.try_button.isEnabled()


def test_trying_a_quiz_uses_the_learners_quiz_screen_and_records_nothing(qtbot, draft,
                                                                          services):
    from dxtrainer.services.records import SYSTEM_USER
    from dxtrainer.ui.dialogs.quiz_trial_dialog import QuizTrialDialog
    from dxtrainer.ui.screens.content_screen import ContentScreen
    from dxtrainer.ui.screens.quiz_screen import QuizScreen
    from dxtrainer.ui.task_runner import TaskRunner
    from tests.services.rollup_helpers import response

    screen = ContentScreen(TaskRunner(), services, SYSTEM_USER)  # 教材 → 下書きをプレビュー…
    qtbot.addWidget(screen)
    screen.open_draft_preview(str(draft))
    dialog = screen.preview_dialog
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        dialog.select(draft / "quizzes" / "sample-basics.yaml")
    dialog.try_quiz()
    trial = dialog.trial
    assert isinstance(trial, QuizTrialDialog) and isinstance(trial.screen, QuizScreen)
    quiz = trial.screen
    qtbot.waitUntil(lambda: quiz.current_question() is not None, timeout=TIMEOUT)
    assert not quiz.back_button.isVisible() and "記録されません" in quiz.saved_note.text()
    questions = {q.id: q for q in trial.quiz.questions}
    first = quiz.current_question()
    quiz.toggle_flag()  # the navigator's 🚩 works as for learners
    qtbot.waitUntil(lambda: first.id in quiz.flags, timeout=TIMEOUT)
    with qtbot.waitSignal(trial.scored, timeout=TIMEOUT * 2) as scored:
        for n in range(len(questions)):
            shown = quiz.current_question()
            quiz.answer.set_response(response(questions[shown.id], right=n > 0))  # 1 wrong
            with qtbot.waitSignal(quiz.answered, timeout=TIMEOUT):
                quiz.submit()
            assert quiz.feedback.isVisible()  # feedback after each answer, as for learners
            if n + 1 < len(questions):
                quiz.next_question()
            else:
                quiz.next_question()  # to the result page
    right, total = scored.args
    assert (right, total) == (len(questions) - 1, len(questions))
    assert quiz.pages.currentWidget() is quiz.result_page
    assert "記録されません" in quiz.result_detail.text()
    assert "今日の復習" not in quiz.result_detail.text()
    with services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Attempt)) == 0
        assert s.scalar(select(func.count()).select_from(Answer)) == 0
    with qtbot.waitSignal(quiz.loaded, timeout=TIMEOUT, raising=False):
        quiz.retry_button.click()  # もう一度: a fresh trial attempt
    qtbot.waitUntil(lambda: quiz.pages.currentWidget() is quiz.question_page, timeout=TIMEOUT)
    assert quiz.attempt is not None and not quiz.attempt.feedback
    trial.reject()


def _files(dialog: DraftPreviewDialog) -> list[str]:
    return [dialog.files.item(row).text() for row in range(dialog.files.count())]


def test_files_created_after_opening_are_listed_and_shown(qtbot, draft):
    dialog = DraftPreviewDialog(draft)  # nothing selected yet: the folders are watched already
    qtbot.addWidget(dialog)
    dialog.show()
    assert "lessons/new-lesson.md" not in _files(dialog)
    source = (draft / "lessons" / "sample-advanced.md").read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.files_changed, timeout=TIMEOUT):
        _replace(draft / "lessons" / "new-lesson.md", source.replace(
            "id: sample-advanced", "id: new-lesson").replace(
            "title: テスト用レッスン 応用", "title: あとから作ったレッスン"))
    assert "lessons/new-lesson.md" in _files(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=TIMEOUT):
        dialog.select(draft / "lessons" / "new-lesson.md")
    assert "あとから作ったレッスン" in dialog.browser.toPlainText()

    # Another file while one is shown: listed, and the shown one stays selected and shown.
    quiz = (draft / "quizzes" / "sample-basics.yaml").read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.files_changed, timeout=TIMEOUT):
        (draft / "quizzes" / "new-quiz.yaml").write_text(quiz.replace(
            "id: sample-basics", "id: new-quiz", 1), encoding="utf-8")
    assert "quizzes/new-quiz.yaml" in _files(dialog)
    assert dialog.files.currentItem().text() == "lessons/new-lesson.md"
    assert "あとから作ったレッスン" in dialog.browser.toPlainText()
