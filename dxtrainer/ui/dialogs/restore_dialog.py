"""HR: choose a backup (date, reason, size, staff and answer counts) and restore it. The current
database is backed up first; afterwards the window reopens the database and everyone signs in
again, since the restored organisation may differ from the one signed in to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.backup_messages import backup_error_text, reason_name
from dxtrainer.i18n import _, format_datetime
from dxtrainer.services.errors import ServiceError
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label, primary_button

if TYPE_CHECKING:
    from dxtrainer.services.backups import BackupEntry, BackupService, RestoreResult
    from dxtrainer.services.records import CurrentUser


def _size(entry: BackupEntry) -> str:
    return _("{mb:.1f} MB").format(mb=entry.size / 1_048_576)


def backup_columns() -> list[Column]:
    return [
        Column(_("日時"), lambda e: format_datetime(e.taken_at), sort=lambda e: e.taken_at),
        Column(_("作成のきっかけ"), lambda e: reason_name(e.reason)),
        Column(_("大きさ"), _size, sort=lambda e: e.size, align_right=True),
        Column(_("職員"), lambda e: _("{n} 人").format(n=e.staff) if e.restorable else "—",
               sort=lambda e: e.staff, align_right=True),
        Column(_("回答"), lambda e: _("{n:,} 件").format(n=e.answers) if e.restorable else "—",
               sort=lambda e: e.answers, align_right=True),
        Column(_("状態"), lambda e: _("✔ 復元できます") if e.restorable
               else _("✖ 使えません(壊れているか、別の版)")),
    ]


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, ServiceError):
        return backup_error_text(exc.code, **exc.detail)
    return backup_error_text("internal")


class RestoreDialog(QDialog):
    restored = Signal(object)  # RestoreResult
    loaded = Signal()

    def __init__(self, runner: TaskRunner, service: BackupService, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._service, self._user = runner, service, user
        self.setWindowTitle(_("バックアップから復元"))
        self.resize(860, 500)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(label(_("バックアップから復元"), "subtitle"))
        layout.addWidget(label(_(
            "選んだバックアップの時点にデータベースを戻します。その後の受講記録や名簿の変更は消えますが、"
            "今のデータベースは復元の前に別のバックアップとして残します。復元の後は、全員がサインインし直します。"),
            wrap=True))
        self.model = RowTableModel(backup_columns(), self)
        self.table = data_table(self.model, stretch=5)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.doubleClicked.connect(self.confirm)
        layout.addWidget(self.table, 1)
        self.status = label(_("バックアップを確かめています…"), "muted", wrap=True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.folder = label("", "muted", selectable=True)
        row.addWidget(self.folder, 1)
        self.restore_button = primary_button(_("この時点に復元する…"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.confirm)
        row.addWidget(self.restore_button)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.confirm_box: QMessageBox | None = None
        self.refresh()

    def refresh(self) -> None:
        service, user = self._service, self._user
        self._runner.run(lambda: service.entries(user), self._on_entries_loaded,
                         self._on_entries_failed)

    def _on_entries_loaded(self, entries: list[BackupEntry]) -> None:
        self.model.set_rows(entries)
        if self._service.folder is not None:
            self.folder.setText(_("保存場所: {path}").format(path=self._service.folder))
        self.status.setText(_("バックアップは {n} 件あります。").format(n=len(entries)) if entries
                            else _("バックアップはまだありません。アプリを起動した日に 1 回、"
                                   "自動で作られます。"))
        for index, entry in enumerate(entries):
            if entry.restorable:
                self.table.selectRow(index)
                break
        self.loaded.emit()

    def _on_entries_failed(self, exc: BaseException) -> None:
        self.status.setText(_error_text(exc))
        self.loaded.emit()

    def selected(self) -> BackupEntry | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _on_table_current_changed(self, *_args: object) -> None:
        entry = self.selected()
        self.restore_button.setEnabled(entry is not None and entry.restorable)

    def confirm(self) -> None:
        entry = self.selected()
        if entry is None or not entry.restorable:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("復元の確認"), _(
            "データベースを {when} の時点(職員 {staff} 人・回答 {answers:,} 件)に戻します。"
            "それより後の受講記録や名簿の変更は消えますが、今のデータベースは先にバックアップします。"
            "よろしいですか。").format(
            when=format_datetime(entry.taken_at), staff=entry.staff, answers=entry.answers),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Yes).setText(_("復元する"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("やめる"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.restore(entry))
        self.confirm_box = box
        box.open()

    def restore(self, entry: BackupEntry) -> None:
        service, user = self._service, self._user
        self.restore_button.setEnabled(False)
        self.status.setText(_("復元しています…"))
        self._runner.run(lambda: service.restore(user, entry.path), self._on_restored,
                         self._on_restore_failed)

    def _on_restored(self, result: RestoreResult) -> None:
        self.status.setText(_("復元しました。データベースを開き直します。"))
        self.restored.emit(result)
        self.accept()

    def _on_restore_failed(self, exc: BaseException) -> None:
        self.status.setText(_error_text(exc))
        self._on_table_current_changed()


def restore_button(runner: TaskRunner, database: str, user: CurrentUser,
                   parent: QWidget) -> QPushButton:
    """「バックアップから復元…」 for an HR screen: opens the dialog; after a restore, the main
    window reopens the database (everyone signs in again)."""
    button = QPushButton(_("バックアップから復元…"))
    button.setToolTip(_("自動で作られたバックアップの一覧から、データベースを以前の時点に戻します。"))

    def open_dialog() -> None:
        from dxtrainer.services.backups import BackupService

        dialog = RestoreDialog(runner, BackupService(database), user, parent)
        button.dialog = dialog  # type: ignore[attr-defined]  # kept alive; tests reach it
        dialog.restored.connect(lambda _result: _reopen(parent))
        dialog.open()

    button.clicked.connect(open_dialog)
    return button


def _reopen(widget: QWidget) -> None:
    """Ask the main window to open the same database again (it signs out first)."""
    window = widget.window()
    reopen = getattr(window, "open_database", None)
    if callable(reopen):
        reopen(demo=bool(getattr(getattr(window, "services", None), "is_demo", False)))
