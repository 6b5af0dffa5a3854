"""The set-up the one-page PDFs share (修了証, 初期コードの通知書): an A4 QPdfWriter with its
painter, and a page laid out in millimetres. The dashboard report has its own (report_pdf.py).

Needs a QGuiApplication (the command line makes an offscreen one); safe on the worker thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from dxtrainer.ui.report_pdf_parts import RESOLUTION, font

MONO_FONTS = ["Noto Sans Mono CJK JP", "Consolas", "DejaVu Sans Mono", "monospace"]


@contextmanager
def a4_pdf(path: str | Path, title: str, orientation: QPageLayout.Orientation,
           margin: float) -> Iterator[tuple[QPdfWriter, QPainter]]:
    """An A4 PDF at `path` (`margin` mm all round) and a painter on it, ended when the block
    ends. A missing folder or no permission raises an OSError that names the reason."""
    with open(path, "ab"):  # Qt would only say that it failed
        pass
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                     QMarginsF(margin, margin, margin, margin),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(title)
    writer.setCreator("DX Trainer")
    painter = QPainter(writer)
    try:
        yield writer, painter
    finally:
        painter.end()


class PdfPage:
    """A page inside the margins, measured in millimetres (`k` device pixels a millimetre)."""

    def __init__(self, painter: QPainter, writer: QPdfWriter) -> None:
        self.p = painter
        self.k = writer.resolution() / 25.4
        self.width = writer.width() / self.k
        self.height = writer.height() / self.k

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x * self.k, y * self.k, w * self.k, h * self.k)


def code_font(points: float) -> QFont:
    """Bold monospace for a code a person types in (初期コード, 確認コード)."""
    f = font(points, bold=True)
    f.setFamilies(MONO_FONTS)
    return f
