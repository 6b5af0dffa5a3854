"""A layout that lays its widgets left to right and wraps onto the next row when the width
runs out (Qt's flow layout example, with stretches), so that a row of buttons never needs a
horizontal scrollbar at large text sizes or on small screens. A stretch takes the room left
over in its row, as in a QHBoxLayout, so a row that fits looks like one. With `fill`, the
widgets of each row share its whole width (equally where they can) and its height: tiles."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 4,
                 row_spacing: int | None = None, fill: bool = False) -> None:
        super().__init__(parent)
        self._fill = fill
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._row_spacing = spacing if row_spacing is None else row_spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def addStretch(self) -> None:  # noqa: N802
        """Room that takes what is left over in its row (nothing when the row is full)."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding,
                                 QSizePolicy.Policy.Minimum))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything in one row."""
        width = height = 0
        for item in self._shown():
            hint = item.sizeHint()
            width += hint.width() + (self._spacing if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """The widest single item: everything else may wrap."""
        size = QSize(0, 0)
        for item in self._shown():
            size = size.expandedTo(item.minimumSize() if self._fill
                                   else item.sizeHint().boundedTo(item.maximumSize()))
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty() and i.spacerItem() is None]

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._items:
            if item.spacerItem() is not None:
                rows[-1].append(item)
                continue
            if item.isEmpty():
                continue
            wide = self._want(item)
            if used and used + self._spacing + wide > width:
                rows.append([])
                used = 0
            rows[-1].append(item)
            used += wide + (self._spacing if used else 0)
        return rows

    def _want(self, item: QLayoutItem) -> int:
        """The width an item needs in a row: tiles (`fill`) their minimum, others their hint."""
        return item.minimumSize().width() if self._fill else item.sizeHint().width()

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in rows inside `rect` (when `move`); returns the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        first = True
        for row in self._rows(area.width()):
            widgets = [i for i in row if i.spacerItem() is None]
            if not widgets:
                continue
            if not first:
                y += self._row_spacing
            first = False
            widths = self._widths(widgets, area.width())
            height = max(i.heightForWidth(w) if i.hasHeightForWidth() else i.sizeHint().height()
                         for i, w in zip(widgets, widths, strict=True))
            if move:
                self._place(row, widgets, widths, area, y, height)
            y += height
        return y - rect.y() + margins.bottom()

    def _widths(self, widgets: list[QLayoutItem], width: int) -> list[int]:
        wanted = [self._want(i) for i in widgets]
        if not self._fill:
            return wanted
        share = (width - self._spacing * (len(widgets) - 1)) // len(widgets)
        if all(w <= share for w in wanted):
            return [share] * len(widgets)
        spare = max(0, width - sum(wanted) - self._spacing * (len(widgets) - 1))
        return [w + spare // len(widgets) for w in wanted]

    def _place(self, row: list[QLayoutItem], widgets: list[QLayoutItem], widths: list[int],
               area: QRect, y: int, height: int) -> None:
        used = sum(widths) + self._spacing * (len(widgets) - 1)
        spare = 0 if self._fill else max(0, area.width() - used)
        stretches = len(row) - len(widgets)
        x = area.x()
        placed = 0
        for item in row:
            if item.spacerItem() is not None:
                x += spare // stretches if stretches else 0
                continue
            width = widths[placed]
            tall = height if self._fill else item.sizeHint().height()
            x += self._spacing if placed else 0
            item.setGeometry(QRect(QPoint(x, y + (height - tall) // 2), QSize(width, tall)))
            x += width
            placed += 1
