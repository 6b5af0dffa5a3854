"""The sign-in list: staff rows, filtered by 氏名, フリガナ (ひらがなでも), 所属 or 職員番号."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

if TYPE_CHECKING:
    from dxtrainer.services.records import StaffSummary

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def fold(text: str) -> str:
    """Normalise for search: NFKC, lower case, no spaces, ひらがな -> カタカナ."""
    text = unicodedata.normalize("NFKC", text).lower().replace(" ", "").replace("\u3000", "")
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)


class StaffListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[StaffSummary] = []
        self._keys: list[str] = []

    def set_rows(self, rows: list[StaffSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._keys = [fold(f"{r.name}|{r.kana}|{r.department}|{r.staff_no}") for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.name}({row.kana})  {row.department}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.name} {row.kana} {row.department}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.staff_no
        if role == ROW_ROLE:
            return row
        return None

    def search_key(self, row: int) -> str:
        return self._keys[row]


class StaffFilterModel(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._needle = ""

    def set_query(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            self._needle = fold(text)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = fold(text)
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._needle:
            return True
        model = self.sourceModel()
        assert isinstance(model, StaffListModel)
        return self._needle in model.search_key(source_row)
