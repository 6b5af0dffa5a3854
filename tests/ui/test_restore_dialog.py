"""HR's restore dialog: the list of backups with their counts, the confirmation, the restore on
the worker, and the window reopening the database afterwards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dxtrainer.services.backups import BackupService
from dxtrainer.services.records import SYSTEM_USER
from dxtrainer.ui.dialogs.restore_dialog import RestoreDialog
from dxtrainer.ui.task_runner import TaskRunner
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle
from tests.ui.test_dashboard import demo_city


def staff_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM staff").fetchone()[0]
    finally:
        con.close()


def add_person(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("INSERT INTO staff (staff_no, name, kana, role, active, failed_attempts, "
                "created_at) VALUES ('X1', '追加 太郎', 'ツイカ タロウ', 'learner', 1, 0, "
                "'2026-11-30 09:00:00')")
    con.commit()
    con.close()


def test_the_dialog_lists_checks_and_restores(qtbot, db_path: Path):
    demo_city(db_path, staff=12)
    service = BackupService(db_path)
    good = service.take()
    broken = good.with_name(good.name.replace("-manual", "-startup").replace("-20", "-19", 1))
    broken.write_bytes(b"not a database" * 100)
    add_person(db_path)
    runner = TaskRunner()
    dialog = RestoreDialog(runner, service, SYSTEM_USER)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.show()
    assert dialog.model.rowCount() == 2
    first = [dialog.model.index(0, c).data() for c in range(6)]
    assert first[1] == "手動" and first[3] == "12 人" and first[5].startswith("✔")
    assert [dialog.model.index(1, c).data() for c in (3, 5)] == ["—", "✖ 使えません(壊れているか、別の版)"]
    assert dialog.restore_button.isEnabled()  # the newest usable one is chosen
    dialog.table.selectRow(1)
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    dialog.confirm()
    assert "12 人" in dialog.confirm_box.text()
    with qtbot.waitSignal(dialog.restored, timeout=TIMEOUT) as done:
        dialog.confirm_box.button(dialog.confirm_box.StandardButton.Yes).click()
    assert done.args[0].staff == 12 and staff_count(db_path) == 12
    assert staff_count(done.args[0].safety_copy) == 13  # the state before, kept
    wait_idle(qtbot, runner)
    runner.shutdown()


def test_hr_restores_from_the_staff_screen_and_the_window_reopens(qtbot, tmp_path, db_path):
    demo_city(db_path, staff=20)
    BackupService(db_path).take()
    add_person(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    staff = shell.staff_admin
    with qtbot.waitSignal(staff.loaded, timeout=TIMEOUT):
        shell.nav_buttons["staff"].click()
    assert staff.model.rowCount() == 21
    staff.restore_button.click()
    dialog = staff.restore_button.dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=TIMEOUT)
    dialog.confirm()
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT * 2):
        dialog.confirm_box.button(dialog.confirm_box.StandardButton.Yes).click()
    assert window.shell is None and window.pages.currentWidget() is window.signin
    assert window.services is opened[-1] and window.services.staff_count() == 20
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()
