"""The numbers, notes and tables shared by every report format (exports.py and the Qt PDF)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dxtrainer import i18n
from dxtrainer.domain.content import CATEGORY_ORDER, Category
from dxtrainer.domain.periods import period_label
from dxtrainer.domain.progress import format_percent, round_half_up
from dxtrainer.i18n import _
from dxtrainer.messages import category_name
from dxtrainer.services.report_records import (
    Dashboard,
    Gain,
    GainRow,
    Kpi,
    StaffProgressRow,
)

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
    """2026年11月27日 (27 Nov 2026 in English)."""
    return i18n.long_date(day)


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
        (_("要再受講"), _("レッスンの版が上がり、前の版での修了が数えられなくなったもの(修了率には含みません)")),
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
    if dashboard.course_id is not None:
        rows.append((_("コース"), dashboard.course_title, TEXT))
    rows += [(_("在籍職員数(人)"), dashboard.active_staff, INT),
             (_("要再受講の職員(人)"), dashboard.needs_retake, INT),
             (_("要再受講のレッスン(件)"), dashboard.needs_retake_lessons, INT),
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
               Column(_("修了率(%)"), PERCENT), Column(_("要再受講の職員(人)"), INT),
               Column(_("平均得点(%)"), PERCENT)),
              tuple((r.name, r.staff, r.participation, r.completion, r.needs_retake,
                     r.average_score) for r in dashboard.departments)),
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
    tables.extend(gain_tables(dashboard))
    if staff is not None:
        tables.append(Table(
            "staff", _("職員別"),
            (Column(_("職員番号")), Column(_("氏名")), Column(_("所属")),
             Column(_("修了率(%)"), PERCENT), Column(_("要再受講(レッスン)"), INT),
             Column(_("習得率(%)"), PERCENT),
             Column(_("平均得点(%)"), PERCENT), Column(_("期間中の解答数(件)"), INT),
             Column(_("最終受講日"), DATE)),
            tuple((r.staff_no, r.name, r.department, r.completion, r.needs_retake, r.mastery,
                   r.average_score, r.answers_in_period, r.last_active) for r in staff)))
    return tables


def shown_gains(dashboard: Dashboard) -> list[tuple[GainRow, Gain]]:
    """The learning-gain rows the screen and the printed report show, each with the figures to
    show: the scope of each course, or, with a course chosen, that course's scope and each
    department below it; over the chosen 区分's questions only when one is chosen. A row with
    nobody counted is left out (a small group's 「—」 stays)."""
    category = dashboard.category
    out = []
    for row in dashboard.learning_gain:
        if (row.department_id is not None if dashboard.course_id is None
                else row.course_id != dashboard.course_id):
            continue
        figures = row.overall if category is None else row.by_category.get(category)
        if row.suppressed:
            out.append((row, Gain(None, None, None)))
        elif figures is not None and figures.people != 0:
            out.append((row, figures))
    return out


def gain_tables(dashboard: Dashboard) -> list[Table]:
    """学習効果 (each course's scope and departments) and 学習効果(分野別), when any course has
    people who took both tests."""
    rows = [r for r in dashboard.learning_gain if r.suppressed or r.overall.people]
    if not rows:
        return []
    columns = (Column(_("コース")), Column(_("所属")), Column(_("人数(人)"), INT),
               Column(_("事前テスト(%)"), PERCENT), Column(_("事後テスト(%)"), PERCENT),
               Column(_("伸び(ポイント)"), POINTS))

    def name(row: GainRow) -> str:
        return row.department or _("全体")

    overall = tuple((r.course_title, name(r), r.overall.people, r.overall.pre, r.overall.post,
                     r.overall.gain) for r in rows)
    by_category = tuple(
        (r.course_title, name(r), category_name(c), g.people, g.pre, g.post, g.gain)
        for r in rows if not r.suppressed for c, g in r.by_category.items())
    return [Table("learning_gain", _("学習効果"), columns, overall),
            Table("learning_gain_categories", _("学習効果(分野別)"),
                  (*columns[:2], Column(_("分野")), *columns[2:]), by_category)]


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
