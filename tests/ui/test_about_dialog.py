"""このアプリについて: version and the third-party licences, reachable with F1."""

from __future__ import annotations

from dxtrainer import __version__
from tests.conftest import REPO


def test_the_dialog_shows_the_version_and_every_licence(qtbot):
    from dxtrainer.ui.dialogs.about_dialog import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert __version__ in dialog.version_text.text()
    files = list((REPO / "resources" / "licenses").glob("*.txt"))
    assert dialog.list.count() == len(files) >= 15
    assert dialog.list.item(0).text().startswith("PySide6")  # Qt's LGPL notice comes first
    assert "LGPL-3.0" in dialog.list.item(0).text()
    assert "GNU Lesser General Public License" in dialog.text.toPlainText()
    row = next(i for i, n in enumerate(dialog.notices) if n.name.lower() == "sqlalchemy")
    dialog.list.setCurrentRow(row)
    assert "Permission is hereby granted" in dialog.text.toPlainText()
    for widget in (dialog.list, dialog.text, dialog.version_text):
        assert widget.accessibleName()


def test_a_missing_licence_folder_is_said_in_words(qtbot, tmp_path):
    from dxtrainer.ui.dialogs.about_dialog import AboutDialog

    dialog = AboutDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 0
    assert "見つかりません" in dialog.text.toPlainText()


def test_f1_on_the_sign_in_screen_opens_it(qtbot):
    from PySide6.QtCore import Qt

    from dxtrainer.ui.screens.signin_screen import SignInScreen
    from dxtrainer.ui.task_runner import TaskRunner

    screen = SignInScreen(TaskRunner())
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(screen.isActiveWindow, timeout=5_000)
    qtbot.keyClick(screen.search, Qt.Key.Key_F1)  # where the focus is at sign-in
    dialog = screen.about_dialog
    assert dialog.isVisible() and dialog.list.count() > 0
    dialog.close()
