"""修了証 as a PDF: one A4 landscape page (氏名, 所属, course, date, verification code and how to
check it), drawn with QPainter on a QPdfWriter like the 初期コード notices.

Needs a QGuiApplication (the command line makes an offscreen one); safe on the worker thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPageLayout, QPen

from dxtrainer.i18n import _
from dxtrainer.services.certificate_records import CertificateRow
from dxtrainer.services.export_tables import format_date
from dxtrainer.ui.pdf_page import PdfPage, a4_pdf, code_font
from dxtrainer.ui.report_pdf_parts import BORDER, INK, MUTED, PRIMARY, font

MARGIN = 12.0  # mm
CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
GOLD = QColor("#B08D3C")


def certificate_file_name(row: CertificateRow) -> str:
    return _("修了証_{course}_{name}.pdf").format(course=row.course_title,
                                                 name=row.name.replace(" ", ""))


def render_certificate(row: CertificateRow, path: str | Path) -> Path:
    """Write the certificate to `path` (an OSError names what went wrong)."""
    with a4_pdf(path, _("修了証"), QPageLayout.Orientation.Landscape, MARGIN) as (writer, painter):
        _Page(painter, writer).draw(row)
    return Path(path)


class _Page(PdfPage):
    def centred(self, text: str, y: float, points: float, *, bold: bool = False,
                colour: QColor = INK, height: float = 20, inset: float = 30) -> float:
        """Draw `text` centred from `y`; returns the height used (mm)."""
        self.p.setFont(font(points, bold))
        self.p.setPen(colour)
        area = self.rect(inset, y, self.width - 2 * inset, height)
        used = self.p.boundingRect(area, CENTRE, text)
        self.p.drawText(area, CENTRE, text)
        return used.height() / self.k

    def draw(self, row: CertificateRow) -> None:
        w, h = self.width, self.height
        self.p.setPen(QPen(PRIMARY, 1.2 * self.k))
        self.p.drawRect(self.rect(0, 0, w, h))
        self.p.setPen(QPen(GOLD, 0.4 * self.k))
        self.p.drawRect(self.rect(3, 3, w - 6, h - 6))
        y = 22.0
        y += self.centred(_("修 了 証"), y, 34, bold=True, colour=PRIMARY, height=24) + 12
        y += self.centred(_("{name} 殿").format(name=row.name), y, 24, bold=True) + 2
        y += self.centred(_("所属: {department}").format(department=row.department or "—"),
                          y, 13, colour=MUTED) + 12
        y += self.centred(_("あなたは、DX研修「{course}」の全課程を修了したことを証します。").format(
            course=row.course_title), y, 16, height=30, inset=20) + 14
        self.centred(format_date(row.issued_at.date()), y, 13)
        self.centred(_("DX研修 担当(人事・DX推進)"), y + 9, 13)
        self._code(row)

    def _code(self, row: CertificateRow) -> None:
        top = self.height - 36
        self.p.setPen(QPen(BORDER, 0.3 * self.k))
        self.p.drawLine(self.rect(20, top, 0, 0).topLeft(),
                        self.rect(self.width - 20, top, 0, 0).topLeft())
        self.p.setFont(font(10))
        self.p.setPen(MUTED)
        self.p.drawText(self.rect(20, top + 3, 60, 6), Qt.AlignmentFlag.AlignLeft, _("確認コード"))
        self.p.setFont(code_font(18))
        self.p.setPen(INK)
        self.p.drawText(self.rect(20, top + 9, 90, 10), Qt.AlignmentFlag.AlignLeft, row.code)
        self.p.setFont(font(9.5))
        self.p.setPen(MUTED)
        wrap = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        self.p.drawText(self.rect(112, top + 3, self.width - 132, 24), wrap, _(
            "この修了証が本物かどうかは、確認コードで確かめられます。人事担当者の「修了証」画面に"
            "コードを入力するか、コマンド dxtrainer verify-certificate {code} を実行すると、"
            "氏名・所属・コース・発行日と、取り消されていないかが表示されます。").format(code=row.code))
