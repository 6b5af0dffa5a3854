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

The PDF is drawn by dxtrainer/ui/report_pdf.py (Qt), from the same helpers (export_tables.py).
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

from dxtrainer.i18n import _
from dxtrainer.services.export_tables import (  # all of these may also be imported from here
    DASH,
    DATE,
    INT,
    PERCENT,
    POINTS,
    TEXT,  # noqa: F401
    Column,  # noqa: F401
    Table,  # noqa: F401
    band_labels,  # noqa: F401
    cell_text,
    comparison_label,  # noqa: F401
    definitions,
    excel_share,
    format_date,  # noqa: F401
    format_points,  # noqa: F401
    header_rows,
    kpis,
    notes,
    percent_number,
    percent_text,  # noqa: F401
    report_tables,
    rounding_note,  # noqa: F401
    scope_name,
    shown_gains,  # noqa: F401
    small_group_note,  # noqa: F401
    subtraction_note,  # noqa: F401
)
from dxtrainer.services.report_records import Dashboard, StaffProgressRow

if TYPE_CHECKING:  # sqlalchemy only for match_department, so that the Qt PDF can import this
    from sqlalchemy.orm import Session, sessionmaker

EXPORT_FORMATS = ("csv", "xlsx", "json")  # the PDF: dxtrainer.ui.report_pdf.render_pdf
JSON_FORMAT = "dxtrainer-report/1"


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
        "course": dashboard.course_id,
        "min_group": dashboard.min_group,
        "suppressed": dashboard.suppressed,
        "active_staff": dashboard.active_staff,
        "needs_retake": {"staff": dashboard.needs_retake,
                         "lessons": dashboard.needs_retake_lessons},
        "kpis": {key: {"value": percent_number(k.value), "previous": percent_number(k.previous),
                       "change_points": percent_number(k.change),
                       "compared_with": "period_start" if key == "completion"
                       else "previous_period"}
                 for key, _label, k in kpis(dashboard)},
        "departments": [
            {"department_id": r.department_id, "name": r.name, "path": r.path, "staff": r.staff,
             "participation": percent_number(r.participation),
             "completion": percent_number(r.completion), "needs_retake": r.needs_retake,
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
        "learning_gain": [
            {"course": r.course_id, "course_title": r.course_title,
             "department_id": r.department_id, "department": r.department,
             "suppressed": r.suppressed, "people": r.overall.people,
             "pre": percent_number(r.overall.pre), "post": percent_number(r.overall.post),
             "gain_points": percent_number(r.overall.gain),
             "categories": {c.value: {"people": g.people, "pre": percent_number(g.pre),
                                      "post": percent_number(g.post),
                                      "gain_points": percent_number(g.gain)}
                            for c, g in r.by_category.items()}}
            for r in dashboard.learning_gain],
    }
    if staff is not None:
        result["staff"] = [
            {"staff_no": r.staff_no, "name": r.name, "department": r.department,
             "completion": percent_number(r.completion), "needs_retake_lessons": r.needs_retake,
             "mastery": percent_number(r.mastery),
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
