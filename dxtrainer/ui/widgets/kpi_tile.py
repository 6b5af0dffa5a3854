"""A KPI tile: a big number, its label and the change against the previous period."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dxtrainer.domain.progress import round_half_up
from dxtrainer.i18n import _
from dxtrainer.ui.style import set_role
from dxtrainer.ui.widgets.common import carded, label


def change_text(change: float | None) -> str:
    """「前の期間より 3.2 ポイント増」: words, not colour or ▲ (which reads as minus in Japanese
    official documents)."""
    if change is None:
        return _("前の期間との比較はありません")
    value = round_half_up(change * 100, 1)
    if value == 0:
        return _("前の期間と同じ")
    if value > 0:
        return _("前の期間より {v:.1f} ポイント増").format(v=value)
    return _("前の期間より {v:.1f} ポイント減").format(v=-value)


class KpiTile(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = carded(self)
        layout.setSpacing(2)
        self.setMinimumWidth(150)
        self.title = label(title, "muted", wrap=True)
        self.value = label("—", "kpi")
        self.change = label("", "muted", wrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.change)
        self._title = title

    def show_value(self, value: str, change: str = "", tone: str = "muted") -> None:
        self.value.setText(value)
        self.change.setText(change)
        set_role(self.change, "role", tone)
        self.setAccessibleName(f"{self._title} {value} {change}")
        self.setToolTip(f"{self._title}: {value}\n{change}")
