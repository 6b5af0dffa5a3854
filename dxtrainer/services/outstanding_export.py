"""未修了者一覧 for reminders (督促): CSV in UTF-8 with BOM for Japanese Excel, and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from dxtrainer.services.assignments import AssignmentInfo, OutstandingRow


def headers() -> list[str]:
    from dxtrainer.i18n import _

    return [_("職員番号"), _("氏名"), _("所属"), _("未修了のレッスン"), _("期限超過")]


def remaining_text(row: OutstandingRow) -> str:
    """What is left: lesson titles, and a course's 事後テスト when it is still to be passed."""
    from dxtrainer.i18n import _

    return "、".join([*row.remaining, *([_("事後テスト")] if row.post_test else [])])


def _cells(row: OutstandingRow) -> list[str]:
    from dxtrainer.i18n import _

    return [row.staff_no, row.name, row.department, remaining_text(row),
            _("期限超過") if row.overdue else ""]


def write_outstanding(info: AssignmentInfo, rows: Sequence[OutstandingRow], path: str | Path,
                      fmt: str) -> Path:
    from dxtrainer.i18n import _

    target = Path(path)
    title = _("未修了者一覧: {title}(期限 {deadline:%Y/%m/%d})").format(
        title=info.title, deadline=info.deadline)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([title])
        writer.writerow(headers())
        writer.writerows(_cells(r) for r in rows)
        target.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        return target
    if fmt != "xlsx":
        raise ValueError(fmt)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("未修了者")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append(_cells(r))
    sheet.freeze_panes = "A3"
    for column, width in zip("ABCDE", (12, 16, 32, 60, 10), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(target)
    return target
