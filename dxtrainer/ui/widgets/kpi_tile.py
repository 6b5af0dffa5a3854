"""A KPI tile: a big number, its label and the change against the previous period."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from dxtrainer.ui.style import set_role
from dxtrainer.ui.widgets.common import carded, label


class KpiTile(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = carded(self)
        layout.setSpacing(2)
        self.title = label(title, "muted", wrap=True)
        self.value = label("—", "kpi")
        self.change = label("", "muted", wrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.change)
        self._title = title

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """130 px, so that five in a row fit a 1024-wide window; wider when a word of the title
        or the change cannot wrap (large text, English), so that none is cut off."""
        hint = super().minimumSizeHint()
        return QSize(max(130, hint.width()), hint.height())

    def show_value(self, value: str, change: str = "", tone: str = "muted") -> None:
        self.value.setText(value)
        self.change.setText(change)
        set_role(self.change, "role", tone)
        self.setAccessibleName(f"{self._title} {value} {change}")
        self.setToolTip(f"{self._title}: {value}\n{change}")
