"""The app keeps working with bad input: broken content files, a corrupt database, idle PCs."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QSettings, Qt

from dxtrainer.ui.main_window import MainWindow
from dxtrainer.ui.task_runner import TaskRunner
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in
from tests.ui.test_learner_path import seed_staff

BROKEN = {
    "lessons/bad-yaml.md": "---\nid: bad-yaml\ntitle: [oops\n---\n本文\n",
    "lessons/not-utf8.md": "---\nid: not-utf8\n---\n本文です\n".encode("cp932"),
    "quizzes/no-correct.yaml": (
        "id: no-correct\nlesson: sample-advanced\nversion: 1\nquestions:\n"
        "  - id: q1\n    type: single\n    prompt: どれ?\n    explanation: 説明\n"
        "    choices:\n      - id: a\n        text: A\n        explanation: 違います\n"
        "      - id: b\n        text: B\n        explanation: 違います\n"),
    "lessons/dup.md": (SAMPLE_CONTENT / "lessons/sample-advanced.md").read_text(encoding="utf-8"),
    "lessons/prereq.md": (SAMPLE_CONTENT / "lessons/sample-advanced.md").read_text(
        encoding="utf-8").replace("id: sample-advanced", "id: prereq").replace(
        "[sample-basics]", "[ghost]"),
    "lessons/image.md": (SAMPLE_CONTENT / "lessons/sample-advanced.md").read_text(
        encoding="utf-8").replace("id: sample-advanced", "id: image") + "\n![図](images/none.png)\n",
}
EXPECTED = {  # file -> (line, words from the sentence a trainer reads)
    "bad-yaml.md": (3, "YAML の書き方に誤り"),
    "not-utf8.md": (4, "UTF-8 ではありません"),
    "no-correct.yaml": (9, "正解の選択肢(correct: true)がありません"),
    "dup.md": (2, "でも使われています"),
    "prereq.md": (10, "prerequisites のレッスン「ghost」が見つかりません"),
    "image.md": (21, "画像ファイル「images/none.png」が見つかりません"),
}


def add_trainer(db_path) -> None:
    """伊藤 研 (2002), a trainer whose password is already set."""
    from datetime import datetime

    from dxtrainer.db.models import Staff
    from dxtrainer.services.container import open_services
    from dxtrainer.services.credentials import hash_secret

    services = open_services(db_path, SAMPLE_CONTENT)
    with services.sessions.begin() as s:
        s.add(Staff(staff_no="2002", name="伊藤 研", kana="イトウ ケン", role="trainer",
                    active=True, credential=hash_secret("8642"), created_at=datetime.now()))
    services.close()


def test_broken_content_is_skipped_with_a_visible_warning_and_the_app_works(
        qtbot, tmp_path, db_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    for rel, text in BROKEN.items():
        path = content / rel
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, "utf-8")
    seed_staff(db_path)
    add_trainer(db_path)
    opened: list = []
    window, _runner = make_window(qtbot, tmp_path, db_path, content, opened)
    # Content problems are for those who can fix them: not on the sign-in screen, not learners.
    assert not window.warning_bar.isVisible()
    problems = window.services.content.index.problems
    from dxtrainer.messages import format_problem

    lines = [format_problem(p) for p in problems]
    for name, (line, words) in EXPECTED.items():
        assert any(f"{name}:{line}: error: " in text and words in text for text in lines), name
    shell = sign_in(qtbot, window, "2001", "4321")
    cards = shell.home.view.lessons
    assert [c.id for c in cards if c.counted] == ["sample-basics", "sample-advanced"]
    # lessons with a bad prerequisite or a missing image stay readable, counted nowhere
    assert {c.id for c in cards if not c.counted} == {"prereq", "image"}
    assert not window.warning_bar.isVisible()
    window.sign_out()
    window.signin.search.clear()
    sign_in(qtbot, window, "2002", "8642")
    assert window.warning_bar.isVisible()
    assert "6 件" in window.warning_text.text()
    assert window.details_button.isVisible()
    window.sign_out()
    assert not window.warning_bar.isVisible()
    for services in opened:
        services.close()


def test_a_corrupt_database_offers_to_set_it_aside_and_start_fresh(qtbot, tmp_path):
    from dxtrainer.app import recover
    from dxtrainer.services.container import open_services

    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database " * 400)
    opened: list = []

    def opener(demo: bool, report=None):
        services = open_services(bad, SAMPLE_CONTENT)
        opened.append(services)
        return services

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(TaskRunner(), settings, opener, recover)
    qtbot.addWidget(window)
    window.show()
    window.open_database()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.error_page, timeout=TIMEOUT)
    page = window.error_page
    assert "壊れています" in page.text.text()
    assert page.action is page.set_aside_button
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT):
        page.action.click()
    assert window.pages.currentWidget() is window.signin
    [kept] = tmp_path.glob("bad-damaged-*.sqlite3")
    assert kept.read_bytes() == b"not a database " * 400
    for services in opened:
        services.close()


def test_idle_sessions_sign_out_and_window_size_is_remembered(qtbot, tmp_path, db_path):
    seed_staff(db_path)
    opened: list = []
    window, _runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    sign_in(qtbot, window, "2001", "4321")
    window._idle.setInterval(50)
    window._idle.start()
    qtbot.waitUntil(lambda: window.shell is None, timeout=TIMEOUT)
    assert window.pages.currentWidget() is window.signin
    assert "自動的にサインアウト" in window.signin.status.text()

    window.resize(701, 555)  # inside the offscreen 800×800 screen
    window.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    again = MainWindow(TaskRunner(), settings, lambda demo, report=None: None, lambda exc: None)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (701, 555)
    for services in opened:
        services.close()


def test_first_run_registers_the_first_hr_admin_and_signs_in(qtbot, tmp_path, db_path):
    opened: list = []
    window, _runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    screen = window.signin
    assert screen.pages.currentWidget() is screen.empty
    screen.setup_button.click()
    dialog = screen.setup_dialog
    dialog.number.setText("0001")
    dialog.name.setText("山田 花子")
    dialog.kana.setText("ヤマダ ハナコ")
    dialog.department.setText("人事課")
    dialog.password.setText("dx2026ok")
    dialog.repeat.setText("dx2026XX")
    dialog._on_buttons_accepted()
    assert "一致しません" in dialog.message.text() and dialog.isVisible()
    dialog.repeat.setText("dx2026ok")
    dialog.message.clear()
    dialog._on_buttons_accepted()
    # Either the shell appears or the dialog says why not; the message makes a failure legible.
    qtbot.waitUntil(lambda: window.shell is not None or bool(dialog.message.text()),
                    timeout=TIMEOUT)
    assert window.shell is not None, dialog.message.text()
    assert window.shell.user.role.value == "hr"
    for services in opened:
        services.close()


def test_without_pins_a_learner_signs_in_by_choosing_their_name(qtbot, tmp_path, db_path):
    from dxtrainer.services.container import set_meta

    seed_staff(db_path)
    from dxtrainer.services.container import open_services

    services = open_services(db_path, SAMPLE_CONTENT)
    with services.sessions.begin() as s:
        set_meta(s, "pin_required", "0")
    services.close()
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    screen = window.signin
    qtbot.waitUntil(lambda: screen.list.model().rowCount() > 0, timeout=TIMEOUT)
    qtbot.keyClicks(screen.search, "2001")
    with qtbot.waitSignal(window.signed_in, timeout=TIMEOUT):
        qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert screen.pin_dialog is None  # no PIN asked
    for services in opened:
        services.close()
