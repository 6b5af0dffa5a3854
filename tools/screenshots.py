"""Render every screen to PNG (offscreen) for review: python3 tools/screenshots.py [OUT_DIR].

Uses a throw-away demo database and the shipped content. Install Debian's fonts-noto-cjk first
so that Japanese is not drawn as boxes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DXTRAINER_LANG", "ja")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "shots")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    os.environ["DXTRAINER_DATA_DIR"] = str(tmp)
    app = QApplication(sys.argv[:1])
    from dxtrainer import i18n, paths
    from dxtrainer.services.container import open_services
    from dxtrainer.services.demo import populate_demo
    from dxtrainer.ui import style
    from dxtrainer.ui.main_window import MainWindow
    from dxtrainer.ui.task_runner import TaskRunner

    i18n.install(os.environ["DXTRAINER_LANG"])
    style.apply(app)
    runner = TaskRunner()
    settings = QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)
    empty_db = tmp / "empty.sqlite3"
    state = {"demo": False}

    def opener(demo: bool, report=None):
        state["demo"] = demo
        db = tmp / "demo.sqlite3" if demo else empty_db
        services = open_services(db, paths.content_dir())
        if demo:
            populate_demo(services)
        return services

    window = MainWindow(runner, settings, opener, lambda exc: None)
    window.resize(1280, 820)
    window.show()

    def settle(ms: int = 150) -> None:
        from PySide6.QtTest import QTest

        for _ in range(400):
            if not runner.pending:
                break
            QTest.qWait(50)
        QTest.qWait(ms)

    def shot(name: str) -> None:
        settle()
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    shot("00-startup")
    window.open_database()
    settle(300)
    shot("01-signin-empty")
    window.open_database(demo=True)
    settle(300)
    shot("02-signin-demo")
    window.signin.search.setText("なかむら")
    settle()
    shot("03-signin-search")
    from dxtrainer.ui.models.staff_model import ROW_ROLE

    def sign_in_first_match(secret: str, dialog_shot: str):  # noqa: ANN202
        """Sign in as the first person in the filtered list, setting `secret` at first use."""
        person = window.signin.list.model().index(0, 0).data(ROW_ROLE)
        window.signin.begin_sign_in(person)
        settle()
        dialog = window.signin.pin_dialog
        if dialog.first_sign_in:  # the demo city's published 初期コード
            from dxtrainer.services.initial_codes import DEMO_CODE

            dialog.code.setText(DEMO_CODE)
        dialog.grab().save(str(out / dialog_shot))
        dialog.pin.setText(secret)
        dialog.repeat.setText(secret)
        dialog._on_buttons_accepted()
        settle(300)
        return window.shell

    shell = sign_in_first_match("1234", "04-pin-dialog.png")
    shot("05-home")
    shell.home.verticalScrollBar().setValue(500)
    shot("06-home-scrolled")
    lessons = [lesson.id for lesson in window.services.content.index.lessons]
    for n, lesson_id in enumerate(lessons, 1):
        shell.open_lesson(lesson_id)
        settle(200)
        shot(f"10-lesson-{n:02d}-{lesson_id}")
        if n in (1, 8):
            bar = shell.lesson.browser.verticalScrollBar()
            for step in (1, 2, 3):
                bar.setValue(bar.maximum() * step // 4)
                shot(f"10-lesson-{n:02d}-{lesson_id}-part{step}")
    shell.open_quiz(lessons[0])
    settle(200)
    quiz = shell.quiz
    shot("20-quiz-question")
    quiz.answer.pick(1)
    shot("21-quiz-selected")
    quiz.submit()
    settle(200)
    shot("22-quiz-feedback")
    quiz.go_to(2)
    quiz.toggle_flag()
    shot("22b-quiz-navigator-flagged")
    quiz.show_summary()
    shot("22c-quiz-summary")
    quiz.go_to(1)
    while quiz.current_question() is not None and quiz.pages.currentWidget() is quiz.question_page:
        if quiz.feedback.isVisible():
            quiz.next_question()
            settle()
            continue
        q = quiz.current_question()
        if q.type.value == "ordering":
            shot("23-quiz-ordering")
        elif q.type.value == "multiple":
            shot("24-quiz-multiple")
        elif q.type.value == "truefalse":
            shot("25-quiz-truefalse")
        quiz.answer.pick(2)
        quiz.submit()
        settle()
    settle(300)
    shot("26-quiz-result")
    shell.go("progress")
    settle(300)
    shot("30-progress")
    shell.go("review")
    settle(300)
    shot("31-review")
    if shell.review.cards:
        card = shell.review.cards[0]
        card.answer.pick(1)
        card.submit()
        shot("31b-review-answered")
    shell.go("home")
    settle(300)
    shot("32-home-todays-review")
    shell.go("glossary")
    settle()
    shot("40-glossary")
    shell.glossary.search.setText("くらうど")
    shot("41-glossary-search")

    # HR: 山田 花子 (D0001) signs in with a password
    window.sign_out()
    settle(300)
    window.signin.search.setText("D0001")
    settle()
    shell = sign_in_first_match("dx2026ok", "50-password-dialog.png")
    shell.go("dashboard")
    settle(1500)
    shot("51-dashboard")
    dash = shell.dashboard
    dash.verticalScrollBar().setValue(420)
    shot("52-dashboard-charts")
    dash.verticalScrollBar().setValue(dash.verticalScrollBar().maximum())
    shot("53-dashboard-trend")
    dash.verticalScrollBar().setValue(0)
    dash.panels["completion"].toggle.click()
    dash.verticalScrollBar().setValue(420)
    shot("54-dashboard-table")
    dash.panels["completion"].toggle.click()
    board = dash.board
    biggest = max((i for i, r in enumerate(board.departments) if not r.suppressed),
                  key=lambda i: board.departments[i].staff)
    dash._on_bar_clicked(biggest)
    settle(500)
    dash.verticalScrollBar().setValue(0)
    shot("55-dashboard-drill")
    leaf = next((i for i, r in enumerate(dash.board.departments)
                 if not r.has_children and not r.suppressed), None)
    if leaf is not None:
        dash._on_bar_clicked(leaf)
        settle(500)
        if getattr(shell, "staff_list", None) is not None:
            shell.staff_list.grab().save(str(out / "56-staff-list.png"))
            shell.staff_list.close()
    shell.go("staff")
    settle(500)
    shot("60-staff-admin")
    shell.go("content")
    settle(500)
    shot("58-content")
    shell.go("assignments")
    settle(300)
    shot("61-assignments-empty")
    from datetime import date, timedelta

    shell.assignments_admin.create({
        "title": "令和8年度 DX基礎研修(全職員必修)",
        "lesson_ids": [x.id for x in window.services.content.index.lessons[:3]],
        "deadline": date.today() + timedelta(days=45), "department_id": None, "role": None,
        "hired_after": None})
    settle(500)
    shot("62-assignments")
    shell.assignments_admin._on_new_button_clicked()
    settle(300)
    shell.assignments_admin.new_dialog.grab().save(str(out / "63-assignment-dialog.png"))
    shell.assignments_admin.new_dialog.reject()
    shell.go("home")
    settle(500)
    shot("64-home-with-assignment")
    for name, key in (("65-certificates", "certificates"), ("66-survey-results", "survey")):
        shell.go(key)
        settle(500)
        shot(name)
    shell.go("staff")
    settle(300)
    for name, button, attribute in (("67-access-log", "log_button", "access_log_dialog"),
                                    ("68-sync", "sync_button", "sync_dialog")):
        getattr(shell.staff_admin, button).click()
        settle(500)
        dialog = getattr(shell.staff_admin, attribute)
        dialog.grab().save(str(out / f"{name}.png"))
        dialog.reject()
    from dxtrainer.ui.dialogs.survey_dialog import SurveyDialog

    survey = SurveyDialog(window.services.content.index.courses[0].title
                          if window.services.content.index.courses else "DX", window)
    survey.open()
    settle()
    survey.grab().save(str(out / "69-survey-dialog.png"))
    survey.reject()
    runner.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
