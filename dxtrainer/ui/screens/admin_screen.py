"""The frame of the HR screens: a title with the screen's main action on the right, in a page
that scrolls down when the window is too short for its tables (large text, small screens)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label, primary_button, scroll_page
from dxtrainer.ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from dxtrainer.services.container import Services


class AdminScreen(QWidget):
    loaded = Signal()

    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser, title: str,
                 action: str, on_action: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.setAccessibleName(title)  # what a screen reader says when the page takes focus
        self._runner, self._services, self._user = runner, services, user
        self.stale = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page = QScrollArea()
        scroll_page(self.page)
        inner = QWidget()
        inner.setObjectName("pageBody")
        self.page.setWidget(inner)
        outer.addWidget(self.page)
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(28, 20, 28, 20)
        head = FlowLayout(spacing=6)  # wraps at large text sizes
        head.addWidget(label(title, "title"))
        head.addStretch()
        self.action_button: QPushButton = primary_button(action)
        self.action_button.clicked.connect(on_action)
        head.addWidget(self.action_button)
        self.body.addLayout(head)
