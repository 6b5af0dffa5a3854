"""Draws a sign-in list row as 氏名 (large), フリガナ and 所属 (muted), so namesakes stand apart."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dxtrainer.ui.models.staff_model import ROW_ROLE

Index = QModelIndex | QPersistentModelIndex


class StaffDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            super().paint(painter, option, index)
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        text_option = QStyleOptionViewItem(option)
        self.initStyleOption(text_option, index)
        text_option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_option, painter,
                              option.widget)
        palette = option.palette
        rect = option.rect.adjusted(12, 6, -12, -6)
        base_font = QFont(painter.font())
        name_font = _scaled(base_font, 1.15)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(palette.text().color())
        name_width = painter.fontMetrics().horizontalAdvance(row.name) + 14
        painter.drawText(QRect(rect.left(), rect.top(), name_width, rect.height()),
                         Qt.AlignmentFlag.AlignVCenter, row.name)
        painter.setFont(base_font)
        muted = palette.placeholderText().color()
        painter.setPen(muted)
        painter.drawText(QRect(rect.left() + name_width, rect.top(), rect.width() - name_width,
                               rect.height()), Qt.AlignmentFlag.AlignVCenter,
                         f"{row.kana}   {row.department}")
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        base = super().sizeHint(option, index)
        return QSize(base.width(), max(base.height(), 40))


def _scaled(font: QFont, factor: float) -> QFont:
    """A copy of `font`, larger by `factor` (stylesheets give sizes in px, not points)."""
    copy = QFont(font)
    if copy.pointSizeF() > 0:
        copy.setPointSizeF(copy.pointSizeF() * factor)
    elif copy.pixelSize() > 0:
        copy.setPixelSize(round(copy.pixelSize() * factor))
    return copy
