"""Every service a screen calls is made to fail, and what the person then reads comes from the
message catalogue: never the exception's own (English) words. An exception nobody caught, on
the UI thread or in a screen's callback, is logged and shown as a short apology."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.messages import service_error_text
from dxtrainer.services.errors import ServiceError
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle
from tests.ui.test_dashboard import demo_city

SECRET = "secret english text"
# Sentences a screen may show instead of the general one for a code (still the catalogue's).
SCREEN_WORDS = {"access-denied": ["この画面を表示する権限がありません。"]}


def shown_texts(window) -> dict[int, str]:
    """Every visible label's and message box's text, by widget."""
    texts = {id(w): w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text()}
    for top in QApplication.topLevelWidgets():
        if isinstance(top, QMessageBox) and top.isVisible():
            texts[id(top)] = "\n".join([top.text(), top.informativeText(), top.detailedText()])
    return texts


def answer_first_question(qtbot, shell) -> None:
    quiz = shell.quiz
    with qtbot.waitSignal(quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz("sample-basics")
    qtbot.waitUntil(lambda: quiz.answer is not None, timeout=TIMEOUT)
    rows = getattr(quiz.answer, "rows", None)
    if rows:
        qtbot.keyClick(quiz, Qt.Key.Key_1)
    quiz.submit()


def mark_read(qtbot, shell) -> None:
    with qtbot.waitSignal(shell.lesson.loaded, timeout=TIMEOUT):
        shell.open_lesson("sample-basics")
    if shell.lesson.view.read:  # the demo HR admin may have read it: as if not yet
        shell.lesson.view = dataclasses.replace(shell.lesson.view, read=False)
    shell.lesson._mark_read()


def on(key: str, action):
    """Show the screen first, so that what it says on failure is visible."""
    def trigger(qtbot, shell) -> None:
        screen = getattr(shell, key)
        shell.stack.setCurrentWidget(screen)
        action(screen)
    return trigger


# (service on the container, its method, what makes the screen call it)
CASES = [
    ("training", "home", on("home", lambda screen: screen.refresh())),
    ("progress", "my_progress", on("progress", lambda screen: screen.refresh())),
    ("training", "review_items", on("review", lambda screen: screen.refresh())),
    ("training", "open_lesson", lambda qtbot, shell: shell.open_lesson("sample-basics")),
    ("training", "mark_read", lambda qtbot, shell: mark_read(qtbot, shell)),
    ("training", "start_or_resume", lambda qtbot, shell: shell.open_quiz("sample-basics")),
    ("training", "submit_answer", answer_first_question),
    ("reporting", "dashboard", on("dashboard", lambda screen: screen.refresh())),
    ("reporting", "staff_progress", lambda qtbot, shell: shell.open_staff_list(
        shell.dashboard.board.departments[0].department_id,
        period_of(PeriodKind.FISCAL_YEAR, date.today()))),
    ("reporting", "visible_departments",
     on("assignments_admin", lambda screen: screen._on_new_button_clicked())),
    ("items", "question_stats", on("content_admin", lambda screen: screen.refresh())),
    ("items", "reload_content", on("content_admin", lambda screen: screen.reload())),
    ("accounts", "directory", on("staff_admin", lambda screen: screen.refresh())),
    ("assignments", "list", on("assignments_admin", lambda screen: screen.refresh())),
    ("assignments", "create", on("assignments_admin", lambda screen: screen.create({
        "title": "DX基礎", "lesson_ids": ["sample-basics"], "deadline": date.today(),
        "department_id": None, "role": None, "hired_after": None}))),
    ("accounts", "list_staff", lambda qtbot, shell: shell.window().signin.refresh()),
]


@pytest.mark.parametrize("error", [RuntimeError(SECRET),
                                   ServiceError("access-denied", reason=SECRET),
                                   ServiceError("database-busy")],
                         ids=["unexpected", "access-denied", "database-busy"])
def test_every_service_a_screen_calls_fails_in_catalogue_words(qtbot, tmp_path, db_path, error):
    # time budget: about 4 s per error kind (one window, one small demo city, every case in turn)
    demo_city(db_path, staff=20)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    with qtbot.waitSignal(shell.dashboard.loaded, timeout=TIMEOUT * 3):
        shell.go("dashboard")  # charts built once, so that the next refresh asks for numbers
    services = window.services
    code = getattr(error, "code", "internal")
    expected = [service_error_text(code), *SCREEN_WORDS.get(code, [])]
    for attribute, method, trigger in CASES:
        service = getattr(services, attribute)

        calls = []

        def fail(*_args, _calls=calls, **_kwargs):
            _calls.append(1)
            raise error

        setattr(service, method, fail)
        try:
            wait_idle(qtbot, runner)
            before = shown_texts(window)
            trigger(qtbot, shell)
            wait_idle(qtbot, runner)
            texts = shown_texts(window)
            new = [t for key, t in texts.items() if before.get(key) != t]
            assert calls, method
            assert not any(SECRET in t or "Traceback" in t for t in texts.values()), method
            assert any(e in t for t in new for e in expected), (method, new)
        finally:
            delattr(service, method)
            box = getattr(window, "failure_box", None)
            if box is not None:
                box.done(0)
    for services in opened:
        services.close()


def test_a_failing_callback_and_an_uncaught_exception_are_logged_and_apologised_for(
        qtbot, tmp_path, db_path, caplog):
    from dxtrainer.app import _show_uncaught_exceptions

    demo_city(db_path, staff=5)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    apology = service_error_text("internal")
    assert "dxtrainer.log" in apology

    def broken_callback(_result):
        raise RuntimeError(SECRET)

    with qtbot.waitSignal(runner.failed, timeout=TIMEOUT) as blocker:
        runner.run(lambda: 1, broken_callback)
    assert blocker.args == [apology]
    assert window.failure_box.text() == apology
    assert SECRET in caplog.text  # the log has the details, the screen has the apology
    window.failure_box.done(0)

    import sys

    previous = sys.excepthook
    _show_uncaught_exceptions(window)
    try:
        try:
            raise KeyError(SECRET)
        except KeyError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert window.failure_box.isVisible() and window.failure_box.text() == apology
    from dxtrainer import paths

    assert SECRET in paths.log_file().read_text(encoding="utf-8")
    window.failure_box.done(0)
    for services in opened:
        services.close()
