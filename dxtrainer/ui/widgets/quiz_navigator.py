"""The quiz navigator (as in Moodle): one button per question showing answered / not yet /
flagged in words and marks, never by colour alone; click or Enter jumps to the question.
The buttons flow onto as many rows as the width needs (30 questions fit at 1024×768)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from dxtrainer.i18n import _
from dxtrainer.ui.style import set_role
from dxtrainer.ui.widgets.flow_layout import FlowLayout

ANSWERED_MARK = "●"
TODO_MARK = "○"
FLAG_MARK = "⚑"


def legend() -> str:
    return _("{answered} 回答済み  {todo} 未回答  {flag} 見直し印").format(
        answered=ANSWERED_MARK, todo=TODO_MARK, flag=FLAG_MARK)


def state_words(answered: bool, flagged: bool) -> str:
    words = _("回答済み") if answered else _("未回答")
    return words + (_("、見直し印あり") if flagged else "")


class QuizNavigator(QWidget):
    """Question buttons in rows that wrap; `jump(index)` is emitted when one is pressed."""

    jump = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("問題の一覧"))
        self._layout = FlowLayout(self, spacing=4)
        self.buttons: list[QPushButton] = []

    def set_count(self, count: int) -> None:
        for button in self.buttons:
            button.setParent(None)
            button.deleteLater()
        self.buttons = []
        for i in range(count):
            button = QPushButton()
            button.setProperty("navigator", "true")
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, i=i: self.jump.emit(i))
            self._layout.addWidget(button)
            self.buttons.append(button)

    def show_states(self, answered: list[bool], flagged: list[bool], current: int) -> None:
        for i, button in enumerate(self.buttons):
            mark = ANSWERED_MARK if answered[i] else TODO_MARK
            button.setText(f"{mark} {i + 1}" + (f" {FLAG_MARK}" if flagged[i] else ""))
            words = _("問 {n}: {state}").format(n=i + 1,
                                                state=state_words(answered[i], flagged[i]))
            if i == current:
                words += _("(表示中)")
            button.setAccessibleName(words)
            button.setToolTip(words)
            set_role(button, "state", "answered" if answered[i] else "todo")
            set_role(button, "flagged", "true" if flagged[i] else "false")
            set_role(button, "current", "true" if i == current else "false")
