"""The course screens added with issue 11/12 — 修了証 and 研修アンケート (HR), the dashboard's
learning-gain panel, the access log, 学習記録の受け渡し and the learner's survey — checked the way
a user meets them: in English and Japanese, at 1366×768 and at 1024×768 with the text at 150 %, and by
keyboard alone. Nothing is cut off or scrolls sideways, no Japanese UI word is left in English
(names, departments and course titles are data and stay as they are), Tab reaches every
control in visual order with a visible ring and a name, Enter and Esc do what they say.

About 25 s: a small demo city and an HR sign-in per language, three screens and four dialogs
at two sizes; the keyboard walk signs in once more."""

from __future__ import annotations

import os
import random
import re
from datetime import timedelta

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from sqlalchemy import select

from dxtrainer import i18n
from dxtrainer.db.models import Department, Staff
from dxtrainer.i18n import _, ngettext
from dxtrainer.services.container import open_services
from dxtrainer.services.records import SYSTEM_USER, CurrentUser, Role
from dxtrainer.ui import style
from dxtrainer.ui.window_fit import fitted
from tests.conftest import SAMPLE_CONTENT
from tests.services.course_helpers import COURSE, complete_course
from tests.services.test_learning_gain import START, take
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle
from tests.ui.test_dashboard import demo_city
from tests.ui.test_fits_screen import cut_off
from tests.ui.test_keyboard_path import spoken_name

SIZES = {"1366x768": (QRect(0, 0, 1366, 728), 100), "1024x768 text 150%": (QRect(0, 0, 1024, 728), 150)}
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(params=["en", "ja"])
def language(request, qapp):
    i18n.install(request.param)
    yield request.param
    i18n.install("ja")
    style.set_scale(1.0)
    style.set_theme(None)
    style.apply(qapp)


def seed(db_path) -> None:
    """A small city where people took both course tests, some finished the course, received a
    修了証 and answered the survey."""
    demo_city(db_path, staff=40)
    services = open_services(db_path, SAMPLE_CONTENT)
    rng = random.Random(5)
    with services.sessions() as s:
        people = s.execute(select(Staff.id, Staff.staff_no).where(Staff.role == "learner")).all()
    for n, (staff_id, staff_no) in enumerate(people[:30]):
        user = CurrentUser(staff_id, staff_no, "", "", Role.LEARNER)
        take(services, user, "pre", [rng.random() < 0.4 for _ in range(3)], START)
        take(services, user, "post", [rng.random() < 0.8 for _ in range(3)],
             START + timedelta(days=10))
        if n < 12:
            complete_course(services, staff_id)
            services.certificates.issue_due(user)
            services.surveys.answer(user, COURSE, rng.randint(2, 5), rng.randint(1, 5), "参考")
    services.close()


def data_words(services) -> list[str]:
    """Strings that are data, not UI: people, departments, course and lesson titles."""
    with services.sessions() as s:
        words = [*s.scalars(select(Staff.name)), *s.scalars(select(Department.name))]
    index = services.content.index
    words += [c.title for c in index.courses] + [x.title for x in index.lessons]
    return sorted({w for w in words if w}, key=len, reverse=True)


def shown_texts(root: QWidget) -> list[str]:
    """Every word a user sees or hears in `root`: labels, buttons, placeholders, tooltips,
    combo items, accessible names, table headers and the window title."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.isHidden() and not isinstance(widget, QLabel):
            continue
        texts += [widget.accessibleName(), widget.toolTip()]
        if isinstance(widget, QLabel):
            texts.append(TAG.sub("", widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                      for c in range(model.columnCount())]
    return texts


def untranslated(root: QWidget, data: list[str]) -> list[str]:
    left = []
    for text in shown_texts(root):
        for word in data:
            text = text.replace(word, "")
        if JAPANESE.search(text):
            left.append(text)
    return sorted(set(left))


def column_texts(view: QAbstractItemView, column: int) -> list[str]:
    model = view.model()
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def settle(qtbot, runner) -> None:
    for _n in range(2):
        wait_idle(qtbot, runner)
        QApplication.processEvents()


def test_course_screens_fit_and_speak_the_language(qtbot, tmp_path, db_path, language):
    seed(db_path)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    data = data_words(opened[-1])
    english = language == "en"
    shots = os.environ.get("DXTRAINER_SHOTS")
    found: dict[str, list[str]] = {}
    for size, (available, percent) in SIZES.items():
        window.text_size.set_percent(percent)
        window.resize(fitted(available, QSize(4000, 4000), None).size())
        room = available.size() - QSize(16, 40)  # the window manager's frame
        for key in ("certificates", "survey", "dashboard"):
            shell.go(key)
            settle(qtbot, runner)
            screen = shell.stack.currentWidget()
            if key == "dashboard":
                panel = screen.panels["gain"]
                assert panel.isVisible() and "—" in panel.note.text()
                screen.ensureWidgetVisible(panel)
                QApplication.processEvents()
            found[f"{key} at {size}"] = cut_off(window)
            found[f"{key} in English"] = untranslated(screen, data) if english else []
            if shots:
                window.grab().save(os.path.join(shots, f"{key}-{language}-{size}.png"))
        # the words in the tables are translated too
        assert set(column_texts(shell.certificates_admin.table, 6)) == {_("有効")}
        assert column_texts(shell.survey.table, 0)[0] == _("全庁")

        shell.go("staff")
        settle(qtbot, runner)
        admin = shell.staff_admin
        admin.log_button.click()
        log = admin.access_log_dialog
        qtbot.waitUntil(lambda d=log: d.model.rowCount() > 0, timeout=TIMEOUT)
        actions = column_texts(log.table, 2)
        assert _("修了証の一覧を表示") in actions
        assert not [a for a in actions if re.fullmatch(r"[a-z-]+", a)]  # no bare codes
        assert not english or not [a for a in actions if JAPANESE.search(a)]
        assert log.status.text() == ngettext("{n} 件の記録", "{n} 件の記録", len(actions)).format(
            n=len(actions))
        worded = "Course: All, Rows: " if english else "コース: すべて、件数: "
        assert any(d.startswith(worded) for d in column_texts(log.table, 5))
        admin.sync_button.click()
        sync = admin.sync_dialog
        qtbot.waitUntil(lambda d=sync: d.last_export.text() != "", timeout=TIMEOUT)
        bundle = tmp_path / "records.json"  # this database's own records: all already here
        if not bundle.exists():
            bundle.write_bytes(opened[-1].sync.export(SYSTEM_USER))
        with qtbot.waitSignal(sync.previewed, timeout=TIMEOUT):
            sync.preview(str(bundle))  # nine kinds of records, one line each
        assert not sync.apply_button.isEnabled()  # all already here: nothing to import
        from dxtrainer.ui.dialogs.survey_dialog import SurveyDialog

        survey = SurveyDialog("テスト用コース", window)
        qtbot.addWidget(survey)
        survey.open()
        certs = shell.certificates_admin
        certs.table.selectRow(0)
        certs.revoke_button.click()
        revoke = certs.revoke_dialog
        for name, dialog in (("access-log", log), ("sync", sync), ("survey-dialog", survey),
                             ("revoke", revoke)):
            QApplication.processEvents()
            assert dialog.width() <= room.width() and dialog.height() <= room.height(), name
            found[f"{name} at {size}"] = cut_off(dialog)
            found[f"{name} in English"] = untranslated(dialog, data) if english else []
            if shots:
                dialog.grab().save(os.path.join(shots, f"{name}-{language}-{size}.png"))
            dialog.reject()
    wait_idle(qtbot, runner)
    problems = {k: v for k, v in found.items() if v}
    assert problems == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in problems.items())


# ---- keyboard alone ---------------------------------------------------------------------


def ring_round(widget: QWidget) -> bool:
    """The focus ring (ui/keyboard.py) is shown round the widget (or the row it belongs to)."""
    return any(ring.isVisible() and ring.target in (widget, widget.parentWidget())
               for ring in widget.window().findChildren(QWidget, "focusRing"))


def tab_stops(qtbot, start: QWidget, within: QWidget) -> list[QWidget]:
    """Focus `start`, then press Tab until focus comes back to it or leaves `within`; every
    stop is shown, named and ringed."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=TIMEOUT)
    stops = [start]
    for _n in range(30):
        check_stop(qtbot, stops[-1])
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is start or widget is None or not within.isAncestorOf(widget):
            return stops
        stops.append(widget)
    raise AssertionError(f"Tab never left {type(within).__name__}: {stops}")


def check_stop(qtbot, widget: QWidget) -> None:
    assert widget.isVisible(), widget
    assert spoken_name(widget), f"no name: {widget!r}"
    qtbot.waitUntil(lambda: ring_round(widget), timeout=2000)  # the ring follows on the loop


def active(qtbot, dialog: QDialog) -> None:
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)


def test_course_screens_by_keyboard_alone(qtbot, tmp_path, db_path):
    seed(db_path)
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, [])
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)

    # 修了証: in visual order, out of the table with one Tab (no trap); Enter checks a code
    shell.go("certificates")
    settle(qtbot, runner)
    certs = shell.certificates_admin
    stops = tab_stops(qtbot, certs.action_button, certs)
    assert stops == [certs.action_button, certs.code, certs.check_button, certs.course,
                     certs.department, certs.table, certs.revoke_button]
    code = certs.model.row(0).code
    certs.code.setFocus()
    qtbot.keyClicks(certs.code, code.lower())
    with qtbot.waitSignal(certs.checked, timeout=TIMEOUT):
        qtbot.keyClick(certs.code, Qt.Key.Key_Return)
    assert certs.result.isVisible() and "有効な修了証です。" in certs.result.text()
    # revoke by keyboard: a row chosen with the arrows, 取り消す…, a reason, the tick, Enter
    certs.table.setFocus()
    qtbot.keyClick(certs.table, Qt.Key.Key_Down)
    row = certs.selected()
    assert row is not None
    qtbot.keyClick(certs.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is certs.revoke_button
    qtbot.keyClick(certs.revoke_button, Qt.Key.Key_Return)
    revoke = certs.revoke_dialog
    active(qtbot, revoke)
    assert QApplication.focusWidget() is revoke.reason
    qtbot.keyClicks(revoke.reason, "issued by mistake")
    qtbot.keyClick(revoke.reason, Qt.Key.Key_Return)  # not yet: the tick is missing
    assert revoke.isVisible()
    qtbot.keyClick(revoke.reason, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is revoke.confirm
    check_stop(qtbot, revoke.confirm)
    qtbot.keyClick(revoke.confirm, Qt.Key.Key_Space)
    with qtbot.waitSignal(certs.loaded, timeout=TIMEOUT):
        qtbot.keyClick(revoke.confirm, Qt.Key.Key_Return)
    rows = [certs.model.row(i) for i in range(certs.model.rowCount())]
    assert any(r.code == row.code and r.revoked_at is not None for r in rows)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)

    # the dashboard's learning-gain panel: Tab reaches 「表で見る」, Enter shows the table, and
    # Tab goes into the table and out again
    shell.go("dashboard")
    settle(qtbot, runner)
    board = shell.dashboard
    panel = board.panels["gain"]
    assert panel.isVisible()
    stops = tab_stops(qtbot, board.export_buttons["csv"], board)
    assert panel.toggle in stops and board.heatmap in stops  # past the heatmap (no trap)
    assert stops.count(board.heatmap) == 1
    panel.toggle.setFocus()
    qtbot.keyClick(panel.toggle, Qt.Key.Key_Return)
    assert panel.stack.currentWidget() is panel.table and panel.toggle.isChecked()
    qtbot.keyClick(panel.toggle, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.table
    check_stop(qtbot, panel.table)
    qtbot.keyClick(panel.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not panel.table
    panel.toggle.click()

    # 研修アンケートの結果
    shell.go("survey")
    settle(qtbot, runner)
    survey = shell.survey
    stops = tab_stops(qtbot, survey.action_button, survey)
    assert stops == [survey.action_button, survey.course, survey.department, survey.table]

    # the access log: table, save, close; Enter in the table closes (never a file dialog)
    shell.go("staff")
    settle(qtbot, runner)
    admin = shell.staff_admin
    admin.log_button.click()
    log = admin.access_log_dialog
    active(qtbot, log)
    qtbot.waitUntil(lambda: log.model.rowCount() > 0, timeout=TIMEOUT)
    stops = tab_stops(qtbot, log.table, log)
    assert stops == [log.table, log.save_button, log.findChildren(QAbstractButton)[-1]]
    log.table.setFocus()
    qtbot.waitUntil(lambda: stops[-1].isDefault(), timeout=2000)
    with qtbot.waitSignal(log.rejected, timeout=TIMEOUT):
        qtbot.keyClick(log.table, Qt.Key.Key_Return)

    # 学習記録の受け渡し: export, choose a file, the table, close (取り込む waits for a file)
    admin.sync_button.click()
    sync = admin.sync_dialog
    active(qtbot, sync)
    qtbot.waitUntil(lambda: sync.last_export.text() != "", timeout=TIMEOUT)
    stops = tab_stops(qtbot, sync.export_button, sync)
    assert stops[:3] == [sync.export_button, sync.choose_button, sync.table]
    assert len(stops) == 4 and not sync.apply_button.isEnabled()
    sync.table.setFocus()
    qtbot.waitUntil(lambda: stops[-1].isDefault(), timeout=2000)  # Enter there closes
    with qtbot.waitSignal(sync.rejected, timeout=TIMEOUT):
        qtbot.keyClick(sync.table, Qt.Key.Key_Escape)
    wait_idle(qtbot, runner)


def test_survey_dialog_by_keyboard_alone(qtbot):
    from dxtrainer.ui.dialogs.survey_dialog import SurveyDialog

    style.apply(QApplication.instance())
    dialog = SurveyDialog("全職員向けコア")
    qtbot.addWidget(dialog)
    dialog.open()
    active(qtbot, dialog)
    first = dialog.satisfaction.button(1)
    stops = tab_stops(qtbot, first, dialog)
    # one stop per scale (arrows choose within it), then the comment and the three buttons
    assert stops == [first, dialog.usefulness.button(1), dialog.comment,
                     dialog.decline_button, dialog.later_button, dialog.send_button]
    assert all(isinstance(w, QRadioButton) for w in stops[:2])
    # arrows move within a scale, Space chooses; once chosen, arrows change the choice
    first.setFocus()
    for _n in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert dialog.satisfaction.checkedId() == 4 and QApplication.focusWidget() is \
        dialog.satisfaction.button(4)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.usefulness.button(1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert dialog.usefulness.checkedId() == 2
    # Tab in the comment moves on (it does not type a tab); Enter on a choice sends
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.comment
    qtbot.keyClicks(dialog.comment, "ok")
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Tab)
    assert dialog.comment.toPlainText() == "ok"
    assert QApplication.focusWidget() is dialog.decline_button
    dialog.usefulness.button(2).setFocus()
    declined: list = []
    dialog.declined.connect(lambda: declined.append(True))
    with qtbot.waitSignal(dialog.answered, timeout=TIMEOUT) as sent:
        qtbot.keyClick(dialog.usefulness.button(2), Qt.Key.Key_Return)
    assert sent.args == [4, 2, "ok"] and declined == []


def test_esc_on_the_survey_dialog_means_later(qtbot):
    from dxtrainer.ui.dialogs.survey_dialog import SurveyDialog

    dialog = SurveyDialog("全職員向けコア")
    qtbot.addWidget(dialog)
    dialog.open()
    active(qtbot, dialog)
    signals: list = []
    dialog.answered.connect(lambda *a: signals.append(a))
    dialog.declined.connect(lambda: signals.append("declined"))
    with qtbot.waitSignal(dialog.rejected, timeout=TIMEOUT):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert signals == []


def test_every_logged_action_has_words():
    """The access log shows each action in words, never its code: every code written by
    log_access / log_code_event anywhere in dxtrainer/ has a name in messages.py."""
    from pathlib import Path

    from dxtrainer.messages import access_action_name

    source = Path(__file__).resolve().parents[2] / "dxtrainer"
    logged = re.compile(r"log_(?:access|code_event)\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*"
                        r"[^,()]+(?:\([^()]*\))?\s*,\s*\"([a-z-]+)\"")
    codes = {code for path in source.rglob("*.py")
             for code in logged.findall(path.read_text(encoding="utf-8"))}
    assert {"list-certificates", "export-progress", "code-used", "read-access-log"} <= codes
    assert [c for c in sorted(codes) if access_action_name(c) == c] == []


def test_chart_type_follows_the_text_size(qtbot, qapp):
    """The gain panel's bar names, values and axis labels grow with Ctrl + like all other text."""
    from dxtrainer.ui.charts.plots import HorizontalBars

    try:
        style.set_scale(1.5)
        style.apply(qapp)
        chart = HorizontalBars("伸び(ポイント)")
        qtbot.addWidget(chart)
        chart.set_bars(["全体", "総務部"], [32.8, None], ["a", "b"])
        chart.show()
        axis, values = chart.getPlotItem().getAxis("left"), chart.getPlotItem().getAxis("bottom")
        assert axis.style["tickFont"].pointSizeF() == pytest.approx(9.5 * 1.5)
        assert values.labelStyle["font-size"] == "15.0pt"
        style.set_scale(1.0)
        style.apply(qapp)  # Ctrl 0 while the chart is shown
        qtbot.waitUntil(lambda: axis.style["tickFont"].pointSizeF() == pytest.approx(9.5),
                        timeout=TIMEOUT)
        assert values.labelStyle["font-size"] == "10.0pt"
    finally:
        style.set_scale(1.0)
        style.apply(qapp)


def test_access_log_details_are_worded():
    from dxtrainer.ui.dialogs.access_log_dialog import detail_text

    assert detail_text("course= rows=12") == "コース: すべて、件数: 12"
    assert detail_text('{"answers": 772, "attempts": 248}') == "回答: 772、クイズの受験: 248"
    assert detail_text("code=ABCD-EFGH course=core reason=氏名の 誤り") == \
        "確認コード: ABCD-EFGH、コース: core、理由: 氏名の 誤り"
    for as_it_is in ("reminders", "2026-11", "12 statements", "{not json", "[1, 2]"):
        assert detail_text(as_it_is) == as_it_is


def test_survey_results_too_few_answers_say_so_instead_of_a_table_of_dashes(qtbot, services):
    from dxtrainer.ui.screens.survey_screen import SurveyScreen
    from dxtrainer.ui.task_runner import TaskRunner
    from tests.services.course_helpers import add_department, add_person

    hr = add_person(services, "9001", add_department(services, "d1", "総務課"), role="hr")
    runner = TaskRunner()
    screen = SurveyScreen(runner, services, hr)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.refresh()
    assert screen.table.isHidden() and screen.empty.isVisible()
    assert "5 件に満たない" in screen.empty.findChild(QLabel).text()
    wait_idle(qtbot, runner)


def test_enter_on_a_heatmap_row_opens_it_once(qtbot):
    from dxtrainer.ui.charts.heatmap import Heatmap

    heatmap = Heatmap()
    qtbot.addWidget(heatmap)
    heatmap.set_cells(["総務部", "財務部"], ["A", "B"], [[0.5, 0.2], [0.9, None]],
                      [["50%", "20%"], ["90%", "—"]], ["#0072B2", "#E69F00"])
    heatmap.show()
    qtbot.waitExposed(heatmap)
    opened: list[int] = []
    heatmap.row_activated.connect(opened.append)
    heatmap.setFocus()
    heatmap.setCurrentCell(1, 0)
    qtbot.keyClick(heatmap, Qt.Key.Key_Return)
    assert opened == [1]
    cell = heatmap.visualItemRect(heatmap.item(0, 1)).center()
    qtbot.mouseClick(heatmap.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert opened == [1]  # a single click only selects
    qtbot.mouseDClick(heatmap.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert opened == [1, 0]  # a double click opens its row once, as before


def test_a_disabled_primary_button_looks_disabled_in_the_dark_theme(qtbot, qapp):
    """取り込む before a file is chosen: in the dark theme it must not look ready (white bold text
    on grey did)."""
    from dxtrainer.ui.widgets.common import primary_button

    def brightest(button) -> float:
        image = button.grab().toImage()
        return max(image.pixelColor(x, y).lightnessF()
                   for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))

    try:
        style.set_theme("dark")
        style.apply(qapp)
        ready, waiting = primary_button("取り込む"), primary_button("取り込む")
        waiting.setEnabled(False)
        for button in (ready, waiting):
            qtbot.addWidget(button)
            button.show()
        assert brightest(ready) > 0.95  # white text on blue
        assert brightest(waiting) < 0.7  # dim text: visibly not available
    finally:
        style.set_theme(None)
        style.apply(qapp)
