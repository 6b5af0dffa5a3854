"""The window when a database cannot be opened: each cause worded with its own next step (open
read-only, try again, set a damaged file aside), and the title naming the database."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QSettings

from dxtrainer.app import recover
from dxtrainer.messages import service_error_text
from dxtrainer.services.container import open_services
from dxtrainer.ui.main_window import MainWindow
from dxtrainer.ui.task_runner import TaskRunner
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT
from tests.ui.test_learner_path import seed_staff


def window_for(qtbot, tmp_path, database, opened: list) -> MainWindow:
    def opener(demo: bool, report=None, read_only: bool = False):
        services = open_services(database, SAMPLE_CONTENT, read_only=read_only)
        opened.append(services)
        return services

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(TaskRunner(), settings, opener, recover)
    qtbot.addWidget(window)
    window.show()
    return window


def failed_page(qtbot, window: MainWindow):
    window.open_database()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.error_page, timeout=TIMEOUT)
    return window.error_page


def test_a_read_only_database_is_not_called_broken_and_opens_read_only(
        qtbot, tmp_path, monkeypatch):
    db = tmp_path / "kyoyu.sqlite3"
    seed_staff(db)
    before = db.read_bytes()
    # The real permission check runs as `nobody` in tests/db/test_probe.py; here (root) the file
    # is declared unwritable so that the window's part can be seen.
    monkeypatch.setattr("dxtrainer.db.probe.file_writable", lambda path: False)
    opened: list = []
    window = window_for(qtbot, tmp_path, db, opened)
    page = failed_page(qtbot, window)
    assert page.text.text() == service_error_text("database-read-only", database="kyoyu.sqlite3")
    assert "壊れ" not in page.text.text().replace("壊れていません", "")
    assert page.action is page.read_only_button and page.set_aside_button.isHidden()
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT):
        page.action.click()
    assert window.services.read_only
    assert "kyoyu.sqlite3" in window.windowTitle() and "読み取り専用" in window.windowTitle()
    assert "kyoyu.sqlite3" in window.database_text.text()
    qtbot.waitUntil(lambda: window.signin.list.model().rowCount() == 1, timeout=TIMEOUT)
    window._runner.shutdown()
    for services in opened:
        services.close()
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if "kyoyu" in p.name) == ["kyoyu.sqlite3"]


def test_a_locked_database_offers_to_try_again(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "dx.sqlite3"
    seed_staff(db)
    monkeypatch.setattr("dxtrainer.db.probe.BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    opened: list = []
    window = window_for(qtbot, tmp_path, db, opened)
    page = failed_page(qtbot, window)
    assert page.text.text() == service_error_text("database-locked", database="dx.sqlite3")
    assert page.action is page.retry_button
    other.execute("ROLLBACK")
    other.close()
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT):
        page.action.click()
    for services in opened:
        services.close()


def test_an_unreachable_server_is_named_without_its_password(qtbot, tmp_path):
    url = "postgresql+psycopg://dxapp:hunter2secret@127.0.0.1:1/dxtrainer"
    window = window_for(qtbot, tmp_path, url, [])
    page = failed_page(qtbot, window)
    text = page.text.text()
    assert text == service_error_text("database-unreachable", database="127.0.0.1:1/dxtrainer")
    assert "hunter2secret" not in text + page.note.text() and "sqlalche" not in text
    assert page.action is page.retry_button and page.set_aside_button.isHidden()


def test_a_damaged_file_in_a_read_only_place_is_never_set_aside(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "dx.sqlite3"
    bad.write_bytes(b"\x00garbage" * 600)
    window = window_for(qtbot, tmp_path, bad, [])
    page = failed_page(qtbot, window)
    assert page.action is page.set_aside_button
    monkeypatch.setattr("dxtrainer.db.probe.folder_writable", lambda folder: False)
    page.action.click()
    assert page.note.text() == service_error_text("database-read-only", database="dx.sqlite3")
    assert bad.read_bytes() == b"\x00garbage" * 600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("dx")] == ["dx.sqlite3"]


def test_the_title_names_a_database_that_is_not_the_default(qtbot, tmp_path):
    db = tmp_path / "somewhere-else.sqlite3"
    seed_staff(db)
    opened: list = []
    window = window_for(qtbot, tmp_path, db, opened)
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT):
        window.open_database()
    assert window.windowTitle().endswith("― somewhere-else.sqlite3")
    assert window.database_text.text() == "データベース: somewhere-else.sqlite3"
    window._runner.shutdown()
    for services in opened:
        services.close()


def test_the_title_names_a_server_database_without_its_password(qtbot, tmp_path, postgres_url):
    from sqlalchemy.engine import make_url

    opened: list = []
    window = window_for(qtbot, tmp_path, postgres_url, opened)
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT):
        window.open_database()
    url = make_url(postgres_url)
    label = f"{url.host}:{url.port}/{url.database}"
    assert window.windowTitle().endswith(f"― {label}")
    assert label in window.database_text.text()
    shown = window.windowTitle() + window.database_text.text() + window.database_text.toolTip()
    assert url.password not in shown and (url.username or "") not in shown
    window._runner.shutdown()
    for services in opened:
        services.close()


def test_the_usual_databases_are_not_named_in_the_title():
    from pathlib import Path

    from dxtrainer import paths
    from dxtrainer.ui.database_names import status_text, window_title

    plain = "DX Trainer ― 自治体職員のためのDX研修"
    default = f"sqlite:///{Path(paths.default_database()).resolve()}"
    demo = f"sqlite:///{Path(paths.demo_database()).resolve()}"
    assert window_title(default, demo=False, read_only=False) == plain
    assert status_text(default, demo=False, read_only=False) == ""
    assert window_title(demo, demo=True, read_only=False) == f"{plain} 【デモ】"
    assert status_text(demo, demo=True, read_only=True) == "データベース: デモ用データベース (読み取り専用)"
    other = "postgresql+psycopg://hr:pw@db.city.local:5432/dxtrainer"
    assert window_title(other, demo=False, read_only=True) == (
        f"{plain} ― db.city.local:5432/dxtrainer 【読み取り専用】")


def test_an_app_older_than_the_database_says_so_above_every_screen(qtbot, tmp_path):
    """Opened read-only because a newer app raised the oldest allowed writer: the window says
    why and what to do, not only in the title."""
    db = tmp_path / "kyoyu.sqlite3"
    seed_staff(db)
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '99.0' WHERE key = 'min_writer_version'")
    con.commit()
    con.close()
    opened: list = []
    window = window_for(qtbot, tmp_path, db, opened)
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT):
        window.open_database()
    assert window.services.read_only
    notice = window.services.notices[0]
    assert notice.code == "app-older-than-database"
    assert window.warning_bar.isVisible()
    assert service_error_text(notice.code, **notice.detail) in window.warning_text.text()
    window._runner.shutdown()
    for services in opened:
        services.close()
