"""Small building blocks shared by the screens: labels with a style role, cards, chips."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

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
        LessonStatus.NEEDS_RETAKE: _("要再受講"),
    }[LessonStatus(status)]


def chip(text: str, kind: str) -> QLabel:
    widget = QLabel(text)
    widget.setProperty("chip", kind)
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
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


def ok_cancel(dialog: QDialog, ok_text: str, on_ok: Callable[[], None]) -> QDialogButtonBox:
    """「ok_text」 and キャンセル for a dialog that checks its input before accepting."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("キャンセル"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def data_table(model: QAbstractItemModel, stretch: int | None = None) -> QTableView:
    """A read-only table of whole rows, sized to its contents (one column may stretch)."""
    view = QTableView()
    view.setModel(model)
    columns = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
               for c in range(min(model.columnCount(), 3))]
    view.setAccessibleName(_("表: {columns} など").format(columns=_("、").join(columns)))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # arrows move between rows; Tab leaves the table (no trap)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(200)  # 10,000 staff must not freeze the screen
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def size_for_text(dialog: QDialog, ems: int = 26) -> None:
    """Call from a dialog's showEvent when it holds wrapped sentences: a comfortable reading
    width for the text size (never wider than the screen), and as tall as the sentences need
    at that width, so that no line or control is squeezed."""
    layout = dialog.layout()
    if layout is None:
        return
    room = dialog.screen().availableGeometry().width() - 40
    width = max(layout.minimumSize().width(),
                min(room, max(dialog.width(), dialog.fontMetrics().height() * ems)))
    dialog.resize(width, max(dialog.height(), layout.totalHeightForWidth(width)))


def scroll_page(page: QScrollArea) -> None:
    """Make a scroll area the calm page background that screens scroll in."""
    page.setObjectName("page")
    page.setWidgetResizable(True)
    page.setFrameShape(QFrame.Shape.NoFrame)


def centred_column(page: QScrollArea, spacing: int = 12, width: int = 820) -> QVBoxLayout:
    """Make `page` a scrolling page with one centred reading column at most `width` wide;
    returns the column's layout."""
    scroll_page(page)
    body = QWidget()
    body.setObjectName("pageBody")
    body.setMaximumWidth(width)
    holder = QWidget()
    holder.setObjectName("pageBody")
    centre = QHBoxLayout(holder)
    centre.addWidget(body)
    page.setWidget(holder)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(24, 24, 24, 24)
    layout.setSpacing(spacing)
    return layout


def carded(widget: QWidget, margins: tuple[int, int, int, int] = (16, 12, 16, 12)) -> QVBoxLayout:
    """Put a white card inside `widget` and return the card's layout."""
    frame = card(widget)
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(frame)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(*margins)
    return layout


def sized_by_current_page(stack: QStackedWidget) -> None:
    """Let a stack need only the room of the page it shows (Qt's own takes the largest page's
    minimum, so a hidden page could squeeze or cut off what is shown at large text sizes)."""
    own: dict[int, QSizePolicy] = {}  # each page's own size policy, given back while it is shown

    def follow(_index: int = 0) -> None:
        for i in range(stack.count()):
            page = stack.widget(i)
            policy = own.setdefault(id(page), page.sizePolicy())
            if page is not stack.currentWidget():
                policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            page.setSizePolicy(policy)
        stack.updateGeometry()

    stack.currentChanged.connect(follow)
    follow()
