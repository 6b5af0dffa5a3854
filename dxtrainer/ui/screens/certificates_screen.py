"""HR: 修了証 — check a verification code, list issued certificates by course and department,
export the list (CSV) and revoke one with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLineEdit, QPushButton, QWidget

from dxtrainer.i18n import _, format_date
from dxtrainer.services.certificate_records import CertificateRow
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.screens.admin_screen import AdminScreen
from dxtrainer.ui.task_runner import TaskRunner, describe_error
from dxtrainer.ui.widgets.common import data_table, empty_state, label
from dxtrainer.ui.widgets.report_filters import ReportFilters, save_csv

if TYPE_CHECKING:
    from dxtrainer.services.container import Services


def state_text(row: CertificateRow) -> str:
    if row.revoked_at is None:
        return _("有効")
    return _("取消({day})").format(day=format_date(row.revoked_at.date()))


def issued_columns() -> list[Column]:
    return [
        Column(_("確認コード"), lambda r: r.code),
        Column(_("職員番号"), lambda r: r.staff_no),
        Column(_("氏名"), lambda r: r.name),
        Column(_("所属(発行時)"), lambda r: r.department or "—"),
        Column(_("コース"), lambda r: r.course_title),
        Column(_("発行日"), lambda r: format_date(r.issued_at.date()), lambda r: r.issued_at),
        Column(_("状態"), state_text),
    ]


def check_text(row: CertificateRow | None, typed: str) -> str:
    if row is None:
        return _("確認コード「{code}」の修了証は見つかりません。").format(code=typed.strip())
    head = (_("有効な修了証です。") if row.revoked_at is None
            else _("取り消された修了証です(理由: {reason})。").format(reason=row.revoke_reason))
    return head + " " + _("{name}({number}、{department})/ {course} / {day} 発行").format(
        name=row.name, number=row.staff_no, department=row.department or "—",
        course=row.course_title, day=format_date(row.issued_at.date()))


class CertificatesScreen(AdminScreen):
    checked = Signal()
    exported = Signal(str)

    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, services, user, _("修了証"), _("一覧を書き出す(CSV)…"),
                         lambda: self.export(), parent)
        layout = self.body
        layout.addWidget(label(_("確認コードで調べる"), "subtitle"))
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("例: ABCD-EFGH-JKLM"))
        self.code.setToolTip(_("ハイフンがなくても、全角・小文字でも調べられます。"))
        self.code.setAccessibleName(_("確認コード"))
        self.code.returnPressed.connect(lambda: self.check())
        row.addWidget(self.code, 1)
        self.check_button = QPushButton(_("調べる"))
        self.check_button.clicked.connect(lambda: self.check())
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.result = label("", wrap=True, selectable=True)
        self.result.setAccessibleName(_("確認の結果"))
        self.result.setVisible(False)  # no empty gap before the first check
        layout.addWidget(self.result)
        layout.addWidget(label(_("発行した修了証"), "subtitle"))
        self.filters = ReportFilters(
            [(c.id, c.title) for c in services.content.index.courses], _("すべてのコース"))
        self.course, self.department = self.filters.course, self.filters.department
        layout.addWidget(self.filters)
        self.model = RowTableModel(issued_columns(), self)
        self.table = data_table(self.model, stretch=3)  # 所属: the longest
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(240)
        layout.addWidget(self.table, 1)
        self.empty = empty_state(_("まだ修了証は発行されていません。職員がコースを修了すると、ここに並びます。"))
        layout.addWidget(self.empty)
        actions = QHBoxLayout()
        self.revoke_button = QPushButton(_("取り消す…"))
        self.revoke_button.clicked.connect(self._on_revoke_button_clicked)
        actions.addWidget(self.revoke_button)
        actions.addStretch(1)
        self.status = label("", "muted", wrap=True)
        actions.addWidget(self.status, 1)
        layout.addLayout(actions)
        self.revoke_dialog = None
        self.filters.changed.connect(self.refresh)

    def refresh(self) -> None:
        service, reporting, user = (self._services.certificates, self._services.reporting,
                                    self._user)
        course, department = self.filters.values()
        need_departments = not self.filters.departments_loaded

        def work():  # noqa: ANN202
            departments = reporting.visible_departments(user) if need_departments else None
            return departments, service.list_certificates(user, course, department)

        self._runner.run(work, self._on_loaded)

    def _on_loaded(self, loaded) -> None:  # noqa: ANN001
        departments, rows = loaded
        self.filters.fill_departments(departments)
        self.stale = False
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.revoke_button.setEnabled(any(r.revoked_at is None for r in rows))
        self.loaded.emit()

    def selected(self) -> CertificateRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(index.row())

    def check(self) -> None:
        typed = self.code.text()
        if not typed.strip():
            return
        service, user = self._services.certificates, self._user

        def done(row: CertificateRow | None) -> None:
            self.result.setText(check_text(row, typed))
            self.result.setVisible(True)
            self.checked.emit()

        self._runner.run(lambda: service.check(user, typed), done)

    def _on_revoke_button_clicked(self) -> None:
        from dxtrainer.ui.dialogs.revoke_certificate_dialog import RevokeCertificateDialog

        row = self.selected()
        if row is None:
            self.status.setText(_("取り消す修了証を一覧から選んでください。"))
            return
        if row.revoked_at is not None:
            self.status.setText(_("この修了証は既に取り消されています。"))
            return
        dialog = RevokeCertificateDialog(row, self)
        self.revoke_dialog = dialog
        dialog.accepted.connect(lambda: self.revoke(row, dialog.values()))
        dialog.open()

    def revoke(self, row: CertificateRow, reason: str) -> None:
        service, user = self._services.certificates, self._user

        def done(_r: CertificateRow) -> None:
            self.status.setText(_("修了証 {code} を取り消しました。").format(code=row.code))
            self.refresh()

        self._runner.run(lambda: service.revoke(user, row.id, reason), done,
                         lambda exc: self.status.setText(describe_error(exc)))

    def export(self, path: str | None = None) -> None:
        service, user = self._services.certificates, self._user
        course, department = self.filters.values()
        save_csv(self, self._runner, self.status, _("修了証一覧.csv"),
                 lambda: service.export_csv(user, course, department), path,
                 self.exported.emit)
