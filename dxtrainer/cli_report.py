"""`dxtrainer report`: the dashboard as a file for 庁内会議 or automation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dxtrainer.domain.content import Category
from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common],
                       help=_("ダッシュボードの数値を報告書(CSV・Excel・PDF・JSON)に書き出す"))
    p.add_argument("--format", choices=["csv", "xlsx", "pdf", "json"],
                   help=_("形式(省略すると -o のファイル名の拡張子から決めます)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("書き出すファイル"))
    p.add_argument("--period", metavar="FY2026|2026|Q2026-1|2026-04",
                   help=_("期間: 年度・四半期・月。既定は今年度"))
    p.add_argument("--department", metavar=_("コードまたは名称"),
                   help=_("所属(コードまたは正確な名称)。既定は全庁"))
    p.add_argument("--course", metavar="ID",
                   help=_("コースで絞り込む(content/courses.yaml の id)。既定はすべてのレッスン"))
    p.add_argument("--category", choices=[c.value for c in Category],
                   help=_("区分(DXリテラシー標準)で絞り込む。既定はすべての区分"))


def cmd_report(args: argparse.Namespace) -> int:
    """The dashboard as a file for 庁内会議 or automation, computed as the organisation (HR)."""
    from dxtrainer.cli import _err, _open, _refuse_output_or_database
    from dxtrainer.services import exports
    from dxtrainer.services.records import SYSTEM_USER

    output = Path(args.output)
    fmt = args.format or output.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx", "pdf", "json"):
        _err(_("形式が分かりません。--format に csv・xlsx・pdf・json のどれかを指定してください。"))
        return 2
    period = _report_period(args.period)
    if period is None:
        _err(_("期間「{text}」を読み取れません。FY2026(年度)、Q2026-1(四半期)、2026-04(月)の"
               "ように指定してください。").format(text=args.period))
        return 2
    if _refuse_output_or_database(args, output):
        return 2
    services = _open(args)
    try:
        department_id = None
        if args.department:
            match = exports.match_department(services.sessions, args.department)
            if match.department_id is None:
                _err(_department_problem(args.department, match))
                return 2
            department_id = match.department_id
        courses = services.content.index.courses
        if args.course and args.course not in {c.id for c in courses}:
            _err(_("コース「{text}」はありません。指定できるコース: {ids}").format(
                text=args.course, ids=_("、").join(c.id for c in courses) or _("(なし)")))
            return 2
        dashboard = services.reporting.dashboard(
            SYSTEM_USER, period, department_id,
            category=Category(args.category) if args.category else None, course_id=args.course)
    finally:
        services.close()
    try:
        if fmt == "pdf":
            from dxtrainer.ui.report_pdf import render_pdf_headless

            pages = render_pdf_headless(dashboard, output)
            kind = _("PDF・{n}ページ").format(n=pages)
        else:
            exports.write_report(dashboard, output, fmt)
            kind = {"csv": "CSV", "xlsx": "Excel", "json": "JSON"}[fmt]
    except OSError as exc:
        _err(_("{path} に書き込めません({detail})。ファイルを開いているなら閉じるか、別の場所を -o で"
               "指定してください。").format(path=output, detail=exc.strerror or exc))
        return 1
    print(_("報告書を書き出しました: {path}({period}、{scope}、{kind})").format(
        path=output, period=dashboard.period_label, scope=exports.scope_name(dashboard), kind=kind))
    return 0


def _report_period(text: str | None):  # noqa: ANN202
    """The period asked for (default: this 年度), or None when the text is not one."""
    from datetime import date

    from dxtrainer.domain.periods import PeriodKind, parse_period, period_of

    if text is None:
        return period_of(PeriodKind.FISCAL_YEAR, date.today())
    try:
        period = parse_period(text)
    except (ValueError, IndexError):
        return None
    wanted = text.strip().upper()
    if wanted.startswith("Q") and period.key != wanted:  # Q2026-5 is no quarter
        return None
    return period


def _department_problem(text: str, match) -> str:  # noqa: ANN001
    names = "、".join(match.suggestions)
    if match.ambiguous:
        return _("「{text}」という所属が複数あります: {names}。所属コードで指定してください。").format(
            text=text, names=names)
    if names:
        return _("所属「{text}」が見つかりません。近い所属: {names}。所属コードか正確な名称で指定して"
                 "ください。").format(text=text, names=names)
    return _("所属「{text}」が見つかりません。所属コードか正確な名称で指定してください。").format(
        text=text)


HANDLERS = {"report": cmd_report}
