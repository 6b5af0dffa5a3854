"""HR revokes a 修了証: whose it is, a required reason, and a confirming tick before 取り消す."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _, format_date
from dxtrainer.services.certificate_records import CertificateRow
from dxtrainer.ui.widgets.common import label, ok_cancel, size_for_text


class RevokeCertificateDialog(QDialog):
    def __init__(self, row: CertificateRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("修了証を取り消す"))
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("次の修了証を取り消します。取り消した修了証は、確認コードで調べると"
                                 "「取消」と表示されます。元に戻すことはできません。"), wrap=True))
        layout.addWidget(label(_("{name}({number})/ {course} / {day} 発行 / {code}").format(
            name=row.name, number=row.staff_no, course=row.course_title,
            day=format_date(row.issued_at.date()), code=row.code), "subtitle", wrap=True))
        layout.addWidget(QLabel(_("取り消す理由(必須。操作記録に残ります)")))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("取り消す理由"))
        self.reason.setMaxLength(300)
        layout.addWidget(self.reason)
        self.confirm = QCheckBox(_("この修了証を取り消すことを確認しました"))
        layout.addWidget(self.confirm)
        self.buttons = ok_cancel(self, _("取り消す"), self.accept)
        layout.addWidget(self.buttons)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reason.textChanged.connect(self._update)
        self.confirm.toggled.connect(self._update)
        self._update()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        size_for_text(self, ems=24)  # the wrapped sentences never squeezed at large text sizes
        super().showEvent(event)

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.reason.text().strip()) and self.confirm.isChecked())

    def values(self) -> str:
        return self.reason.text().strip()
