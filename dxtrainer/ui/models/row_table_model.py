"""A read-only table model over a list of row dataclasses, reset as a whole after each query."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align_right: bool = False


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._search = None
        self._sorted: tuple[Callable[[Any], Any], bool] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search: list[str] | None = None
        if self._sorted is not None:  # a refresh keeps the order the user chose
            self._rows.sort(key=self._sorted[0], reverse=self._sorted[1])
        self.endResetModel()

    def row(self, index: int) -> Any:
        return self._rows[index]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        spec = self._columns[column]
        key = spec.sort or spec.text

        def safe(row: Any) -> tuple[bool, Any]:
            value = key(row)
            return (value is None, value)

        self._sorted = (safe, order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        self._rows.sort(key=safe, reverse=self._sorted[1])
        self._search = None
        self.endResetModel()

    def search_text(self, index: int) -> str:
        """Every column's text of one row, folded for search (computed once per reset)."""
        if self._search is None:
            from dxtrainer.ui.models.staff_model import fold

            self._search = [fold("|".join(c.text(r) for c in self._columns)) for r in self._rows]
        return self._search[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._columns[index.column()]
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if column.align_right
                          else Qt.AlignmentFlag.AlignLeft)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title
        return None


class RowFilterModel(QSortFilterProxyModel):
    """Sorts by SORT_ROLE and filters on a folded search text (ひらがな finds カタカナ), without
    asking Python for every cell on each keystroke."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._needle = ""

    def set_query(self, text: str) -> None:
        from dxtrainer.ui.models.staff_model import fold

        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
        self._needle = fold(text)
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Let the source sort its Python list (fast), instead of comparing cell by cell."""
        self.sourceModel().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        return not self._needle or self._needle in model.search_text(source_row)
