"""The page shown when the database cannot be opened: what is wrong, and the one next step that
fits it (open read-only, try again, or set a damaged file aside). Only damage offers to start
afresh; a database that is merely read-only, locked or far away is never set aside."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from dxtrainer.i18n import _
from dxtrainer.ui.task_runner import describe_error
from dxtrainer.ui.widgets.common import label, primary_button

RETRY_CODES = {"database-locked", "database-unreachable", "database-busy",
               "database-connection-lost", "internal"}


class OpenErrorPage(QWidget):
    read_only_requested = Signal()
    retry_requested = Signal()
    set_aside_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.code = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.setSpacing(16)
        layout.addWidget(label(_("データベースを開けませんでした"), "title"))
        self.text = label("", wrap=True, selectable=True)
        self.text.setMaximumWidth(760)
        layout.addWidget(self.text)
        self.note = label("", "muted", wrap=True, selectable=True)
        self.note.setMaximumWidth(760)
        layout.addWidget(self.note)
        row = QGridLayout()  # two to a row, so that the long labels fit a 1024-wide screen
        self.read_only_button = primary_button(_("読み取り専用で開く(報告や記録を見るだけ)"))
        self.read_only_button.clicked.connect(self.read_only_requested)
        self.retry_button = primary_button(_("もう一度試す"))
        self.retry_button.clicked.connect(self.retry_requested)
        self.set_aside_button = primary_button(_("壊れたファイルを別の名前で残して、新しく始める"))
        self.set_aside_button.clicked.connect(self.set_aside_requested)
        self.quit_button = QPushButton(_("終了する"))
        self.quit_button.clicked.connect(self.quit_requested)
        for number, button in enumerate((self.read_only_button, self.retry_button,
                                         self.set_aside_button, self.quit_button)):
            row.addWidget(button, number // 2, number % 2)
        row.setColumnStretch(2, 1)
        layout.addLayout(row)
        layout.addStretch(1)

    @property
    def action(self) -> QPushButton | None:
        """The highlighted next step, if this problem has one."""
        for button in (self.read_only_button, self.retry_button, self.set_aside_button):
            if not button.isHidden():
                return button
        return None

    def show_error(self, exc: BaseException, *, can_set_aside: bool = True) -> None:
        """Word the failure and offer only the step that fits it."""
        self.code = getattr(exc, "code", "internal")
        self.text.setText(describe_error(exc))
        detail = getattr(exc, "detail", None)
        path = str(detail.get("path") or "") if isinstance(detail, dict) else ""
        self.note.setText(_("場所: {path}").format(path=path) if path else "")
        self.note.setVisible(bool(path))
        self.read_only_button.setVisible(self.code == "database-read-only")
        self.retry_button.setVisible(self.code in RETRY_CODES)
        self.set_aside_button.setVisible(self.code == "database-damaged" and can_set_aside)
        if self.code == "database-read-only":
            self._add_note(_("「読み取り専用で開く」を選ぶと、報告や記録を見ることができます(新しい記録は"
                             "保存できません)。"))
        if self.code == "database-damaged":
            self._add_note(_(
                "「別の名前で残して、新しく始める」を押すと、今のファイルを複製して残してから、空の"
                "データベースで始めます。残したファイルは、情報システム担当者が復旧に使えます。"))
        action = self.action
        (action or self.quit_button).setFocus()

    def _add_note(self, text: str) -> None:
        self.note.setText("\n\n".join(filter(None, [self.note.text(), text])))
        self.note.setVisible(True)

    def show_message(self, text: str) -> None:
        """A failure of the next step itself (setting the file aside was refused)."""
        self.note.setText(text)
        self.note.setVisible(True)
