"""Department × category mastery as a shaded table: the number is always written in the cell,
so the colour never carries the meaning alone."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

LOW, HIGH = QColor("#FFFFFF"), QColor("#1A4F8B")


def shade(value: float) -> QColor:
    v = max(0.0, min(1.0, value))
    return QColor(round(LOW.red() + (HIGH.red() - LOW.red()) * v),
                  round(LOW.green() + (HIGH.green() - LOW.green()) * v),
                  round(LOW.blue() + (HIGH.blue() - LOW.blue()) * v))


class Heatmap(QTableWidget):
    row_activated = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMinimumHeight(220)
        self.setTabKeyNavigation(False)  # arrows move between cells; Tab moves on (no trap)
        self.cellDoubleClicked.connect(lambda row, _col: self.row_activated.emit(row))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter on a cell opens its department, as a double click does."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.row_activated.emit(self.currentRow())
            return
        super().keyPressEvent(event)

    def set_cells(self, rows: Sequence[str], columns: Sequence[str],
                  values: Sequence[Sequence[float | None]], texts: Sequence[Sequence[str]],
                  column_colours: Sequence[str]) -> None:
        self.clear()
        self.setRowCount(len(rows))
        self.setColumnCount(len(columns))
        self.setHorizontalHeaderLabels(list(columns))
        self.setVerticalHeaderLabels(list(rows))
        for c, colour in enumerate(column_colours):
            header = self.horizontalHeaderItem(c)
            header.setForeground(QBrush(QColor("#102A43")))
            header.setToolTip(columns[c])
            header.setData(Qt.ItemDataRole.DecorationRole, QColor(colour))
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                item = QTableWidgetItem(texts[r][c])
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if value is not None:
                    item.setBackground(QBrush(shade(value)))
                    item.setForeground(QBrush(QColor("#FFFFFF" if value > 0.55 else "#102A43")))
                item.setToolTip(f"{rows[r]} / {columns[c]}: {texts[r][c]}")
                self.setItem(r, c, item)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Show every row without an inner scroll bar (the page itself scrolls).
        self.resizeRowsToContents()
        height = self.horizontalHeader().sizeHint().height() + sum(
            self.rowHeight(r) for r in range(self.rowCount())) + 6
        self.setMinimumHeight(max(160, height))
