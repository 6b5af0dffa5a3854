"""Drill-down for HR: each person in a department with their progress. Opening it is logged by
the service; the table sorts by any column."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
)

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import N_, _, format_date
from dxtrainer.services.report_records import StaffProgressRow
from dxtrainer.ui.models.row_table_model import Column, RowFilterModel, RowTableModel
from dxtrainer.ui.widgets.common import data_table, label

ROLE_NAMES = {"learner": N_("職員"), "manager": N_("管理職"), "trainer": N_("研修担当"),
              "hr": N_("人事担当")}


def staff_columns() -> list[Column]:
    return [
        Column(_("職員番号"), lambda r: r.staff_no),
        Column(_("氏名"), lambda r: r.name),
        Column(_("所属"), lambda r: r.department),
        Column(_("役割"), lambda r: _(ROLE_NAMES.get(r.role, r.role))),
        Column(_("修了率"), lambda r: format_percent(r.completion, 1), lambda r: r.completion,
               True),
        Column(_("習得率"), lambda r: format_percent(r.mastery, 1), lambda r: r.mastery, True),
        Column(_("平均点(期間)"), lambda r: format_percent(r.average_score, 1),
               lambda r: -1 if r.average_score is None else r.average_score, True),
        Column(_("回答数(期間)"), lambda r: str(r.answers_in_period),
               lambda r: r.answers_in_period, True),
        Column(_("最後の受験"), lambda r: format_date(r.last_active)
               if r.last_active else "—", lambda r: r.last_active.isoformat()
               if r.last_active else ""),
    ]


class StaffListDialog(QDialog):
    def __init__(self, title: str, rows: list[StaffProgressRow], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(label(title, "subtitle"))
        layout.addWidget(label(_("個人の記録です。業務上必要な範囲で閲覧してください。この閲覧は記録されています。"),
                               "warning", wrap=True))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("氏名・職員番号で絞り込む"))
        self.search.setAccessibleName(_("氏名・職員番号で絞り込む"))
        layout.addWidget(self.search)
        self.model = RowTableModel(staff_columns(), self)
        self.model.set_rows(rows)
        self.proxy = RowFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_query)
        self.table = data_table(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
