"""The lesson reader shows where an external link leads and opens it only after a confirmation."""

from __future__ import annotations

import shutil
from datetime import datetime

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QMessageBox

from dxtrainer.db.models import Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.ui.dialogs import external_link_dialog
from dxtrainer.ui.screens import lesson_screen
from dxtrainer.ui.screens.lesson_screen import LessonScreen
from dxtrainer.ui.task_runner import TaskRunner
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT


def test_external_link_shows_its_address_and_asks_before_opening(qtbot, tmp_path, monkeypatch):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    lesson = root / "lessons" / "sample-basics.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "## まとめ", "詳しくは [デジタル庁の資料](https://www.digital.go.jp/policies) を見てください。\n\n## まとめ"),
        encoding="utf-8")
    services = open_services(tmp_path / "db.sqlite3", root)
    try:
        with services.sessions.begin() as s:
            person = Staff(staff_no="1", name="山田 花子", kana="ヤマダ", role="learner",
                           active=True, created_at=datetime.now())
            s.add(person)
            s.flush()
            user = CurrentUser(person.id, "1", "山田 花子", "", Role.LEARNER)
        screen = LessonScreen(TaskRunner(), services.training, user, lambda _t: None)
        qtbot.addWidget(screen)
        with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
            screen.open_lesson("sample-basics")
        assert "デジタル庁の資料 (↗ www.digital.go.jp)" in screen.browser.toPlainText()
        opened: list[str] = []
        monkeypatch.setattr(lesson_screen.QDesktopServices, "openUrl",
                            lambda url: opened.append(url.toString()) or True)
        answers = iter([False, True])
        asked: list[str] = []
        monkeypatch.setattr(external_link_dialog, "confirm_external_link",
                            lambda _parent, url: asked.append(url.toString()) or next(answers))
        url = QUrl("https://www.digital.go.jp/policies")
        screen.browser.anchorClicked.emit(url)  # 「開かない」
        assert asked == ["https://www.digital.go.jp/policies"] and opened == []
        screen.browser.anchorClicked.emit(url)  # 「ブラウザで開く」
        assert opened == ["https://www.digital.go.jp/policies"]
    finally:
        services.close()


def test_the_confirmation_names_the_address_and_defaults_to_not_opening(qtbot, monkeypatch):
    seen: list[str] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.informativeText())
        box.reject()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    QTimer.singleShot(0, answer)
    assert external_link_dialog.confirm_external_link(parent, QUrl("https://example.jp/a")) is False
    assert "https://example.jp/a" in seen[0]
