"""Drive the real main window with pytest-qt: open a database, sign in, wait on signals."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from dxtrainer.services.container import open_services
from dxtrainer.ui.main_window import MainWindow
from dxtrainer.ui.task_runner import TaskRunner

# Caps on waiting for a signal, not speed targets: a shared CI machine under load can be slow.
TIMEOUT = 30_000
DEMO_TIMEOUT = 120_000  # building the demo organisation (300 people) on a busy machine


def make_window(qtbot, tmp_path: Path, db_path: Path, content: Path, opened: list):
    from PySide6.QtWidgets import QApplication

    from dxtrainer.ui import style

    style.apply(QApplication.instance())
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    def opener(demo: bool, report=None):
        services = open_services(db_path, content)
        opened.append(services)
        return services

    window = MainWindow(runner, settings, opener, lambda exc: None)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.services_ready, timeout=TIMEOUT):
        window.open_database()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
    return window, runner


def sign_in(qtbot, window: MainWindow, staff_no: str, pin: str, code: str | None = None):
    """Find the person by 職員番号 in the search box, press Enter, type the PIN; at first sign-in
    the 初期コード first (`code`, or the demo city's published one) and the new PIN twice."""
    from dxtrainer.services.initial_codes import DEMO_CODE
    from dxtrainer.ui.models.staff_model import ROW_ROLE

    screen = window.signin
    qtbot.waitUntil(lambda: screen.list.model().rowCount() > 0, timeout=TIMEOUT)
    qtbot.keyClicks(screen.search, staff_no)
    assert screen.list.model().rowCount() == 1
    assert screen.list.model().index(0, 0).data(ROW_ROLE).staff_no == staff_no
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.pin_dialog is not None and screen.pin_dialog.isVisible(),
                    timeout=TIMEOUT)
    dialog = screen.pin_dialog
    if dialog.first_sign_in:
        dialog.code.setText(code or DEMO_CODE)
    dialog.pin.setText(pin)
    dialog.repeat.setText(pin)
    with qtbot.waitSignal(window.signed_in, timeout=TIMEOUT):
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    shell = window.shell
    qtbot.waitUntil(lambda: shell.home.view is not None, timeout=TIMEOUT)
    return shell


def wait_idle(qtbot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)


def read_to_end(qtbot, lesson) -> None:
    """Read the open lesson to the end as a learner does: scroll to the bottom, or press
    「最後まで読みました」 when it fits on one screen; waits until the screen has reloaded."""
    qtbot.waitUntil(lambda: lesson.browser.verticalScrollBar().maximum() > 0
                    or lesson.read_button.isVisible(), timeout=TIMEOUT)
    with qtbot.waitSignal(lesson.loaded, timeout=TIMEOUT):
        bar = lesson.browser.verticalScrollBar()
        if bar.maximum() > 0:
            bar.setValue(bar.maximum())
        else:
            lesson.read_button.click()


def shot(widget, name: str) -> None:
    """Save `widget` as DXTRAINER_SHOTS/name.png when that folder is set (to look at)."""
    folder = os.environ.get("DXTRAINER_SHOTS")
    if folder:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()  # children added just now show on the next event round
        widget.grab().save(os.path.join(folder, f"{name}.png"))
