"""A clickable, keyboard-operable card for one lesson on the course map."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _
from dxtrainer.messages import category_name
from dxtrainer.services.records import LessonCard
from dxtrainer.ui.style import CATEGORY_COLOURS, set_role
from dxtrainer.ui.widgets.common import chip, label, status_text
from dxtrainer.ui.widgets.flow_layout import FlowLayout


def quiz_words(item: LessonCard) -> str:
    """What the card says about the quiz: answers so far in an open attempt, else the best."""
    if item.quiz_in_progress:
        return _("クイズ {n}/{total} 回答済み").format(n=item.quiz_answered,
                                                     total=item.quiz_questions)
    if item.best_score is not None:
        return _("最高 {p}").format(p=format_percent(item.best_score))
    if item.has_quiz:
        return _("クイズ未受験")
    return ""


class LessonCardWidget(QFrame):
    activated = Signal(str)

    def __init__(self, item: LessonCard, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson_id = item.id
        self.setProperty("card", True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(104)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 12, 0)
        bar = QFrame()
        bar.setProperty("categoryBar", True)
        bar.setStyleSheet(f"background: {CATEGORY_COLOURS[item.category.value]};")
        outer.addWidget(bar)
        body = QVBoxLayout()
        body.setContentsMargins(10, 10, 0, 10)
        title = label(_("第{n}課 {title}").format(n=number, title=item.title), "cardTitle",
                      wrap=True)
        body.addWidget(title)
        meta = FlowLayout(spacing=6)  # wraps at large text sizes
        meta.addWidget(chip(status_text(item.status), item.status.value))
        if item.counted:  # the category in words, not by the bar's colour alone
            meta.addWidget(label(category_name(item.category), "muted"))
        meta.addWidget(label(_("約{m}分").format(m=item.minutes), "muted"))
        quiz = quiz_words(item)
        if quiz:
            meta.addWidget(label(quiz, "muted"))
        if not item.counted:
            meta.addWidget(chip(_("集計対象外"), "fail"))
        meta.addStretch()
        body.addLayout(meta)
        outer.addLayout(body, 1)
        self.setAccessibleName(_("第{n}課 {title}、{status}、約{m}分、{quiz}").format(
            n=number, title=item.title, status=status_text(item.status), m=item.minutes,
            quiz=quiz or _("クイズなし")))
        self.setToolTip(_("クリックまたは Enter キーで開きます"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.activated.emit(self.lesson_id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.lesson_id)
            return
        super().keyPressEvent(event)

    def enterEvent(self, event) -> None:  # noqa: ANN001, N802
        set_role(self, "hover", True)
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: ANN001, N802
        set_role(self, "hover", False)
        super().leaveEvent(event)
