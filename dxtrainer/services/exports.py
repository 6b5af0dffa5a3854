"""Dashboard exports for 庁内会議 and automation: CSV (UTF-8 with BOM), Excel and JSON.

Every number goes through the one rounding rule of domain/progress.py, so the files agree with
the screens to the last digit:

- CSV: percentages as text numbers with one decimal (format_percent(v, 1) without the「%」, e.g.
  62.5) under a header saying (%); changes in points the same way; suppressed values as「—」.
- Excel: numeric cells holding round_half_up(v * 100, 1) / 100 (float noise dropped) formatted
  '0.0%' (the cell shows 62.5%, and sums and charts in Excel use that shown value); suppressed
  cells are the text「—」.
- JSON: percentages (0–100) as floats rounded half up to one decimal (62.5), changes in points
  likewise, counts as integers, null where a small group is suppressed. The unrounded shares are
  not exported: a script reading the JSON sees exactly the numbers on the screen.

The PDF is drawn by dxtrainer/ui/report_pdf.py (Qt), from the same helpers.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dxtrainer.domain.content import CATEGORY_ORDER, Category
from dxtrainer.domain.periods import period_label
from dxtrainer.domain.progress import format_percent, round_half_up
from dxtrainer.i18n import _
from dxtrainer.messages import category_name
from dxtrainer.services.report_records import Dashboard, Kpi, StaffProgressRow

if TYPE_CHECKING:  # sqlalchemy only for match_department, so that the Qt PDF can import this
    from sqlalchemy.orm import Session, sessionmaker

EXPORT_FORMATS = ("csv", "xlsx", "json")  # the PDF: dxtrainer.ui.report_pdf.render_pdf
JSON_FORMAT = "dxtrainer-report/1"
DASH = "—"
TEXT, INT, PERCENT, POINTS, DATE = "text", "int", "percent", "points", "date"


# -- the numbers ----------------------------------------------------------------------------------

def percent_number(share: float | None) -> float | None:
    """0.4875 -> 48.8: a share as a percentage with one decimal (round half up); None stays."""
    return None if share is None else round_half_up(share * 100, 1) + 0.0  # no -0.0


def excel_share(share: float | None) -> float | None:
    """The value of an Excel '0.0%' cell: the shown percentage, as a share (48.8% -> 0.488)."""
    number = percent_number(share)
    # number / 100 may carry float noise (87.6 / 100 = 0.8759999999999999); the rule drops it.
    return None if number is None else round_half_up(number / 100, 3) + 0.0


def percent_text(share: float | None) -> str:
    """'48.8' (for a column headed (%)), or「—」."""
    return format_percent(share, 1).removesuffix("%")


def format_points(change: float | None, digits: int = 1) -> str:
    """A change between two shares in percentage points: '+12.3ポイント', '−2.0ポイント' (a true
    minus sign; not ▲, which the dashboard tiles use for a rise), '±0.0ポイント', '—'.

    The unrounded difference is rounded (not the difference of two rounded numbers)."""
    if change is None:
        return DASH
    value = round_half_up(change * 100, digits)
    if value > 0:
        text = f"+{value:.{digits}f}"
    elif value < 0:
        text = f"−{-value:.{digits}f}"
    else:
        text = f"±{0:.{digits}f}"
    return _("{value}ポイント").format(value=text)


def format_date(day: date) -> str:
    """2026年11月27日."""
    return _("{year}年{month}月{day}日").format(year=day.year, month=day.month, day=day.day)


def scope_name(dashboard: Dashboard) -> str:
    return dashboard.scope_name or _("全庁")


def small_group_note(dashboard: Dashboard) -> str:
    return _("{n}人未満の集団は「—」で表示しています。").format(n=dashboard.min_group)


def subtraction_note() -> str:
    return _("ほかの集団との差し引きで少人数の集団の値が分かってしまう場合は、その集団も「—」にしています。")


def rounding_note() -> str:
    return _("差は端数処理の前の値から求めているため、表示された値どうしの差と0.1ポイント異なることがあります。")


def notes(dashboard: Dashboard) -> list[str]:
    """The notes printed with every report: small groups, subtraction, rounding."""
    return [small_group_note(dashboard), subtraction_note(), rounding_note()]


def comparison_label(dashboard: Dashboard, kpi_name: str) -> str:
    """What a KPI's change is measured against: the previous period, or (completion) its start."""
    if kpi_name == "completion":
        return _("期首")
    return _("前期({label})").format(label=period_label(dashboard.period.previous()))


def kpis(dashboard: Dashboard) -> list[tuple[str, str, Kpi]]:
    """(key, label, Kpi) of the three tiles, in the order of the screens."""
    return [("participation", _("参加率"), dashboard.participation),
            ("completion", _("修了率"), dashboard.completion),
            ("average_score", _("平均得点"), dashboard.average_score)]


def definitions() -> list[tuple[str, str]]:
    """The Definitions of DESIGN.md in words for a meeting (printed under the tables)."""
    return [
        (_("参加率"), _("期間中に1問以上解答した職員 ÷ 期間末の在籍職員")),
        (_("修了率"), _("修了したレッスン ÷(在籍職員 × レッスン数)。期首比は期間中に修了した分")),
        (_("平均得点"), _("職員ごと・クイズごとの最高得点の平均")),
        (_("習得率"), _("分野の問題のうち、最新の解答が正解である割合(未解答は未習得)")),
    ]


def band_labels() -> list[str]:
    """The ten bands of the score distribution: 0%以上10%未満 … 90%以上100%以下."""
    labels = [_("{low}%以上{high}%未満").format(low=i * 10, high=i * 10 + 10) for i in range(9)]
    return [*labels, _("{low}%以上{high}%以下").format(low=90, high=100)]


# -- the tables (one per sheet, one per CSV section) ----------------------------------------------

@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT  # TEXT, INT, PERCENT (a share 0..1), POINTS (a change of shares), DATE


@dataclass(frozen=True)
class Table:
    key: str
    title: str  # the sheet name, the CSV section
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]  # unrounded values; None = suppressed


def header_rows(dashboard: Dashboard, generated: date) -> list[tuple[str, object, str]]:
    """(label, value, kind) printed above the tables: period, scope, staff, date."""
    rows: list[tuple[str, object, str]] = [
        (_("期間"), dashboard.period_label, TEXT),
        (_("対象"), scope_name(dashboard), TEXT),
    ]
    if dashboard.category is not None:
        rows.append((_("分野"), category_name(dashboard.category), TEXT))
    rows += [(_("在籍職員数(人)"), dashboard.active_staff, INT),
             (_("作成日"), format_date(generated), TEXT)]
    return rows


def report_tables(dashboard: Dashboard,
                  staff: Sequence[StaffProgressRow] | None = None) -> list[Table]:
    """概要, 所属別, 習得状況, 推移, 得点分布 (and 職員別 when staff rows are given)."""
    categories = _categories(dashboard)
    bands = dashboard.distribution or (None,) * 10
    tables = [
        Table("kpis", _("概要"), (Column(_("指標")), Column(_("今期(%)"), PERCENT),
                                 Column(_("比較の基準")), Column(_("基準値(%)"), PERCENT),
                                 Column(_("差(ポイント)"), POINTS)),
              tuple((label, k.value, comparison_label(dashboard, key), k.previous, k.change)
                    for key, label, k in kpis(dashboard))),
        Table("departments", _("所属別"),
              (Column(_("所属")), Column(_("職員数(人)"), INT), Column(_("参加率(%)"), PERCENT),
               Column(_("修了率(%)"), PERCENT), Column(_("平均得点(%)"), PERCENT)),
              tuple((r.name, r.staff, r.participation, r.completion, r.average_score)
                    for r in dashboard.departments)),
        Table("heatmap", _("習得状況"),
              (Column(_("所属")), *(Column(_("{name}(%)").format(name=category_name(c)), PERCENT)
                                  for c in categories)),
              tuple((h.name, *(h.mastery.get(c) for c in categories))
                    for h in dashboard.heatmap)),
        Table("trend", _("推移"),
              (Column(_("月")), Column(_("参加率(%)"), PERCENT), Column(_("解答数(件)"), INT)),
              tuple((t.label, t.participation, t.answers) for t in dashboard.trend)),
        Table("distribution", _("得点分布"),
              (Column(_("平均得点の範囲")), Column(_("人数(人)"), INT)),
              tuple(zip(band_labels(), bands, strict=True))),
    ]
    if staff is not None:
        tables.append(Table(
            "staff", _("職員別"),
            (Column(_("職員番号")), Column(_("氏名")), Column(_("所属")),
             Column(_("修了率(%)"), PERCENT), Column(_("習得率(%)"), PERCENT),
             Column(_("平均得点(%)"), PERCENT), Column(_("期間中の解答数(件)"), INT),
             Column(_("最終受講日"), DATE)),
            tuple((r.staff_no, r.name, r.department, r.completion, r.mastery, r.average_score,
                   r.answers_in_period, r.last_active) for r in staff)))
    return tables


def _categories(dashboard: Dashboard) -> list[Category]:
    if dashboard.heatmap:
        return list(dashboard.heatmap[0].mastery)
    return [dashboard.category] if dashboard.category else list(CATEGORY_ORDER)


def cell_text(value: object, kind: str) -> str:
    """A value as the CSV shows it (and as Excel would show it)."""
    if kind == DATE:
        return value.strftime("%Y/%m/%d") if isinstance(value, date) else ""
    if value is None:
        return DASH
    if kind == PERCENT:
        return percent_text(value)  # type: ignore[arg-type]
    if kind == POINTS:
        return f"{percent_number(value):.1f}"  # type: ignore[arg-type]
    return str(value)


# -- CSV ------------------------------------------------------------------------------------------

def to_csv(dashboard: Dashboard, staff: Sequence[StaffProgressRow] | None = None, *,
           generated: date | None = None) -> bytes:
    """One CSV with a heading block and a section per table, UTF-8 with a BOM (for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("DXリテラシー状況報告")])
    for label, value, kind in header_rows(dashboard, generated or date.today()):
        writer.writerow([label, cell_text(value, kind)])
    for i, note in enumerate(notes(dashboard)):
        writer.writerow([_("注記") if i == 0 else "", note])
    for table in report_tables(dashboard, staff):
        writer.writerow([])
        writer.writerow([_("【{title}】").format(title=table.title)])
        writer.writerow([c.title for c in table.columns])
        for row in table.rows:
            writer.writerow([cell_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return out.getvalue().encode("utf-8-sig")


def write_csv(dashboard: Dashboard, path: str | Path,
              staff: Sequence[StaffProgressRow] | None = None, *,
              generated: date | None = None) -> Path:
    target = Path(path)
    target.write_bytes(to_csv(dashboard, staff, generated=generated))
    return target


# -- Excel ----------------------------------------------------------------------------------------

def to_xlsx(dashboard: Dashboard, staff: Sequence[StaffProgressRow] | None = None, *,
            generated: date | None = None) -> bytes:
    """A workbook with one sheet per table; numbers are numeric cells, '0.0%' for shares."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, heading = Font(bold=True), Font(bold=True, size=14, color="1A4F8B")
    fill = PatternFill("solid", fgColor="DCE7F3")
    header = header_rows(dashboard, generated or date.today())
    book = Workbook()
    book.remove(book.active)
    for table in report_tables(dashboard, staff):
        sheet = book.create_sheet(table.title[:31])
        widths = [_width(c.title) for c in table.columns]
        row = 1
        if table.key == "kpis":
            sheet.cell(1, 1, _("DXリテラシー状況報告")).font = heading
            row = 2
            for label, value, kind in header:
                sheet.cell(row, 1, label).font = bold
                _put(sheet.cell(row, 2), value, kind, Alignment)
                row += 1
            sheet.cell(row, 1, _("注記")).font = bold
            for note in notes(dashboard):
                sheet.cell(row, 2, note)
                row += 1
            row += 1
            widths[0] = max(widths[0], *(_width(label) for label, _v, _k in header))
        for col, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row, col, column.title)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.freeze_panes = sheet.cell(row + 1, 1)
        for values in table.rows:
            row += 1
            for col, (value, column) in enumerate(zip(values, table.columns, strict=True), 1):
                _put(sheet.cell(row, col), value, column.kind, Alignment)
                widths[col - 1] = max(widths[col - 1], _width(cell_text(value, column.kind)) + 1)
        if table.key == "kpis":
            row += 2
            sheet.cell(row, 1, _("用語の定義")).font = bold
            for term, text in definitions():
                row += 1
                sheet.cell(row, 1, term)
                sheet.cell(row, 2, text)
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(1, col).column_letter].width = min(width + 2, 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(cell, value: object, kind: str, alignment) -> None:  # noqa: ANN001
    if kind == DATE:
        cell.value = value
        if value is not None:
            cell.number_format = "yyyy/mm/dd"
        return
    if value is None:
        cell.value = DASH
        cell.alignment = alignment(horizontal="right")
    elif kind == PERCENT:
        cell.value = excel_share(value)  # type: ignore[arg-type]
        cell.number_format = "0.0%"
    elif kind == POINTS:
        cell.value = percent_number(value)  # type: ignore[arg-type]
        cell.number_format = "+0.0;-0.0;0.0"
    elif kind == INT:
        cell.value = value
        cell.number_format = "#,##0"
    else:
        cell.value = value


def _width(text: str) -> int:
    """Column width in Excel units: full-width (Japanese) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def write_xlsx(dashboard: Dashboard, path: str | Path,
               staff: Sequence[StaffProgressRow] | None = None, *,
               generated: date | None = None) -> Path:
    target = Path(path)
    target.write_bytes(to_xlsx(dashboard, staff, generated=generated))
    return target


# -- JSON -----------------------------------------------------------------------------------------

def report_dict(dashboard: Dashboard, staff: Sequence[StaffProgressRow] | None = None, *,
                generated: date | None = None) -> dict:
    """The report for automation: English keys, percentages 0–100 rounded half up to 0.1."""
    period = dashboard.period
    result: dict = {
        "format": JSON_FORMAT,
        "generated": (generated or date.today()).isoformat(),
        "units": {"percent": "percent (0-100), rounded half up to one decimal",
                  "change": "percentage points, rounded half up to one decimal",
                  "null": f"suppressed: a group of fewer than {dashboard.min_group} staff"},
        "period": {"key": period.key, "kind": period.kind.value, "label": dashboard.period_label,
                   "start": period.start.isoformat(), "end_exclusive": period.end.isoformat()},
        "scope": {"department_id": dashboard.scope_id, "name": scope_name(dashboard)},
        "category": dashboard.category.value if dashboard.category else None,
        "min_group": dashboard.min_group,
        "suppressed": dashboard.suppressed,
        "active_staff": dashboard.active_staff,
        "kpis": {key: {"value": percent_number(k.value), "previous": percent_number(k.previous),
                       "change_points": percent_number(k.change),
                       "compared_with": "period_start" if key == "completion"
                       else "previous_period"}
                 for key, _label, k in kpis(dashboard)},
        "departments": [
            {"department_id": r.department_id, "name": r.name, "path": r.path, "staff": r.staff,
             "participation": percent_number(r.participation),
             "completion": percent_number(r.completion),
             "average_score": percent_number(r.average_score), "suppressed": r.suppressed}
            for r in dashboard.departments],
        "mastery": [
            {"department_id": h.department_id, "name": h.name,
             "categories": {c.value: percent_number(v) for c, v in h.mastery.items()}}
            for h in dashboard.heatmap],
        "trend": [{"period": t.period.key, "label": t.label,
                   "participation": percent_number(t.participation), "answers": t.answers}
                  for t in dashboard.trend],
        "distribution": None if dashboard.distribution is None else [
            {"from_percent": i * 10, "to_percent": i * 10 + 10, "people": n}
            for i, n in enumerate(dashboard.distribution)],
    }
    if staff is not None:
        result["staff"] = [
            {"staff_no": r.staff_no, "name": r.name, "department": r.department,
             "completion": percent_number(r.completion), "mastery": percent_number(r.mastery),
             "average_score": percent_number(r.average_score),
             "answers_in_period": r.answers_in_period,
             "last_active": r.last_active.isoformat() if r.last_active else None}
            for r in staff]
    return result


def to_json(dashboard: Dashboard, staff: Sequence[StaffProgressRow] | None = None, *,
            generated: date | None = None) -> str:
    return json.dumps(report_dict(dashboard, staff, generated=generated), ensure_ascii=False,
                      indent=2)


def write_json(dashboard: Dashboard, path: str | Path,
               staff: Sequence[StaffProgressRow] | None = None, *,
               generated: date | None = None) -> Path:
    target = Path(path)
    target.write_text(to_json(dashboard, staff, generated=generated) + "\n", encoding="utf-8")
    return target


def write_report(dashboard: Dashboard, path: str | Path, fmt: str,
                 staff: Sequence[StaffProgressRow] | None = None, *,
                 generated: date | None = None) -> Path:
    """csv, xlsx or json (the PDF needs Qt: dxtrainer.ui.report_pdf.render_pdf)."""
    writers = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}
    if fmt not in writers:
        raise ValueError(f"unknown export format: {fmt}")
    return writers[fmt](dashboard, path, staff, generated=generated)


# -- choosing a department by code or name (command line) -----------------------------------------

@dataclass(frozen=True)
class DepartmentMatch:
    department_id: int | None  # None: not found or ambiguous
    name: str
    suggestions: tuple[str, ...]  # 「総務部 › 情報政策課(120)」 when there is no single match
    ambiguous: bool = False  # the name fits several departments (suggestions lists them)


def match_department(sessions: sessionmaker[Session], text: str) -> DepartmentMatch:
    """A department by its code, exact name or path (「総務部 › 情報政策課」)."""
    from dxtrainer.services.organisation import load_tree

    wanted = unicodedata.normalize("NFKC", text).strip()
    with sessions() as s:
        tree = load_tree(s)
    nodes = list(tree.nodes.values())

    def shown(node) -> str:  # noqa: ANN001
        return f"{tree.path(node.id)}({node.code})"

    for node in nodes:
        if unicodedata.normalize("NFKC", node.code) == wanted:
            return DepartmentMatch(node.id, tree.path(node.id), ())
    exact = [n for n in nodes if wanted in (unicodedata.normalize("NFKC", n.name),
                                            unicodedata.normalize("NFKC", tree.path(n.id)))]
    if len(exact) == 1:
        return DepartmentMatch(exact[0].id, tree.path(exact[0].id), ())
    if exact:
        return DepartmentMatch(None, "", tuple(shown(n) for n in exact), ambiguous=True)
    names = {unicodedata.normalize("NFKC", n.name): n for n in nodes}
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.5)
    close += [k for k in names if wanted and wanted in k and k not in close]
    return DepartmentMatch(None, "", tuple(shown(names[k]) for k in close[:5]))
