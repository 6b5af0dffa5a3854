"""Draws a 5-level answer distribution (研修アンケート) as a small bar per level, 1 to 5 from left
to right, each with its count beside it, so that the shape shows at a glance. The cell's own text
(read by screen readers, copied with the table and shown as the tooltip) says the same in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

Index = QModelIndex | QPersistentModelIndex
BAR_WIDTH = 9
GAP = 4  # between a bar and its count
SLOT_GAP = 12  # between one level and the next


class SpreadDelegate(QStyledItemDelegate):
    """`counts_of(row)` gives the five counts, or None for a suppressed group (drawn as 「—」)."""

    def __init__(self, counts_of: Callable[[Any], tuple[int, ...] | None], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._counts_of = counts_of

    def _counts(self, index: Index) -> tuple[int, ...] | None:
        model = index.model()
        row = getattr(model, "row", None)
        return self._counts_of(row(index.row())) if row is not None else None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        counts = self._counts(index)
        if not counts:
            super().paint(painter, option, index)
            return
        painter.save()
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter,
                              option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = (palette.highlightedText() if selected else palette.text()).color()
        bar_colour = _bar_colour(text_colour if selected else None)
        metrics = painter.fontMetrics()
        rect = option.rect.adjusted(6, 5, -6, -5)
        tallest = max(counts) or 1
        x = rect.left()
        for n in counts:
            height = round(rect.height() * n / tallest) if n else 0
            if n and height < 2:
                height = 2
            painter.fillRect(QRect(x, rect.bottom() - height + 1, BAR_WIDTH, height), bar_colour)
            painter.fillRect(QRect(x, rect.bottom(), BAR_WIDTH, 1), text_colour)  # the baseline
            x += BAR_WIDTH + GAP
            label = str(n)
            painter.setPen(text_colour)
            painter.drawText(QRect(x, rect.top(), metrics.horizontalAdvance(label) + 2,
                                   rect.height()), Qt.AlignmentFlag.AlignVCenter, label)
            x += _count_width(metrics) + SLOT_GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        base = super().sizeHint(option, index)
        if not self._counts(index):
            return base
        metrics = option.fontMetrics
        width = 12 + 5 * (BAR_WIDTH + GAP + _count_width(metrics)) + 4 * SLOT_GAP
        return QSize(width, max(base.height(), metrics.height() + 12))

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: ANN001, N802
        """The words as the tooltip: 「1(低い): 0 人、2: 4 人、…」."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if event.type() == event.Type.ToolTip and text:
            QToolTip.showText(event.globalPos(), str(text), view)
            return True
        return super().helpEvent(event, view, option, index)


def _count_width(metrics) -> int:  # noqa: ANN001
    return metrics.horizontalAdvance("000")


def _bar_colour(selected_text: QColor | None) -> QColor:
    if selected_text is not None:
        return selected_text
    from dxtrainer.ui.style import chart_colours

    return QColor(chart_colours()[2])
