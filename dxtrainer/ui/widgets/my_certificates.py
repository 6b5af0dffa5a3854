"""The learner's 修了証 on their progress screen: each completed course's certificate (issued on
first sight when due), saved as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dxtrainer.i18n import _, format_date
from dxtrainer.services.certificate_records import CertificateRow
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.task_runner import TaskRunner, describe_error
from dxtrainer.ui.widgets.common import data_table, label

if TYPE_CHECKING:
    from dxtrainer.services.certificates import CertificateService


def certificate_columns() -> list[Column]:
    return [
        Column(_("コース"), lambda r: r.course_title),
        Column(_("発行日"), lambda r: format_date(r.issued_at.date()), lambda r: r.issued_at),
        Column(_("確認コード"), lambda r: r.code),
    ]


class MyCertificates(QWidget):
    loaded = Signal()
    saved = Signal(str)  # the path written

    def __init__(self, runner: TaskRunner, certificates: CertificateService, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._certificates = certificates
        self._user = user
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(_("修了証"), "subtitle"))
        self.empty = label(_("コースを修了すると、ここから修了証(PDF)を保存できます。"), "muted",
                           wrap=True)
        layout.addWidget(self.empty)
        self.model = RowTableModel(certificate_columns(), self)
        self.table = data_table(self.model)
        self.table.setAccessibleName(_("修了証の一覧"))
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("修了証を保存(PDF)"))
        self.save_button.clicked.connect(lambda: self.save())
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = label("", "muted", wrap=True)
        layout.addWidget(self.status)
        self.rows: list[CertificateRow] = []
        self._show([])

    def refresh(self) -> None:
        certificates, user = self._certificates, self._user
        self._runner.run(lambda: certificates.my_certificates(user), self._show_loaded)

    def _show_loaded(self, rows: list[CertificateRow]) -> None:
        self._show(rows)
        self.loaded.emit()

    def _show(self, rows: list[CertificateRow]) -> None:
        self.rows = rows
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.save_button.setVisible(bool(rows))
        if rows:
            self.table.selectRow(0)
            self.table.setFixedHeight(self.table.horizontalHeader().height() + 4 + sum(
                self.table.rowHeight(i) for i in range(len(rows))))

    def current(self) -> CertificateRow | None:
        picked = self.table.selectionModel().selectedRows()
        if picked:
            return self.rows[picked[0].row()]
        return self.rows[0] if self.rows else None

    def save(self, path: str | None = None) -> None:
        row = self.current()
        if row is None:
            return
        if path is None:
            from dxtrainer.ui.certificate_pdf import certificate_file_name

            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            path, _chosen = QFileDialog.getSaveFileName(
                self, _("保存先を選んでください"), str(Path(folder) / certificate_file_name(row)),
                "PDF (*.pdf)")
            if not path:
                return
        target = path
        certificates, user = self._certificates, self._user

        def work() -> Path:
            from dxtrainer.ui.certificate_pdf import render_certificate

            current = certificates.own_certificate(user, row.id)  # still valid and one's own
            return render_certificate(current, target)

        def failed(exc: BaseException) -> None:
            self.status.setText(_("{path} に保存できませんでした。保存先に書き込めるかを確かめて"
                                  "ください。").format(path=target)
                                if isinstance(exc, OSError) else describe_error(exc))

        def done(written: Path) -> None:
            self.status.setText(_("保存しました: {p}").format(p=written))
            self.saved.emit(str(written))

        self._runner.run(work, done, failed)
