"""Trainers and HR: the organisation's thresholds for the item-analysis flags in 教材 (too easy,
too hard, how many people before any verdict, near-zero discrimination)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDoubleSpinBox, QFormLayout, QSpinBox, QVBoxLayout

from dxtrainer.domain.item_analysis import Thresholds
from dxtrainer.i18n import _
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label, ok_cancel

if TYPE_CHECKING:
    from dxtrainer.services.item_stats import ItemStatsService


def _percent_box(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSuffix(" %")
    return box


class ItemThresholdsDialog(QDialog):
    saved = Signal()

    def __init__(self, runner: TaskRunner, items: ItemStatsService, user: CurrentUser,
                 limits: Thresholds, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._runner, self._items, self._user = runner, items, user
        self.setWindowTitle(_("気づきの基準"))
        self.setFixedWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("問題ごとの統計に「気づき」を表示する基準です。組織の全員に共通です。"),
                               "muted", wrap=True))
        form = QFormLayout()
        self.easy = _percent_box(51, 100)
        self.easy.setValue(round(limits.easy * 100))
        form.addRow(_("易しすぎる: 正答率がこれ以上"), self.easy)
        self.hard = _percent_box(0, 99)
        self.hard.setValue(round(limits.hard * 100))
        form.addRow(_("難しすぎる: 正答率がこれ以下"), self.hard)
        self.people = QSpinBox()
        self.people.setRange(5, 10_000)
        self.people.setSuffix(_(" 人"))
        self.people.setValue(max(5, limits.min_people))
        form.addRow(_("気づきを出す: 回答した人がこれ以上"), self.people)
        self.weak = QDoubleSpinBox()
        self.weak.setRange(0.0, 0.5)
        self.weak.setSingleStep(0.05)
        self.weak.setDecimals(2)
        self.weak.setValue(limits.weak)
        form.addRow(_("識別力がほぼ0: 点双列相関がこれ未満"), self.weak)
        layout.addLayout(form)
        self.message = label("", "error", wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, _("保存する"), self._on_buttons_accepted))
        self.adjustSize()

    def chosen(self) -> Thresholds:
        return Thresholds(easy=self.easy.value() / 100, hard=self.hard.value() / 100,
                          min_people=self.people.value(), weak=round(self.weak.value(), 2))

    def _on_buttons_accepted(self) -> None:
        limits = self.chosen()
        if limits.hard >= limits.easy:
            self.message.setText(_("「難しすぎる」の基準は「易しすぎる」の基準より小さくしてください。"))
            return
        items, user = self._items, self._user
        self._runner.run(lambda: items.change_thresholds(user, limits), self._on_saved,
                         self._on_failed)

    def _on_saved(self, _result: object) -> None:
        self.saved.emit()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.message.setText(self._runner.error_text(exc))
