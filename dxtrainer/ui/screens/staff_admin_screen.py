"""HR: the staff directory — search, roles, sign-in state, 初期コード for one or many, roster
import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from dxtrainer.i18n import _, format_date
from dxtrainer.services.records import CurrentUser, StaffAdminRow
from dxtrainer.ui.dialogs.restore_dialog import restore_button
from dxtrainer.ui.dialogs.staff_list_dialog import ROLE_NAMES
from dxtrainer.ui.models.row_table_model import Column, RowFilterModel, RowTableModel
from dxtrainer.ui.screens.admin_screen import AdminScreen
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label
from dxtrainer.ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from dxtrainer.services.container import Services


def _state(row: StaffAdminRow) -> str:
    from datetime import datetime

    if not row.active:
        return _("退職・異動により無効")
    if row.locked:
        return _("一時ロック中")
    if row.has_credential:
        return _("設定済み")
    if row.code_expires_at is not None and row.code_expires_at <= datetime.now():
        return _("初期コードの期限切れ(再発行が必要)")
    if not row.has_code:
        return _("未設定(初期コードの発行が必要)")
    if row.code_expires_at is None:
        return _("初期コード発行済み")
    return _("初期コード発行済み({day} まで)").format(
        day=format_date(row.code_expires_at))


def directory_columns() -> list[Column]:
    return [
        Column(_("職員番号"), lambda r: r.staff_no),
        Column(_("氏名"), lambda r: r.name),
        Column(_("フリガナ"), lambda r: r.kana),
        Column(_("所属"), lambda r: r.department),
        Column(_("役割"), lambda r: _(ROLE_NAMES.get(r.role.value, r.role.value))),
        Column(_("PIN・パスワード"), _state),
    ]


class StaffAdminScreen(AdminScreen):
    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, services, user, _("職員"), _("職員名簿を取り込む…"),
                         self._on_import_button_clicked, parent)
        self.import_button = self.action_button
        layout = self.body
        self.admins = label("", "warning", wrap=True)
        layout.addWidget(self.admins)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("氏名・フリガナ・所属・職員番号で絞り込む"))
        self.search.setAccessibleName(_("職員を絞り込む"))
        row.addWidget(self.search, 1)
        self.inactive = QCheckBox(_("無効になった職員も表示"))
        self.inactive.toggled.connect(self.refresh)
        row.addWidget(self.inactive)
        layout.addLayout(row)
        self.model = RowTableModel(directory_columns(), self)
        self.proxy = RowFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_query)
        self.table = data_table(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table, 1)
        actions = FlowLayout(spacing=6)  # wraps at large text sizes
        self.issue_button = QPushButton(_("初期コードを発行…"))
        self.issue_button.setToolTip(_(
            "選んだ職員(複数可)に初期コードを発行し、通知書を作ります。PIN・パスワードを忘れた人にも"
            "使います(今の PIN・パスワードは使えなくなります)。"))
        self.issue_button.clicked.connect(self._on_issue_button_clicked)
        actions.addWidget(self.issue_button)
        self.select_waiting = QPushButton(_("コードが必要な人を選ぶ"))
        self.select_waiting.setToolTip(_("PIN・パスワードが未設定で、使える初期コードもない職員を選びます。"))
        self.select_waiting.clicked.connect(self._on_select_waiting_clicked)
        actions.addWidget(self.select_waiting)
        self.settings_button = QPushButton(_("サインインの設定…"))
        self.settings_button.clicked.connect(self._on_settings_button_clicked)
        actions.addWidget(self.settings_button)
        self.sync_button = QPushButton(_("学習記録の受け渡し…"))
        self.sync_button.setToolTip(_("ネットワークにつながらない PC との間で、学習記録をファイルで受け渡します。"))
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        actions.addWidget(self.sync_button)
        self.log_button = QPushButton(_("アクセス記録…"))
        self.log_button.setToolTip(_("誰がいつ、誰の記録を見たか・書き出したかを確認します。"))
        self.log_button.clicked.connect(self._on_log_button_clicked)
        actions.addWidget(self.log_button)
        self.restore_button = restore_button(runner, services.url, user, self)
        actions.addWidget(self.restore_button)
        actions.addStretch()
        self.count = label("", "muted")
        actions.addWidget(self.count)
        layout.addLayout(actions)

    def refresh(self) -> None:
        accounts, user = self._services.accounts, self._user
        inactive = self.inactive.isChecked()
        self._runner.run(lambda: (accounts.directory(user, inactive), accounts.hr_admin_count()),
                         self._on_directory_loaded)

    def _on_directory_loaded(self, result: tuple[list[StaffAdminRow], int]) -> None:
        rows, admins = result
        self.stale = False
        self.model.set_rows(rows)
        self.count.setText(_("{n} 人").format(n=len(rows)))
        self.admins.setVisible(admins < 2)
        self.admins.setText(_("人事担当者(管理者)が {n} 人だけです。その人がパスワードを忘れると管理できなく"
                              "なるため、名簿で 2 人目の管理者(役割: 人事)を登録してください。").format(n=admins))
        self.loaded.emit()

    def selected(self) -> list[StaffAdminRow]:
        rows = {self.proxy.mapToSource(index).row()
                for index in self.table.selectionModel().selectedRows()}
        return [self.model.row(r) for r in sorted(rows)]

    def _on_select_waiting_clicked(self) -> None:
        selection = QItemSelection()
        for r in range(self.proxy.rowCount()):
            if self.model.row(self.proxy.mapToSource(self.proxy.index(r, 0)).row()).needs_code():
                selection.select(self.proxy.index(r, 0),
                                 self.proxy.index(r, self.proxy.columnCount() - 1))
        self.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _on_issue_button_clicked(self) -> None:
        people = [p for p in self.selected() if p.active]
        if not people:
            QMessageBox.information(self, _("職員を選んでください"), _(
                "一覧から初期コードを発行する職員を選んでください(Ctrl や Shift を押しながら"
                "クリックすると、複数選べます)。"))
            return
        self.issue_codes([p.id for p in people])

    def issue_codes(self, staff_ids: list[int], folder: str | None = None) -> None:
        """Open the dialog that issues codes for these people (also used after a roster import)."""
        from dxtrainer.ui.dialogs.issue_codes_dialog import IssueCodesDialog, Recipient

        known = {row.id: row for row in (self.model.row(r) for r in range(self.model.rowCount()))}
        people = [Recipient(i, known[i].name if i in known else "", bool(
            i in known and known[i].has_credential)) for i in staff_ids]
        dialog = IssueCodesDialog(self._runner, self._services.accounts, self._user, people,
                                  folder, self)
        self.issue_dialog = dialog
        dialog.issued.connect(self.refresh)
        dialog.open()

    def _on_sync_button_clicked(self) -> None:
        from dxtrainer.ui.dialogs.sync_dialog import SyncDialog

        self.sync_dialog = SyncDialog(self._runner, self._services.sync, self._user, self)
        self.sync_dialog.open()

    def _on_log_button_clicked(self) -> None:
        from dxtrainer.ui.dialogs.access_log_dialog import AccessLogDialog

        self.access_log_dialog = AccessLogDialog(self._runner, self._services.personal,
                                                 self._user, self)
        self.access_log_dialog.open()

    def _on_settings_button_clicked(self) -> None:
        from dxtrainer.ui.dialogs.sign_in_settings_dialog import SignInSettingsDialog

        dialog = SignInSettingsDialog(self._runner, self._services.accounts, self._user, self)
        self.settings_dialog = dialog
        dialog.open()

    def _on_import_button_clicked(self) -> None:
        from dxtrainer.ui.dialogs.roster_import_dialog import RosterImportDialog

        dialog = RosterImportDialog(self._runner, self._services, self._user, self)
        self.import_dialog = dialog
        dialog.imported.connect(self.refresh)
        dialog.codes_wanted.connect(self.issue_codes)
        dialog.open()
