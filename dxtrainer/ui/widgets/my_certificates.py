"""The learner's 修了証 on their progress screen: each completed course's certificate (issued on
first sight when due), saved as a PDF; and the optional 研修アンケート of a completed course."""

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
    from dxtrainer.services.surveys import SurveyService


def certificate_columns() -> list[Column]:
    return [
        Column(_("コース"), lambda r: r.course_title),
        Column(_("発行日"), lambda r: format_date(r.issued_at.date()), lambda r: r.issued_at),
        Column(_("確認コード"), lambda r: r.code),
    ]


class MyCertificates(QWidget):
    loaded = Signal()
    saved = Signal(str)  # the path written

    survey_done = Signal()
    course_shown = Signal()  # show_course()'s certificate is selected: scroll it into view

    def __init__(self, runner: TaskRunner, certificates: CertificateService, user: CurrentUser,
                 parent: QWidget | None = None, *, surveys: SurveyService | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._certificates = certificates
        self._surveys = surveys
        self.pending: list[str] = []
        self.survey_dialog = None
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
        self.survey_button = QPushButton(_("研修アンケートに答える(任意)…"))
        self.survey_button.clicked.connect(lambda: self.open_survey())
        self.survey_button.setVisible(False)
        buttons.addWidget(self.survey_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = label("", "muted", wrap=True)
        layout.addWidget(self.status)
        self.rows: list[CertificateRow] = []
        self._wanted: str | None = None  # show_course(): the course to select once loaded
        self._show([])

    def show_course(self, course_id: str) -> None:
        """Select `course_id`'s certificate when the list next loads, with the focus on saving it
        (the way here from a course just completed)."""
        self._wanted = course_id

    def refresh(self) -> None:
        certificates, surveys, user = self._certificates, self._surveys, self._user

        def work() -> tuple[list[CertificateRow], list[str]]:
            rows = certificates.my_certificates(user)
            return rows, (surveys.pending(user) if surveys is not None else [])

        self._runner.run(work, self._show_loaded)

    def _show_loaded(self, loaded: tuple[list[CertificateRow], list[str]]) -> None:
        rows, self.pending = loaded
        self._show(rows)
        self.survey_button.setVisible(bool(self.pending))
        wanted, self._wanted = self._wanted, None
        at = next((i for i, r in enumerate(rows) if r.course_id == wanted), None)
        if at is not None:
            self.table.selectRow(at)
            self.save_button.setFocus()
            self.course_shown.emit()
        self.loaded.emit()

    def open_survey(self) -> None:
        """The first course whose survey is open, in a dialog (answers go to the service)."""
        from dxtrainer.ui.dialogs.survey_dialog import SurveyDialog

        if not self.pending or self._surveys is None:
            return
        current = self.current()
        course_id = (current.course_id if current is not None and current.course_id in self.pending
                     else self.pending[0])
        title = next((r.course_title for r in self.rows if r.course_id == course_id), course_id)
        dialog = SurveyDialog(title, self)
        self.survey_dialog = dialog
        surveys, user = self._surveys, self._user

        def sent(satisfaction: int | None, usefulness: int | None, comment: str) -> None:
            self._runner.run(lambda: surveys.answer(user, course_id, satisfaction, usefulness,
                                                    comment), lambda _r: self._after_survey(
                _("アンケートにご協力いただき、ありがとうございました。")), self._survey_failed)

        def declined() -> None:
            self._runner.run(lambda: surveys.decline(user, course_id), lambda _r: self._after_survey(
                _("アンケートには回答しませんでした。今後このコースのアンケートは表示しません。")),
                self._survey_failed)

        dialog.answered.connect(sent)
        dialog.declined.connect(declined)
        dialog.open()

    def _after_survey(self, message: str) -> None:
        self.status.setText(message)
        self.survey_done.emit()
        self.refresh()

    def _survey_failed(self, exc: BaseException) -> None:
        self.status.setText(describe_error(exc))
        self.refresh()

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
