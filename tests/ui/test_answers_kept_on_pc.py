"""The quiz screen tells the learner calmly that an answer waits on this PC while the server is
unreachable (services/answer_journal.py), and stops saying so once answers reach it again."""

from __future__ import annotations

import dataclasses
import os

from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle
from tests.ui.test_learner_path import answer_current, seed_staff

KEPT = "サーバーにつながらないため、回答をこのPCに一時保存しました。つながりしだい送ります。"


def test_an_answer_kept_on_this_pc_is_said_to_be_safe(qtbot, tmp_path, db_path, monkeypatch):
    index = seed_staff(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz("sample-basics")
    quiz = shell.quiz
    training = quiz._training  # noqa: SLF001 - the service the screen calls
    real = training.submit_answer

    def unreachable(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return dataclasses.replace(real(*args, **kwargs), kept_on_pc=True)

    monkeypatch.setattr(training, "submit_answer", unreachable)
    answer_current(qtbot, quiz, index, right=True)
    assert quiz.notice.isVisible() and quiz.notice.text() == KEPT
    if os.environ.get("DXTRAINER_SCREENSHOTS"):
        quiz.window().grab().save(os.environ["DXTRAINER_SCREENSHOTS"])
    monkeypatch.setattr(training, "submit_answer", real)
    quiz.next_question()
    answer_current(qtbot, quiz, index, right=True)
    assert quiz.notice.text() != KEPT
    wait_idle(qtbot, runner)
    window.close()
    for services in opened:
        services.close()
