"""Home shows 要再受講 apart from the completed lessons after a lesson's `version` bump."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.ui.screens.home_screen import HomeScreen
from tests.services.test_content_versions import LESSON, bumped

TRAINER = CurrentUser(0, "", "研修 花子", "", Role.TRAINER)


def test_home_counts_needs_retake_apart(qtbot, services, user, tmp_path):
    services.training.open_lesson(user, LESSON)
    services.training.mark_read(user, LESSON)
    assert services.publishing.publish(TRAINER, bumped(tmp_path, "v2", "version: 1",
                                                       "version: 2")).publication
    view = services.training.home(user)
    assert (view.completed, view.needs_retake) == (0, 1)
    screen = HomeScreen(None, None, user,  # type: ignore[arg-type]
                        settings=QSettings(str(tmp_path / "h.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(screen)
    screen.resize(1100, 800)
    screen._on_home_loaded((view, []))
    screen.show()
    assert screen.retake_label is not None and screen.retake_label.isVisible()
    assert "要再受講 1 レッスン" in screen.retake_label.text()
    assert screen.continue_button.text() == "もう一度受講する"  # the lesson to read again
    screen.group_box.setChecked(True)  # by category: the category head counts it too
    assert screen.retake_label is not None and screen.retake_label.isVisible()
