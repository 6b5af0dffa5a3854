"""HR and managers in the real window: dashboard, 表で見る, drill-down, staff list, exports,
assignments and the staff directory."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from dxtrainer.services.container import open_services
from dxtrainer.services.demo_org import generate
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle


def demo_city(db_path, staff: int = 60) -> None:
    services = open_services(db_path, SAMPLE_CONTENT)
    generate(services, staff=staff, months=6, today=date.today())
    services.close()


def test_hr_dashboard_drill_down_staff_list_and_export(qtbot, tmp_path, db_path):
    demo_city(db_path, staff=250)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")  # 山田 花子, HR: a password
    assert set(shell.nav_buttons) >= {"dashboard", "staff", "assignments"}
    board_screen = shell.dashboard
    with qtbot.waitSignal(board_screen.loaded, timeout=TIMEOUT * 3):
        shell.nav_buttons["dashboard"].click()
    board = board_screen.board
    assert board.scope_id is None and board.active_staff == 250
    tile = board_screen.tiles["participation"].value.text()
    assert tile.endswith("%") and tile != "—"
    assert board.period_label.endswith("年度")
    with qtbot.waitSignal(board_screen.loaded, timeout=TIMEOUT):
        board_screen.category.setCurrentIndex(1)  # one DSS-L category
    assert board_screen.board.category == "mindset" and "区分" in board_screen.scope_label.text()
    with qtbot.waitSignal(board_screen.loaded, timeout=TIMEOUT):
        board_screen.category.setCurrentIndex(0)
    # 表で見る shows the same numbers as the bars
    panel = board_screen.panels["completion"]
    panel.toggle.click()
    assert panel.stack.currentWidget() is panel.table
    assert panel.table.rowCount() == len(board.departments)
    assert "所属\t職員数\t参加率\t修了率\t要再受講\t平均点" in panel.table_text()
    # drill down into the biggest shown department, then into one of its units
    biggest = max((i for i, r in enumerate(board.departments)
                   if not r.suppressed and r.has_children), key=lambda i: board.departments[i].staff)
    with qtbot.waitSignal(board_screen.loaded, timeout=TIMEOUT):
        board_screen._on_bar_clicked(biggest)
    assert board_screen.board.scope_id == board.departments[biggest].department_id
    leaf = next(i for i, r in enumerate(board_screen.board.departments)
                if not r.has_children and not r.suppressed)
    with qtbot.waitSignal(board_screen.staff_list_requested, timeout=TIMEOUT):
        board_screen._on_bar_clicked(leaf)
    qtbot.waitUntil(lambda: getattr(shell, "staff_list", None) is not None, timeout=TIMEOUT)
    assert shell.staff_list.model.rowCount() == board_screen.board.departments[leaf].staff
    # export the scoped dashboard to CSV without a file dialog
    from dxtrainer.ui.dialogs.export_dialog import export_dashboard

    saved = []
    export_dashboard(board_screen, runner, board_screen.board, "csv",
                     str(tmp_path / "board.csv"), done=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=TIMEOUT)
    assert (tmp_path / "board.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


def test_assignments_and_staff_directory_for_hr(qtbot, tmp_path, db_path):
    demo_city(db_path, staff=30)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    screen = shell.assignments_admin
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        shell.nav_buttons["assignments"].click()
    assert screen.empty.isVisible() or not screen.table.isVisible()
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.create({"title": "DX基礎(必修)", "lesson_ids": ["sample-basics"],
                       "deadline": date.today(), "department_id": None, "role": None,
                       "hired_after": None})
    assert screen.model.rowCount() == 1
    info, stat = screen.model.row(0)
    assert stat.targeted == 30 and info.title == "DX基礎(必修)"
    screen._on_outstanding_button_clicked()
    qtbot.waitUntil(lambda: getattr(screen, "outstanding_dialog", None) is not None,
                    timeout=TIMEOUT)
    dialog = screen.outstanding_dialog
    dialog.save("xlsx", str(tmp_path / "outstanding.xlsx"))
    qtbot.waitUntil(lambda: "保存しました" in dialog.status.text(), timeout=TIMEOUT)
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "outstanding.xlsx").active
    assert sheet.max_row == 2 + 30 - stat.completed
    # withdraw, then undo
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen._on_remove_button_clicked()
    assert screen.model.rowCount() == 0 and screen.undo_button.isVisible()
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen._on_undo_button_clicked()
    assert screen.model.rowCount() == 1

    staff = shell.staff_admin
    with qtbot.waitSignal(staff.loaded, timeout=TIMEOUT):
        shell.nav_buttons["staff"].click()
    assert staff.model.rowCount() == 30
    assert staff.admins.isHidden()  # the demo has two HR admins
    qtbot.keyClicks(staff.search, "D0005")
    assert staff.proxy.rowCount() == 1
    staff.table.selectRow(0)
    [person] = staff.selected()
    assert person.staff_no == "D0005"
    staff._on_issue_button_clicked()  # a forgotten PIN: a new 初期コード
    staff.issue_dialog.folder.setText(str(tmp_path))
    with qtbot.waitSignal(staff.loaded, timeout=TIMEOUT):
        staff.issue_dialog.issue_button.click()
    assert [r.staff_no for r in staff.issue_dialog.rows] == ["D0005"]
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


def test_learners_have_no_dashboard_and_managers_see_their_own_department(
        qtbot, tmp_path, db_path):
    demo_city(db_path, staff=30)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0005", "2468")
    assert "dashboard" not in shell.nav_buttons and shell.dashboard is None
    shell.sign_out_requested.emit()
    qtbot.waitUntil(lambda: window.shell is None, timeout=TIMEOUT)
    wait_idle(qtbot, runner)
    manager = sign_in(qtbot, window, "D0004", "boss2026x")  # 高橋 誠, 市民課長
    assert "staff" not in manager.nav_buttons
    with qtbot.waitSignal(manager.dashboard.loaded, timeout=TIMEOUT * 3):
        manager.nav_buttons["dashboard"].click()
    board = manager.dashboard.board
    assert board.scope_name.endswith("市民課")
    assert manager.dashboard.department.count() >= 1
    assert all("市民課" in manager.dashboard.department.itemData(i, Qt.ItemDataRole.ToolTipRole)
               for i in range(manager.dashboard.department.count()))
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


def test_roster_import_dialog_previews_then_applies(qtbot, tmp_path, db_path):
    demo_city(db_path, staff=20)
    roster = tmp_path / "roster.csv"
    roster.write_bytes("職員番号,氏名,フリガナ,所属,役割\r\n"
                       "90001,新井 優,アライ ユウ,総務部 総務課,\r\n"
                       "90002,石田 蓮,イシダ レン,総務部 総務課,\r\n".encode("cp932"))
    bad = tmp_path / "bad.csv"
    bad.write_text("職員番号,氏名,所属\n,名無し,総務部 総務課\n", encoding="utf-8-sig")
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    staff = shell.staff_admin
    with qtbot.waitSignal(staff.loaded, timeout=TIMEOUT):
        shell.nav_buttons["staff"].click()
    staff._on_import_button_clicked()
    dialog = staff.import_dialog
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        dialog.choose(str(bad))
    assert "2行目" in dialog.lines.item(0).text() and not dialog.apply_button.isEnabled()
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        dialog.choose(str(roster))
    assert "追加 2 人" in dialog.summary.text() and dialog.apply_button.isEnabled()
    with qtbot.waitSignal(staff.loaded, timeout=TIMEOUT):
        dialog.apply_button.click()
    assert "名簿を取り込みました" in dialog.summary.text()
    assert staff.model.rowCount() == 22
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


def test_trainers_see_question_statistics_and_can_reload_content(qtbot, tmp_path, db_path):
    demo_city(db_path, staff=30)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0002", "train2026")  # 佐藤 健一, 研修担当
    assert "content" in shell.nav_buttons and "dashboard" not in shell.nav_buttons
    screen = shell.content_admin
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        shell.nav_buttons["content"].click()
    assert screen.model.rowCount() == 4  # the sample quiz's questions
    assert any(screen.model.row(i).answers > 0 for i in range(4))
    assert "エラー 0 件" in screen.summary.text()
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.action_button.click()  # 教材フォルダを読み込み直す
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()
