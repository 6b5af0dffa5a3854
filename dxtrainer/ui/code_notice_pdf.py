"""初期コードの通知書: one A4 page per person (氏名, 所属, 職員番号, the code, its expiry and how
to sign in), drawn with QPainter on a QPdfWriter, plus the CSV for a mail merge beside it.

Needs a QGuiApplication (the command line makes an offscreen one); safe on the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPageLayout, QPainter, QPdfWriter, QPen

from dxtrainer.i18n import _
from dxtrainer.services.code_records import IssuedCode, write_codes_csv
from dxtrainer.services.export_tables import format_date
from dxtrainer.services.records import Role
from dxtrainer.ui.pdf_page import PdfPage, a4_pdf, code_font
from dxtrainer.ui.report_pdf_parts import BORDER, INK, MUTED, PRIMARY, font

MARGIN = 20.0  # mm
WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
CODE_FILL = QColor("#EEF2F7")


def render_notices_headless(rows: Sequence[IssuedCode], path: str | Path) -> int:
    """For the command line: draw in the running Qt application, or in an offscreen one."""
    import os
    import sys

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - alive while drawing
    return render_notices(rows, path)


def save_notices(rows: Sequence[IssuedCode], folder: str | Path, *,
                 now: datetime | None = None) -> tuple[Path, Path]:
    """The PDF of notices and the CSV, named by the time of issue, in `folder`."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = Path(folder)
    pdf = base / _("初期コード通知書_{stamp}.pdf").format(stamp=stamp)
    csv = base / _("初期コード一覧_{stamp}.csv").format(stamp=stamp)
    render_notices(rows, pdf)
    write_codes_csv(rows, csv)
    return pdf, csv


def render_notices(rows: Sequence[IssuedCode], path: str | Path,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Write one notice per page to `path`; returns the number of pages."""
    with a4_pdf(path, _("初期コードのお知らせ"), QPageLayout.Orientation.Portrait,
                MARGIN) as (writer, painter):
        for n, row in enumerate(rows):
            if n:
                writer.newPage()
            _Notice(painter, writer).draw(row)
            if progress is not None:
                progress(n + 1, len(rows))
    return len(rows)


class _Notice(PdfPage):
    """One page, laid out top to bottom in millimetres."""

    def __init__(self, painter: QPainter, writer: QPdfWriter) -> None:
        super().__init__(painter, writer)
        self.y = 0.0

    def text(self, text: str, points: float, *, bold: bool = False, colour: QColor = INK,
             gap: float = 2.0, indent: float = 0.0) -> None:
        self.p.setFont(font(points, bold))
        self.p.setPen(colour)
        area = self.rect(indent, self.y, self.width - indent, 200)
        used = self.p.boundingRect(area, WRAP, text)
        self.p.drawText(area, WRAP, text)
        self.y += used.height() / self.k + gap

    def rule(self, gap: float = 4.0) -> None:
        self.p.setPen(QPen(BORDER, 0.3 * self.k))
        self.p.drawLine(self.rect(0, self.y, self.width, 0).topLeft(),
                        self.rect(0, self.y, self.width, 0).topRight())
        self.y += gap

    def draw(self, row: IssuedCode) -> None:
        self.y = 0.0
        self.text(_("{day} 発行").format(day=_day(datetime.now())), 9, colour=MUTED, gap=1)
        self.text(_("DX研修アプリ 初期コードのお知らせ"), 18, bold=True, colour=PRIMARY, gap=6)
        self.text(_("{name} 様").format(name=row.name), 15, bold=True, gap=1)
        self.text(_("所属: {department}").format(department=row.department or "—"), 11, gap=1)
        self.text(_("職員番号: {number}").format(number=row.staff_no), 11, gap=6)
        self.text(_("DX研修アプリ(DX Trainer)を使い始めるための「初期コード」をお知らせします。"
                    "はじめてサインインするときに、一度だけ使います。"), 11, gap=5)
        self._code_box(row)
        self.rule()
        secret = (_("PIN(4〜8 桁の数字)") if row.role is Role.LEARNER
                  else _("パスワード(英字と数字を含む 8 文字以上)"))
        self.text(_("サインインのしかた"), 13, bold=True, gap=3)
        steps = [
            _("パソコンで「DX Trainer」を開きます。"),
            _("サインイン画面で自分の名前を選ぶか、職員番号を入力して「次へ」を押します。"),
            _("「初期コード」の欄に、上の枠のコードを入力します。ハイフン(-)は入れなくてもかまいません。"
              "大文字・小文字も区別しません。"),
            _("次回から使う{secret}を自分で決めて、2 回入力します。").format(secret=secret),
            _("「サインイン」を押すと、研修を始められます。次回からは、決めた{secret}だけで"
              "サインインできます。").format(
                secret=_("PIN") if row.role is Role.LEARNER else _("パスワード")),
        ]
        for n, step in enumerate(steps, 1):
            self.text(f"{n}.", 11, gap=0)
            self.y -= self.p.fontMetrics().height() / self.k
            self.text(step, 11, gap=2, indent=7)
        self.y += 3
        self.rule()
        self.text(_("ご注意ください"), 13, bold=True, gap=3)
        for note in (
            _("このコードは、あなた専用です。ほかの人に見せたり、教えたりしないでください。"),
            _("コードは 1 回だけ使えます。期限が過ぎたときや、この通知書をなくしたときは、"
              "人事担当者に再発行を依頼してください。"),
            _("サインインが済んだら、この通知書はシュレッダーにかけるなど、安全な方法で処分してください。"),
        ):
            self.text("・" + note, 10.5, gap=2)

    def _code_box(self, row: IssuedCode) -> None:
        box = self.rect(0, self.y, self.width, 34)
        self.p.setPen(QPen(PRIMARY, 0.5 * self.k))
        self.p.setBrush(CODE_FILL)
        self.p.drawRoundedRect(box, 2 * self.k, 2 * self.k)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.setFont(font(10))
        self.p.setPen(MUTED)
        self.p.drawText(self.rect(6, self.y + 3, self.width - 12, 6),
                        Qt.AlignmentFlag.AlignLeft, _("初期コード"))
        big = code_font(30)
        big.setLetterSpacing(big.SpacingType.AbsoluteSpacing, 1.2 * self.k)
        self.p.setFont(big)
        self.p.setPen(INK)
        self.p.drawText(self.rect(0, self.y + 8, self.width, 16), Qt.AlignmentFlag.AlignCenter,
                        row.code)
        self.p.setFont(font(11, bold=True))
        self.p.setPen(PRIMARY)
        self.p.drawText(self.rect(0, self.y + 25, self.width, 7), Qt.AlignmentFlag.AlignCenter,
                        _("有効期限: {day} {time} まで").format(
                            day=_day(row.expires_at), time=row.expires_at.strftime("%H:%M")))
        self.y += 34 + 6


def _day(moment: datetime) -> str:
    return format_date(moment.date())
