"""Painting pieces of the PDF report: fonts, colours, a millimetre canvas, pages, bars, legend."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QLinearGradient, QPainter, QPdfWriter, QPen

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _
from dxtrainer.services import exports
from dxtrainer.services.report_records import Dashboard

FONTS = ["Noto Sans CJK JP", "Yu Gothic UI", "Meiryo UI", "sans-serif"]
PRIMARY = QColor("#1A4F8B")
INK, MUTED, BORDER = QColor("#1F2933"), QColor("#52606D"), QColor("#DDE3EA")
HEADER_FILL, TRACK, HIDDEN_FILL = QColor("#EEF2F7"), QColor("#E8EDF3"), QColor("#F0F2F5")
RESOLUTION = 300  # dots per inch
MARGIN, FOOTER = 15.0, 9.0  # mm
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
ROW = 6.3  # mm, a table row


def font(points: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(FONTS)
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def shade(share: float) -> QColor:
    """White (0%) to the primary blue (100%)."""
    t = min(max(share, 0.0), 1.0)
    return QColor(round(255 + (PRIMARY.red() - 255) * t), round(255 + (PRIMARY.green() - 255) * t),
                  round(255 + (PRIMARY.blue() - 255) * t))


def text_colour(fill: QColor) -> QColor:
    """Black or white, whichever contrasts more with `fill` (WCAG relative luminance)."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(fill.red()) + 0.7152 * channel(fill.green()) \
        + 0.0722 * channel(fill.blue())
    return QColor("#FFFFFF") if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else INK


class ReportCanvas:
    """Lays the report out top to bottom in millimetres, starting a new page where needed."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, dashboard: Dashboard, day: date,
                 total: int | None) -> None:
        self.writer, self.p, self.d, self.day, self.total = writer, painter, dashboard, day, total
        self.k = writer.resolution() / 25.4  # device pixels per mm
        self.width = writer.width() / self.k
        self.bottom = writer.height() / self.k - FOOTER
        self.y, self.page = 0.0, 1

    # -- drawing primitives (millimetres) --

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x * self.k, y * self.k, w * self.k, h * self.k)

    def text(self, x: float, y: float, w: float, h: float, text: str, points: float = 9,
             bold: bool = False, colour: QColor = INK, align: Qt.AlignmentFlag = LEFT,
             wrap: bool = False) -> None:
        self.p.setFont(font(points, bold))
        self.p.setPen(colour)
        flags = align | (Qt.TextFlag.TextWordWrap if wrap else 0)
        if not wrap:
            text = self.p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                   round(w * self.k))
        self.p.drawText(self.rect(x, y, w, h), flags, text)

    def advance(self, text: str, points: float, bold: bool = False) -> float:
        """The width of one line of text, in mm."""
        self.p.setFont(font(points, bold))
        return self.p.fontMetrics().horizontalAdvance(text) / self.k

    def fit(self, text: str, width: float, points: float, smallest: float = 6.5) -> float:
        """A bold size at which every word of `text` fits `width` (long translated headings)."""
        words = text.split() or [text]
        while points > smallest and max(self.advance(w, points, True) for w in words) > width:
            points -= 0.5
        return points

    def text_height(self, w: float, text: str, points: float, bold: bool = False) -> float:
        self.p.setFont(font(points, bold))
        bound = self.p.boundingRect(self.rect(0, 0, w, 1000), Qt.TextFlag.TextWordWrap, text)
        return bound.height() / self.k

    def box(self, x: float, y: float, w: float, h: float, fill: QColor | None,
            border: QColor | None = None, radius: float = 0.0, line: float = 0.25) -> None:
        self.p.setPen(QPen(border, line * self.k) if border else Qt.PenStyle.NoPen)
        self.p.setBrush(QBrush(fill) if fill else Qt.BrushStyle.NoBrush)
        if radius:
            self.p.drawRoundedRect(self.rect(x, y, w, h), radius * self.k, radius * self.k)
        else:
            self.p.drawRect(self.rect(x, y, w, h))

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: QColor = BORDER,
             width: float = 0.25) -> None:
        self.p.setPen(QPen(colour, width * self.k))
        self.p.drawLine(QPointF(x1 * self.k, y1 * self.k), QPointF(x2 * self.k, y2 * self.k))

    # -- small pieces --

    def bar(self, x: float, y: float, w: float, share: float | None) -> None:
        track = w - 15
        self.box(x, y + ROW / 2 - 1.6, track, 3.2, TRACK)
        if share is not None and share > 0:
            self.box(x, y + ROW / 2 - 1.6, track * min(share, 1.0), 3.2, PRIMARY)
        self.text(x + track, y, 15, ROW, format_percent(share, 1), 9, align=RIGHT)

    def two_lines(self, text: str, width: float, points: float) -> str:
        """Break a long heading where a reader would: before「(」or after「・」."""
        self.p.setFont(font(points, True))
        if self.p.fontMetrics().horizontalAdvance(text) <= width * self.k:
            return text
        for mark, after in (("(", False), ("(", False), ("・", True)):
            at = text.find(mark)
            if at > 0:
                at += 1 if after else 0
                return text[:at] + "\n" + text[at:]
        return text

    def legend(self) -> None:
        y = self.y + 2.5
        label = _("習得率")
        x = self.advance(label, 8) + 2
        self.text(0, y - 1, x, 5, label, 8, colour=MUTED)
        self.text(x, y - 1, 8, 5, "0%", 7.5, colour=MUTED)
        x += 7
        gradient = QLinearGradient(QPointF(x * self.k, 0), QPointF((x + 40) * self.k, 0))
        gradient.setColorAt(0, QColor("#FFFFFF"))
        gradient.setColorAt(1, PRIMARY)
        self.p.setPen(QPen(BORDER, 0.25 * self.k))
        self.p.setBrush(QBrush(gradient))
        self.p.drawRect(self.rect(x, y, 40, 3))
        self.text(x + 41, y - 1, 12, 5, "100%", 7.5, colour=MUTED)
        x += 62
        self.box(x, y, 8, 3, HIDDEN_FILL, BORDER)
        self.text(x + 10, y - 1, self.width - x - 10, 5,
                  _("「—」: 少人数のため表示しません"), 7.5, colour=MUTED)
        self.y += 8

    # -- pages --

    def ensure(self, height: float) -> bool:
        """Start a new page unless `height` mm still fit; True when a page was started."""
        if self.y + height <= self.bottom:
            return False
        self.footer()
        self.writer.newPage()
        self.page += 1
        self.y = 0.0
        self.text(0, 0, self.width, 5, self.running_title(), 8, colour=MUTED)
        self.line(0, 6, self.width, 6)
        self.y = 10.0
        return True

    def running_title(self) -> str:
        return "  |  ".join([_("DXリテラシー状況報告"), exports.scope_name(self.d),
                             self.d.period_label])

    def footer(self) -> None:
        top = self.bottom + FOOTER - 5
        self.line(0, top - 1.5, self.width, top - 1.5)
        self.text(0, top, self.width * 0.7, 5, self.running_title(), 7.5, colour=MUTED)
        pages = f"{self.page} / {self.total}" if self.total else str(self.page)
        self.text(self.width * 0.7, top, self.width * 0.3, 5, pages, 7.5, colour=MUTED,
                  align=RIGHT)

    def section(self, title: str, block: float) -> None:
        """A heading, kept with its block when the block fits on one page (else with its start)."""
        self.y += 4
        fresh_page = self.bottom - 10
        self.ensure(10 + (block if block + 10 <= fresh_page else ROW * 3))
        self.box(0, self.y + 1, 1.2, 5, PRIMARY)
        self.text(3, self.y, self.width - 3, 7, title, 12.5, bold=True)
        self.y += 9

    def hidden_message(self) -> str:
        return _("対象の職員が{n}人未満のため表示しません。").format(n=self.d.min_group)
