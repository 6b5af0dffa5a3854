"""The manager's 督促 screen: the list of people who have not finished, export, the reminder text
to copy; only managers get it in the navigation."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from PySide6.QtGui import QGuiApplication

from dxtrainer.services.records import Role
from dxtrainer.ui.task_runner import TaskRunner
from tests.services.test_reminders import manager_of
from tests.services.test_reporting import hr_user, make_org, take_quiz
from tests.ui.helpers import TIMEOUT


def test_a_manager_chases_up_their_section(qtbot, services, tmp_path):
    from dxtrainer.ui.screens.reminders_screen import RemindersScreen
    from dxtrainer.ui.shell import Shell

    org = make_org(services, {"a1": 3, "a2": 2, "b1": 2})
    hr = hr_user(services)
    deadline = date.today() + timedelta(days=10)
    services.assignments.create(hr, "情報セキュリティ研修", ["sample-basics"], deadline)
    take_quiz(services, org["a1"][1])
    manager = manager_of(services, org["a1"][0])
    runner = TaskRunner()

    shell = Shell(runner, services, manager)
    qtbot.addWidget(shell)
    assert "reminders" in shell.nav_buttons
    learner = Shell(runner, services, dataclasses.replace(org["a1"][2], role=Role.LEARNER))
    qtbot.addWidget(learner)
    assert "reminders" not in learner.nav_buttons

    screen = RemindersScreen(runner, services, manager)
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.refresh()
    assert screen.choice.count() == 1 and "未修了 2 人" in screen.choice.itemText(0)
    assert screen.model.rowCount() == 2
    assert "対象 3 人のうち、まだ修了していない職員は 2 人です。" == screen.summary.text()
    text = screen.text.toPlainText()
    assert "情報セキュリティ研修" in text and f"{deadline.year}年{deadline.month}月" in text
    assert org["a1"][2].name not in text  # the reminder names none of them
    assert f"ご不明な点は{manager.name}まで" in text
    screen.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    target = tmp_path / "list.csv"
    with qtbot.waitSignal(runner.idle, timeout=TIMEOUT):
        screen.save("csv", str(target))
    saved = target.read_bytes().decode("utf-8-sig")
    assert org["a1"][2].name in saved and org["a1"][1].name not in saved
