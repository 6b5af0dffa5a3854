"""初期コード on screen: HR issues codes for several people (progress, PDF with one page each,
CSV), a person signs in for the first time with theirs; the sign-in screen's other ways in."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import datetime

from PySide6.QtCore import QSettings, Qt

from dxtrainer.db.models import Department, Staff
from dxtrainer.services.container import open_services, set_meta
from dxtrainer.services.credentials import hash_secret
from dxtrainer.services.records import SYSTEM_USER
from dxtrainer.ui.main_window import MainWindow
from dxtrainer.ui.task_runner import TaskRunner
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, wait_idle


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


def seed(db_path, *, meta: dict[str, str] | None = None) -> dict[str, int]:
    services = open_services(db_path, SAMPLE_CONTENT)
    with services.sessions.begin() as s:
        dept = Department(code="c", name="市民課", active=True)
        s.add(dept)
        s.flush()
        people = {
            "9001": Staff(staff_no="9001", name="人事 太郎", kana="ジンジ タロウ", role="hr",
                          department_id=dept.id, active=True, created_at=datetime.now(),
                          credential=hash_secret("hr-pass-1")),
            "9002": Staff(staff_no="9002", name="新人 花子", kana="シンジン ハナコ", role="learner",
                          department_id=dept.id, active=True, created_at=datetime.now(),
                          os_account="pc\\hanako"),
            "9003": Staff(staff_no="9003", name="新人 次郎", kana="シンジン ジロウ", role="learner",
                          department_id=dept.id, active=True, created_at=datetime.now()),
            "9004": Staff(staff_no="9004", name="課長 三郎", kana="カチョウ サブロウ", role="manager",
                          department_id=dept.id, active=True, created_at=datetime.now(),
                          os_account="pc\\boss"),
        }
        s.add_all(people.values())
        for key, value in (meta or {}).items():
            set_meta(s, key, value)
        s.flush()
        ids = {number: st.id for number, st in people.items()}
    services.close()
    return ids


def test_hr_issues_codes_for_several_people_and_one_signs_in_with_hers(qtbot, tmp_path, db_path):
    ids = seed(db_path)
    services = open_services(db_path, SAMPLE_CONTENT)
    hr = services.accounts.sign_in(ids["9001"], "hr-pass-1").user
    runner = TaskRunner()
    from dxtrainer.ui.screens.staff_admin_screen import StaffAdminScreen

    screen = StaffAdminScreen(runner, services, hr)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.refresh()
    screen._on_select_waiting_clicked()  # everyone without a PIN or a code: the three others
    assert sorted(p.staff_no for p in screen.selected()) == ["9002", "9003", "9004"]
    screen._on_issue_button_clicked()
    dialog = screen.issue_dialog
    dialog.show()
    dialog.folder.setText(str(tmp_path))
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        dialog.issue_button.click()
    assert dialog.progress.value() == 3 and dialog.pages.currentIndex() == 2
    assert dialog.model.rowCount() == 3
    pdf, csv_path = dialog.saved
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and pdf_pages(data) == 3
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        assert all(row.code in text for row in dialog.rows)
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert len(table) == 4 and {row[0] for row in table[1:]} == {"9002", "9003", "9004"}
    assert "発行済み" in screen.model.index(0, 5).data()
    hanako = next(r for r in dialog.rows if r.staff_no == "9002")
    dialog.accept()
    wait_idle(qtbot, runner)
    services.close()

    # 新人 花子 signs in for the first time: a wrong code first, then hers
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened := [])
    signin = window.signin
    qtbot.waitUntil(lambda: signin.list.model().rowCount() == 4, timeout=TIMEOUT)
    qtbot.keyClicks(signin.search, "9002")
    qtbot.keyClick(signin.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: signin.pin_dialog is not None and signin.pin_dialog.isVisible(),
                    timeout=TIMEOUT)
    first = signin.pin_dialog
    assert first.first_sign_in and first.code.isVisibleTo(first)
    first.code.setText("ZZZZ-ZZZZ" if hanako.code != "ZZZZ-ZZZZ" else "YYYY-YYYY")
    first.pin.setText("2468")
    first.repeat.setText("2468")
    qtbot.keyClick(first.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: signin.pin_dialog is not first and signin.pin_dialog is not None,
                    timeout=TIMEOUT)
    again = signin.pin_dialog
    assert "初期コードが違います" in again.message.text()
    again.code.setText(hanako.code.lower())
    again.pin.setText("2468")
    again.repeat.setText("2468")
    with qtbot.waitSignal(window.signed_in, timeout=TIMEOUT):
        qtbot.keyClick(again.pin, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert opened[0].accounts.sign_in(ids["9002"], "2468").user.name == "新人 花子"
    for s in opened:
        s.close()


def test_notice_pdf_page_renders(qapp, tmp_path):
    from dxtrainer.services.initial_codes import IssuedCode
    from dxtrainer.ui.code_notice_pdf import render_notices

    rows = [IssuedCode(i, f"1000{i}", f"職員 {i}", "総務部 › 情報政策課", "ABCD-EFGH",
                       datetime(2026, 12, 14, 17, 0)) for i in range(5)]
    path = tmp_path / "notices.pdf"
    assert render_notices(rows, path) == 5
    assert pdf_pages(path.read_bytes()) == 5
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(path),
                        str(tmp_path / "page")], check=True, timeout=60)
        assert next(tmp_path.glob("page*.png")).stat().st_size > 2000  # a drawn page


def window_for(qtbot, tmp_path, db_path, os_account: str | None):
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    opened: list = []

    def opener(demo: bool, report=None):  # noqa: ANN001, ANN202
        opened.append(open_services(db_path, SAMPLE_CONTENT))
        return opened[-1]

    window = MainWindow(runner, settings, opener, lambda exc: None)
    qtbot.addWidget(window)
    window.signin._os_account = lambda: os_account  # the OS query, injected
    window.show()
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT):
        window.open_database()
    wait_idle(qtbot, runner)
    return window, runner, opened


def test_a_hidden_staff_list_finds_people_by_number_or_name_and_says_when_locked(
        qtbot, tmp_path, db_path):
    ids = seed(db_path, meta={"hide_staff_list": "1"})
    services = open_services(db_path, SAMPLE_CONTENT)
    for _ in range(5):
        services.accounts.sign_in(ids["9001"], "wrong-pass-1")
    services.close()
    window, runner, opened = window_for(qtbot, tmp_path, db_path, None)
    signin = window.signin
    assert signin.pages.currentWidget() is signin.hidden and signin.search.isHidden()
    assert signin._model.rowCount() == 0  # nobody listed
    signin.number.setText("新人花子")
    qtbot.keyClick(signin.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "初期コード" in signin.status.text(), timeout=TIMEOUT)
    assert "新人 花子 さんはまだ" in signin.status.text()  # no code issued yet
    signin.number.setText("9001")
    qtbot.keyClick(signin.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "一時的にサインインできません" in signin.status.text(), timeout=TIMEOUT)
    assert signin.pin_dialog is None  # nothing asked of a locked account
    assert re.search(r"\d{2}:\d{2} まで", signin.status.text())
    for s in opened:
        s.close()


def test_a_learner_continues_with_this_pcs_account_but_a_manager_does_not(
        qtbot, tmp_path, db_path):
    seed(db_path, meta={"os_sign_in": "1"})
    window, runner, opened = window_for(qtbot, tmp_path, db_path, "PC\\Hanako")
    signin = window.signin
    assert signin.os_button.isVisible() and "新人 花子" in signin.os_button.text()
    signin.grab().save(str(tmp_path / "os.png"))
    with qtbot.waitSignal(window.signed_in, timeout=TIMEOUT) as blocker:
        signin.os_button.click()
    assert blocker.args[0].name == "新人 花子"
    wait_idle(qtbot, runner)
    for s in opened:
        s.close()
    window2, runner2, opened2 = window_for(qtbot, tmp_path / "b", db_path, "PC\\boss")
    assert window2.signin.os_button.isHidden()
    for s in opened2:
        s.close()


def test_roster_import_offers_codes_for_the_new_people(qtbot, tmp_path, db_path):
    seed(db_path)
    services = open_services(db_path, SAMPLE_CONTENT)
    runner = TaskRunner()
    from dxtrainer.ui.screens.staff_admin_screen import StaffAdminScreen

    screen = StaffAdminScreen(runner, services, SYSTEM_USER)
    qtbot.addWidget(screen)
    path = tmp_path / "roster.csv"
    path.write_text("職員番号,氏名,所属\n9005,追加 一,市民課\n9006,追加 二,市民課\n",
                    encoding="utf-8-sig")
    screen._on_import_button_clicked()
    importer = screen.import_dialog
    with qtbot.waitSignal(importer.previewed, timeout=TIMEOUT):
        importer.choose(str(path))
    assert importer.issue_codes.isVisibleTo(importer) and importer.issue_codes.isChecked()
    with qtbot.waitSignal(importer.codes_wanted, timeout=TIMEOUT) as wanted:
        importer.apply()
    assert len(wanted.args[0]) == 2
    codes = screen.issue_dialog
    assert "2 人に初期コードを発行します" in codes.heading.text()
    codes.folder.setText(str(tmp_path))
    with qtbot.waitSignal(codes.issued, timeout=TIMEOUT):
        codes.issue_button.click()
    assert sorted(r.staff_no for r in codes.rows) == ["9005", "9006"]
    wait_idle(qtbot, runner)
    services.close()


def test_hr_changes_the_sign_in_settings(qtbot, tmp_path, db_path):
    seed(db_path)
    services = open_services(db_path, SAMPLE_CONTENT)
    runner = TaskRunner()
    from dxtrainer.ui.screens.staff_admin_screen import StaffAdminScreen

    screen = StaffAdminScreen(runner, services, SYSTEM_USER)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.refresh()
    screen._on_settings_button_clicked()
    dialog = screen.settings_dialog
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
    assert dialog.days.value() == 14 and not dialog.hide_list.isChecked()
    dialog.hide_list.setChecked(True)
    dialog.os_sign_in.setChecked(True)
    dialog.days.setValue(7)
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        dialog._on_buttons_accepted()
    settings = services.accounts.settings()
    assert (settings.hide_staff_list, settings.os_sign_in, settings.code_days) == (True, True, 7)
    services.close()
