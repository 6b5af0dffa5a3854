"""HR: the access log (who opened whose records, issued codes, exports, settings changed), newest
first, with a CSV export. Opening it is itself logged (services/personal_data.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout

from dxtrainer.i18n import _, format_datetime, ngettext
from dxtrainer.messages import access_action_name
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label
from dxtrainer.ui.widgets.report_filters import save_csv

if TYPE_CHECKING:
    from dxtrainer.services.personal_data import AccessLogRow, PersonalDataService


class AccessLogDialog(QDialog):
    loaded = Signal()
    saved = Signal(str)

    def __init__(self, runner: TaskRunner, personal: PersonalDataService, user: CurrentUser,
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._runner, self._personal, self._user = runner, personal, user
        self._rows: list[AccessLogRow] = []
        self.setWindowTitle(_("アクセス記録"))
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_(
            "個人の記録の閲覧、初期コードの発行、書き出し、設定の変更を新しい順に表示します。"
            "この画面を開いたことも記録されます。"), "muted", wrap=True))
        self.model = RowTableModel([
            Column(_("日時"), lambda r: format_datetime(r.at)),
            Column(_("操作した人"), lambda r: r.actor or _("コマンドライン")),
            Column(_("操作"), lambda r: access_action_name(r.action)),
            Column(_("対象の職員"), lambda r: r.target), Column(_("所属"), lambda r: r.department),
            Column(_("詳細"), lambda r: r.detail)], self)
        self.table = data_table(self.model, stretch=5)
        self.table.setAccessibleName(_("アクセス記録の一覧"))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("CSV で保存…"))
        self.save_button.clicked.connect(lambda: self.save())
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.status = label(_("読み込んでいます…"), "muted")
        row.addWidget(self.status)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        close.setDefault(True)  # Enter in the table closes, never opens a file dialog
        row.addWidget(close)
        layout.addLayout(row)
        runner.run(lambda: personal.access_log(user), self._on_loaded, self._on_failed)

    def _on_loaded(self, rows: list[AccessLogRow]) -> None:
        self._rows = rows
        self.model.set_rows(rows)
        self.status.setText(ngettext("{n} 件の記録", "{n} 件の記録", len(rows)).format(n=len(rows)))
        self.loaded.emit()

    def _on_failed(self, exc: BaseException) -> None:
        from dxtrainer.ui.task_runner import describe_error

        self.status.setText(describe_error(exc))

    def save(self, path: str | None = None) -> None:
        from dxtrainer.services.personal_data import access_log_csv

        rows = self._rows
        save_csv(self, self._runner, self.status, _("アクセス記録.csv"),
                 lambda: access_log_csv(rows), path, self.saved.emit)
