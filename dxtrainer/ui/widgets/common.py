"""Small building blocks shared by the screens: labels with a style role, cards, chips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from dxtrainer.domain.progress import LessonStatus
from dxtrainer.i18n import _


def label(text: str = "", role: str | None = None, *, wrap: bool = False,
          selectable: bool = False) -> QLabel:
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def card(parent: QWidget | None = None) -> QFrame:
    frame = QFrame(parent)
    frame.setProperty("card", True)
    return frame


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("primary", True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def status_text(status: LessonStatus | str) -> str:
    return {
        LessonStatus.NOT_STARTED: _("未着手"),
        LessonStatus.IN_PROGRESS: _("学習中"),
        LessonStatus.COMPLETED: _("✔ 修了"),
    }[LessonStatus(status)]


def chip(text: str, kind: str) -> QLabel:
    widget = QLabel(text)
    widget.setProperty("chip", kind)
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    widget.setSizePolicy(widget.sizePolicy().horizontalPolicy(), widget.sizePolicy().verticalPolicy())
    return widget


def empty_state(message: str, parent: QWidget | None = None) -> QWidget:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    text = label(message, "muted", wrap=True)
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addStretch(1)
    layout.addWidget(text)
    layout.addStretch(1)
    return box
