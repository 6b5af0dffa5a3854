"""The printed report of a dashboard (A4 portrait PDF) for 庁内会議, drawn with QPainter.

Needs a QGuiApplication (the command line makes an offscreen one). The numbers come from the
same helpers as the CSV, Excel and JSON exports, so paper and screen agree.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _
from dxtrainer.messages import category_name
from dxtrainer.services import exports
from dxtrainer.services.report_records import Dashboard
from dxtrainer.ui.report_pdf_parts import (
    BORDER,
    CENTER,
    HEADER_FILL,
    HIDDEN_FILL,
    LEFT,
    MARGIN,
    MUTED,
    PRIMARY,
    RESOLUTION,
    RIGHT,
    ROW,
    ReportCanvas,
    shade,
    text_colour,
)


def render_pdf_headless(dashboard: Dashboard, path: str | Path) -> int:
    """For the command line: draw the PDF in the running Qt application, or in an offscreen one
    when there is none and no display (a server, a scheduled task)."""
    import os
    import sys

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - alive while drawing
    return render_pdf(dashboard, path)


def render_pdf(dashboard: Dashboard, path: str | Path, *, generated: date | None = None) -> int:
    """Write the report to `path`; returns the number of pages. Raises OSError if unwritable."""
    day = generated or date.today()
    with open(path, "ab"):  # a missing folder or no permission: an OSError with its reason
        pass
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pages = _paint(QPdfWriter(buffer), dashboard, day, None)  # a first pass counts the pages
    _paint(QPdfWriter(str(path)), dashboard, day, pages)
    return pages


def _paint(writer: QPdfWriter, dashboard: Dashboard, day: date, total: int | None) -> int:
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(_("DXリテラシー状況報告"))
    writer.setCreator("DX Trainer")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(_("PDF を書き込む準備ができませんでした"))
    try:
        report = _Report(writer, painter, dashboard, day, total)
        report.draw()
        return report.page
    finally:
        painter.end()


class Col(NamedTuple):
    """A column of _Report.table: width in mm (0: a share of what is left)."""

    title: str
    width: float = 0.0
    align: Qt.AlignmentFlag = LEFT
    bar: bool = False  # the cells are shares, drawn as bars


class _Report(ReportCanvas):
    """The blocks of the report, in the order they are printed."""

    def draw(self) -> None:
        self.title()
        self.tiles()
        self.departments()
        self.trend()  # the first page: the figures a meeting starts with
        self.heatmap()
        self.distribution()
        self.courses()
        self.definitions()
        self.footer()

    # -- blocks --

    def title(self) -> None:
        d = self.d
        self.text(0, 0, self.width * 0.7, 11, _("DXリテラシー状況報告"), 21, bold=True,
                  colour=PRIMARY)
        self.text(self.width * 0.6, 1, self.width * 0.4, 9,
                  _("{date} 作成").format(date=exports.format_date(self.day)), 9.5,
                  colour=MUTED, align=RIGHT)
        parts = [_("対象: {scope}").format(scope=exports.scope_name(d)),
                 _("期間: {period}").format(period=d.period_label)]
        if d.category is not None:
            parts.append(_("分野: {category}").format(category=category_name(d.category)))
        if d.needs_retake:
            parts.append(_("要再受講: {n}人(修了率に含みません)").format(n=d.needs_retake))
        self.text(0, 12.5, self.width, 7, "    ".join(parts), 11.5)
        self.line(0, 21, self.width, 21, PRIMARY, 0.7)
        self.text(0, 22.5, self.width, 5, exports.small_group_note(d), 8.5, colour=MUTED)
        self.y = 30.0

    def tiles(self) -> None:
        d, gap = self.d, 4.0
        width, height = (self.width - 3 * gap) / 4, 29.0
        staff = _("{n}人").format(n=f"{d.active_staff:,}") if d.active_staff is not None \
            else exports.DASH
        as_of = min(d.period.end - timedelta(days=1), self.day)
        tiles = [(_("在籍職員数"), staff,
                  _("{date}時点").format(date=exports.format_date(as_of)))]
        for key, label, kpi in exports.kpis(d):
            against = _("期首比") if key == "completion" else _("前期比")
            tiles.append((label, format_percent(kpi.value),
                          f"{against} {exports.format_points(kpi.change)}"))
        for i, (label, value, note) in enumerate(tiles):
            x = i * (width + gap)
            self.box(x, self.y, width, height, QColor("#FFFFFF"), BORDER, radius=2)
            self.text(x + 4, self.y + 2.5, width - 8, 6, label, 10, colour=MUTED)
            self.text(x + 4, self.y + 8.5, width - 8, 12, value, 24, bold=True, colour=PRIMARY)
            if self.advance(note, 8) <= width - 8:
                self.text(x + 4, self.y + 21.5, width - 8, 5, note, 8)
            else:  # a longer translation: two smaller lines
                self.text(x + 4, self.y + 20.5, width - 8, 7.5, note, 7, wrap=True,
                          align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.y += height + 2

    def departments(self) -> None:
        rows = self.d.departments
        self.section(_("所属別の状況"), ROW * (len(rows) + 1))
        self.table(
            [Col(_("所属"), 46.0), Col(_("職員数"), 17.0, RIGHT), Col(_("参加率"), 21.0, RIGHT),
             Col(_("修了率"), bar=True), Col(_("平均得点"), bar=True)],
            [[r.name, exports.DASH if r.staff is None else f"{r.staff:,}",
              format_percent(r.participation, 1), r.completion, r.average_score] for r in rows],
            empty=_("表示できる所属がありません。"))

    def heatmap(self) -> None:
        rows = self.d.heatmap
        cats = list(rows[0].mastery) if rows else []
        if not cats:
            return
        name_w = 46.0
        cell_w = (self.width - name_w) / len(cats)
        heads = [self.two_lines(category_name(c), cell_w - 2, 8) for c in cats]
        head_h = max(self.text_height(cell_w - 2, h, 8, True) for h in heads) + 2
        self.section(_("分野別の習得率"), head_h + ROW * len(rows) + 8)

        def header() -> None:
            self.box(0, self.y, self.width, head_h, HEADER_FILL)
            self.text(2, self.y, name_w - 4, head_h, _("所属"), 9, bold=True)
            for i, _c in enumerate(cats):
                self.text(name_w + i * cell_w + 1, self.y, cell_w - 2, head_h, heads[i],
                          8, bold=True, align=CENTER, wrap=True)
            self.y += head_h

        header()
        for r in rows:
            if self.ensure(ROW):
                header()
            self.text(2, self.y, name_w - 4, ROW, r.name, 9)
            for i, c in enumerate(cats):
                value = r.mastery.get(c)
                fill = HIDDEN_FILL if value is None else shade(value)
                x = name_w + i * cell_w
                self.box(x + 0.3, self.y + 0.3, cell_w - 0.6, ROW - 0.6, fill)
                self.text(x, self.y, cell_w, ROW, format_percent(value, 1), 8.5,
                          colour=MUTED if value is None else text_colour(fill), align=CENTER)
            self.y += ROW
        self.ensure(8)
        self.legend()

    def trend(self) -> None:
        points = self.d.trend
        height = 60.0
        self.section(_("月別の参加率と解答数"), height)
        if not points or self.d.suppressed:
            message = (self.hidden_message() if self.d.suppressed
                       else _("この期間の記録はまだありません。"))
            self.text(2, self.y, self.width, ROW, message, 9, colour=MUTED)
            self.y += ROW
            return
        left, top, plot_h = 16.0, self.y + 5, 38.0
        plot_w = self.width - left - 2
        values = [t.participation for t in points]
        peak = max([v for v in values if v is not None] or [0.0])
        step = 0.05 if peak <= 0.25 else (0.1 if peak <= 0.6 else 0.2)
        top_value = max(step, (int(peak * 1.15 / step) + 1) * step)
        ticks = int(round(top_value / step))
        for i in range(ticks + 1):
            gy = top + plot_h - plot_h * i / ticks
            self.line(left, gy, left + plot_w, gy, BORDER if i else MUTED, 0.2)
            self.text(0, gy - 2.5, left - 2, 5, format_percent(step * i), 7.5, colour=MUTED,
                      align=RIGHT)
        slot = plot_w / len(points)
        xy = []
        for i, t in enumerate(points):
            cx = left + slot * (i + 0.5)
            month = _("{month}月").format(month=t.period.start.month)
            partial = t.period.end > self.day
            self.text(cx - slot / 2, top + plot_h + 1, slot, 5, month + ("*" if partial else ""),
                      8.5, align=CENTER)
            answers = exports.DASH if t.answers is None else _("{n}件").format(n=f"{t.answers:,}")
            self.text(cx - slot / 2, top + plot_h + 6, slot, 4.5, answers, 7.5, colour=MUTED,
                      align=CENTER)
            if t.participation is not None:
                xy.append((cx, top + plot_h - plot_h * min(t.participation / top_value, 1.0),
                           t.participation))
        self.text(0, top + plot_h + 6, left - 2, 4.5, _("解答数"), 7.5, colour=MUTED, align=RIGHT)
        if xy:
            path = QPainterPath(QPointF(xy[0][0] * self.k, xy[0][1] * self.k))
            for x, y, _v in xy[1:]:
                path.lineTo(x * self.k, y * self.k)
            self.p.setPen(QPen(PRIMARY, 0.6 * self.k))
            self.p.setBrush(Qt.BrushStyle.NoBrush)
            self.p.drawPath(path)
            for x, y, v in xy:
                self.p.setBrush(QBrush(PRIMARY))
                self.p.setPen(QPen(QColor("#FFFFFF"), 0.3 * self.k))
                self.p.drawEllipse(QPointF(x * self.k, y * self.k), 1.1 * self.k, 1.1 * self.k)
                self.text(x - slot / 2, y - 6, slot, 4.5, format_percent(v, 1), 7.5,
                          align=CENTER)
        self.y = top + plot_h + 11
        if any(t.period.end > self.day for t in points):
            self.text(0, self.y, self.width, 4.5,
                      _("* 作成日({date})までの集計で、月の途中です。").format(
                          date=exports.format_date(self.day)), 7.5, colour=MUTED)
            self.y += 5

    def distribution(self) -> None:
        bands = self.d.distribution
        self.section(_("平均得点の分布(人数)"), 50)
        if bands is None:
            self.text(2, self.y, self.width, ROW, self.hidden_message(), 9, colour=MUTED)
            self.y += ROW
            return
        left, top, plot_h = 16.0, self.y + 5, 32.0
        plot_w = self.width - left - 2
        peak = max(max(bands), 1)
        self.line(left, top + plot_h, left + plot_w, top + plot_h, MUTED, 0.2)
        slot = plot_w / len(bands)
        for i, n in enumerate(bands):
            h = plot_h * n / peak
            x = left + slot * i
            if n:
                self.box(x + slot * 0.15, top + plot_h - h, slot * 0.7, h, PRIMARY)
            self.text(x, top + plot_h - h - 5, slot, 4.5, _("{n}人").format(n=n), 8,
                      align=CENTER)
            label = f"{i * 10}〜{i * 10 + 10}"
            self.text(x, top + plot_h + 1, slot, 5, label, 8, align=CENTER)
        self.text(0, top + plot_h + 1, left - 2, 5, _("得点(%)"), 7.5, colour=MUTED,
                  align=RIGHT)
        self.y = top + plot_h + 8

    def courses(self) -> None:
        """必修研修の修了状況 and コースの学習効果 (事後 − 事前), for the 議会 and the 首長."""
        d = self.d
        if d.assignments:
            self.section(_("必修研修の修了状況"), ROW * (len(d.assignments) + 1))
            self.table(
                [Col(_("必修研修")), Col(_("期限"), 29.0, RIGHT), Col(_("対象"), 17.0, RIGHT),
                 Col(_("修了"), 22.0, RIGHT), Col(_("修了率"), 36.0, bar=True),
                 Col(_("期限切れ未修了"), 29.0, RIGHT)],
                [[a.title, exports.format_date(a.deadline), _("{n}人").format(n=f"{a.targeted:,}"),
                  _("{n}人").format(n=f"{a.completed:,}"), a.completion,
                  _("{n}人").format(n=f"{a.overdue:,}")] for a in d.assignments])
        gains = exports.shown_gains(d)
        if not gains:
            return
        self.section(_("コースの学習効果(事後テスト − 事前テスト)"), ROW * (len(gains) + 4))
        by_course = d.course_id is None
        self.table(
            [Col(_("コース") if by_course else _("所属")), Col(_("人数"), 18.0, RIGHT),
             Col(_("事前テスト"), 24.0, RIGHT), Col(_("事後テスト"), 24.0, RIGHT),
             Col(_("伸び"), 30.0, RIGHT)],
            [[r.course_title if by_course else r.department or _("全体"),
              exports.DASH if g.people is None else _("{n}人").format(n=g.people),
              format_percent(g.pre, 1), format_percent(g.post, 1),
              exports.format_points(g.gain)] for r, g in gains])
        note = _("事前・事後テストの両方を受けた人だけを数えています。A・B の 2 様式を半数ずつ入れ替えて"
                 "いるので、様式の難しさの差は全体では打ち消し合います。")
        if d.course_id is not None:
            note += _("コース「{title}」の所属別です。").format(title=d.course_title)
        if d.category is not None:
            note += _("分野「{c}」の問題だけの伸びです。").format(c=category_name(d.category))
        h = max(self.text_height(self.width, note, 8), 4.5)
        self.ensure(h + 1)
        self.text(0, self.y + 1, self.width, h, note, 8, colour=MUTED, wrap=True)
        self.y += h + 2

    def table(self, columns: list[Col], rows: list[list[str | float | None]],
              empty: str = "") -> None:
        """A table of text cells and, in `bar` columns, shares drawn as bars (None: 「—」).
        Columns of width 0 share what is left; the header comes again on each new page."""
        rest = (self.width - sum(c.width for c in columns)) / max(
            1, sum(1 for c in columns if not c.width))
        widths = [c.width or rest for c in columns]
        sizes = [self.fit(c.title, w - 4, 9) for c, w in zip(columns, widths, strict=True)]
        head_h = max(ROW, *(self.text_height(w - 4, c.title, size, True) + 2
                            for c, w, size in zip(columns, widths, sizes, strict=True)))

        def header() -> None:
            self.box(0, self.y, self.width, head_h, HEADER_FILL)
            x = 0.0
            for c, w, size in zip(columns, widths, sizes, strict=True):
                self.text(x + 2, self.y, w - 4, head_h, c.title, size, bold=True, align=c.align,
                          wrap=True)
                x += w
            self.y += head_h

        header()
        if not rows and empty:
            self.text(2, self.y, self.width, ROW, empty, 9, colour=MUTED)
            self.y += ROW
        for row in rows:
            if self.ensure(ROW):
                header()
            x = 0.0
            for value, c, w in zip(row, columns, widths, strict=True):
                if c.bar:
                    self.bar(x + 2, self.y, w - 4, value if isinstance(value, float) else None)
                else:  # a long name in a smaller type (down to 7 pt) before it is cut
                    text = value if isinstance(value, str) else ""
                    size = 9.0
                    while size > 7 and self.advance(text, size) > w - 4:
                        size -= 0.5
                    self.text(x + 2, self.y, w - 4, ROW, text, size, align=c.align)
                x += w
            self.line(0, self.y + ROW, self.width, self.y + ROW)
            self.y += ROW

    def definitions(self) -> None:
        notes = exports.notes(self.d)
        term_w = max(self.advance(term, 8.5, True) for term, _t in exports.definitions()) + 5
        self.section(_("用語の定義と注記"), 20)
        for term, text in exports.definitions():
            h = max(self.text_height(self.width - term_w, text, 8.5), 5)
            self.ensure(h + 1)
            self.text(0, self.y, term_w, 5, term, 8.5, bold=True)
            self.text(term_w, self.y, self.width - term_w, h, text, 8.5, wrap=True)
            self.y += h + 1
        self.y += 2
        for note in notes:
            h = max(self.text_height(self.width - 4, note, 8), 4.5)
            self.ensure(h + 1)
            self.text(0, self.y, 4, 4.5, "※", 8, colour=MUTED)
            self.text(4, self.y, self.width - 4, h, note, 8, colour=MUTED, wrap=True)
            self.y += h + 1
