"""Ctrl+F in the shell: type a query, activate a result, the lesson opens at that section."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from dxtrainer.services.container import open_services
from dxtrainer.ui.task_runner import TaskRunner
from tests.conftest import first_sign_in
from tests.ui.helpers import TIMEOUT

REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_search_opens_the_lesson_at_the_section(qtbot, db_path, staff, tmp_path) -> None:
    from dxtrainer.ui.shell import Shell

    services = open_services(db_path, REAL_CONTENT)
    try:
        user = first_sign_in(services, staff[0], "1234").user
        runner = TaskRunner()
        shell = Shell(runner, services, user)
        qtbot.addWidget(shell)
        shell.resize(1200, 800)
        shell.show()
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
        qtbot.keyClick(shell, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        dialog = shell.search_dialog
        assert dialog.isVisible()
        for char in "わんすとっぷ":  # QTest.keyClicks takes ASCII only: send the typed text
            QApplication.sendEvent(dialog.query, QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))
        texts = [dialog.results.item(i).text() for i in range(dialog.results.count())]
        row = next(i for i, t in enumerate(texts) if "北見市の例" in t.split("\n")[0])
        assert "【ワンストップ】" in texts[row]
        dialog.grab().save(str(tmp_path / "search.png"))
        dialog.results.setCurrentRow(row)
        with qtbot.waitSignal(shell.lesson.loaded, timeout=TIMEOUT):
            qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
        assert not dialog.isVisible()
        assert shell.stack.currentWidget() is shell.lesson
        view = shell.lesson.view
        assert view.id == "online-frontyard"
        anchor = next(t.anchor for t in view.toc if t.title.endswith("北見市の例"))
        bar = shell.lesson.browser.verticalScrollBar()
        opened_at = bar.value()
        assert opened_at > 0
        bar.setValue(0)
        shell.lesson.browser.scrollToAnchor(anchor)  # what the 目次 does
        assert bar.value() == opened_at
    finally:
        services.close()
