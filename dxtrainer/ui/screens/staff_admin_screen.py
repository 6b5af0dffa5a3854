"""HR: the staff directory — search, roles, sign-in state, PIN/password resets, roster import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from dxtrainer.i18n import _
from dxtrainer.services.records import CurrentUser, StaffAdminRow
from dxtrainer.ui.dialogs.restore_dialog import restore_button
from dxtrainer.ui.dialogs.staff_list_dialog import ROLE_NAMES
from dxtrainer.ui.models.row_table_model import Column, RowFilterModel, RowTableModel
from dxtrainer.ui.screens.admin_screen import AdminScreen
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label

if TYPE_CHECKING:
    from dxtrainer.services.container import Services


def _state(row: StaffAdminRow) -> str:
    if not row.active:
        return _("退職・異動により無効")
    if row.locked:
        return _("一時ロック中")
    return _("設定済み") if row.has_credential else _("未設定(初回サインインで設定)")


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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.reset_button = QPushButton(_("PIN・パスワードを再設定…"))
        self.reset_button.setToolTip(_("忘れた人のために登録を消します。本人が次のサインインで新しく設定します。"))
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        actions.addWidget(self.reset_button)
        self.restore_button = restore_button(runner, services.url, user, self)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
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

    def selected(self) -> StaffAdminRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def _on_reset_button_clicked(self) -> None:
        person = self.selected()
        if person is None:
            QMessageBox.information(self, _("職員を選んでください"), _("一覧から再設定する職員を選んでください。"))
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("PIN・パスワードの再設定"), _(
            "{name} さん({number})の PIN・パスワードを消して、次のサインインで新しく設定してもらいます。"
            "よろしいですか。").format(name=person.name, number=person.staff_no),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Yes).setText(_("再設定する"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("やめる"))
        self.confirm = box
        box.accepted.connect(lambda: self.reset(person.id))
        box.open()

    def reset(self, staff_id: int) -> None:
        accounts, user = self._services.accounts, self._user
        self._runner.run(lambda: accounts.reset_credential(user, staff_id),
                         lambda _summary: self.refresh())

    def _on_import_button_clicked(self) -> None:
        from dxtrainer.ui.dialogs.roster_import_dialog import RosterImportDialog

        dialog = RosterImportDialog(self._runner, self._services, self._user, self)
        self.import_dialog = dialog
        dialog.imported.connect(self.refresh)
        dialog.open()
