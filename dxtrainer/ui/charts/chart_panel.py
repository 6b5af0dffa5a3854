"""A titled card holding a chart and the same numbers as a table (「表で見る」), copyable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from dxtrainer.i18n import _
from dxtrainer.ui.widgets.common import carded, label
from dxtrainer.ui.widgets.flow_layout import FlowLayout


class ChartPanel(QWidget):
    """Title + 「表で見る」 toggle + a stack of (chart, table)."""

    def __init__(self, title: str, chart: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = carded(self)
        head = FlowLayout(spacing=6)  # wraps at large text sizes
        self.title = label(title, "subtitle")
        if not chart.accessibleName():
            chart.setAccessibleName(title)  # the chart is named by its panel's title
        head.addWidget(self.title)
        head.addStretch()
        self.toggle = QPushButton(_("表で見る"))
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(_("{title}を表で見る").format(title=title))
        self.toggle.toggled.connect(self._on_toggle_toggled)
        head.addWidget(self.toggle)
        layout.addLayout(head)
        self.note = label("", "muted", wrap=True)
        self.note.setVisible(False)
        layout.addWidget(self.note)
        self.stack = QStackedWidget()
        self.chart = chart
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab moves on
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName(title)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, activated=self.copy_table)
        self.stack.addWidget(chart)
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)

    def _on_toggle_toggled(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.table if on else self.chart)
        self.toggle.setText(_("グラフで見る") if on else _("表で見る"))

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def set_table(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
                  right_align_from: int = 1) -> None:
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(list(headers))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if c >= right_align_from:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def table_text(self) -> str:
        headers = [self.table.horizontalHeaderItem(c).text()
                   for c in range(self.table.columnCount())]
        lines = ["\t".join(headers)]
        for r in range(self.table.rowCount()):
            lines.append("\t".join(self.table.item(r, c).text() if self.table.item(r, c) else ""
                                   for c in range(self.table.columnCount())))
        return "\n".join(lines)

    def copy_table(self) -> None:
        """Copy the selection (or the whole table) as tab-separated text for Excel."""
        ranges = self.table.selectedRanges()
        if not ranges:
            QApplication.clipboard().setText(self.table_text())
            return
        lines = []
        for rng in ranges:
            for r in range(rng.topRow(), rng.bottomRow() + 1):
                lines.append("\t".join(
                    self.table.item(r, c).text() if self.table.item(r, c) else ""
                    for c in range(rng.leftColumn(), rng.rightColumn() + 1)))
        QApplication.clipboard().setText("\n".join(lines))
