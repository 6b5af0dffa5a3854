"""Puts one Dashboard record on the dashboard screen: tiles, charts and their tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _
from dxtrainer.messages import category_name, period_text
from dxtrainer.services.export_tables import band_labels
from dxtrainer.services.report_records import Dashboard, Kpi
from dxtrainer.ui.style import CATEGORY_COLOURS
from dxtrainer.ui.widgets.kpi_tile import change_text

if TYPE_CHECKING:
    from dxtrainer.ui.screens.dashboard_screen import DashboardScreen


def _pct100(value: float | None) -> float | None:
    return None if value is None else value * 100


def _tile_kpi(screen: DashboardScreen, key: str, kpi: Kpi) -> None:
    change = kpi.change
    tone = "muted" if change is None or abs(change) < 0.0005 else (
        "success" if change > 0 else "warning")
    screen.tiles[key].show_value(format_percent(kpi.value), change_text(change), tone)


def show_dashboard(screen: DashboardScreen, board: Dashboard) -> None:
    scope = board.scope_name or _("全庁")
    staff = _("対象 {n} 人").format(n=board.active_staff) if board.active_staff is not None \
        else _("人数が少ないため非表示")
    note = _("{scope} ・ {period} ・ {staff}。{n} 人未満の集団は「—」で表示しています。").format(
        scope=scope, period=period_text(board.period), staff=staff, n=board.min_group)
    if board.category is not None:
        note += _("区分「{c}」の絞り込みは、修了率と習得率に適用されます。").format(
            c=category_name(board.category))
    screen.scope_label.setText(note)
    screen.up_button.setEnabled(board.scope_id is not None and any(
        d is None or d != board.scope_id for d, _p, _n in screen._departments[:1]))
    _tile_kpi(screen, "participation", board.participation)
    _tile_kpi(screen, "completion", board.completion)
    _tile_kpi(screen, "average", board.average_score)
    targeted = sum(a.targeted for a in board.assignments)
    done = sum(a.completed for a in board.assignments)
    overdue = sum(a.overdue for a in board.assignments)
    if board.assignments:
        screen.tiles["assignments"].show_value(
            format_percent(done / targeted if targeted else None),
            _("{n} 件の必修研修、対象 {t} 人").format(n=len(board.assignments), t=targeted))
        screen.tiles["overdue"].show_value(
            _("{n} 人").format(n=overdue),
            _("期限を過ぎても未修了の人数") if overdue else _("期限切れはありません"),
            "warning" if overdue else "success")
    else:
        screen.tiles["assignments"].show_value("—", _("必修研修はまだありません"))
        screen.tiles["overdue"].show_value("—", "")

    rows = board.departments
    names = [r.name for r in rows]
    tips = [_("{name}: 修了率 {c}、平均点 {a}、参加率 {p}、{n}").format(
        name=r.name, c=format_percent(r.completion, 1), a=format_percent(r.average_score, 1),
        p=format_percent(r.participation, 1),
        n=_("{n} 人").format(n=r.staff) if r.staff is not None else _("人数が少ないため非表示"))
        for r in rows]
    screen.completion_chart.set_bars(names, [_pct100(r.completion) for r in rows], tips)
    screen.average_chart.set_bars(names, [_pct100(r.average_score) for r in rows], tips)
    table = [[r.name, str(r.staff) if r.staff is not None else "—",
              format_percent(r.participation, 1), format_percent(r.completion, 1),
              format_percent(r.average_score, 1)] for r in rows]
    headers = [_("所属"), _("職員数"), _("参加率"), _("修了率"), _("平均点")]
    screen.panels["completion"].set_table(headers, table)
    screen.panels["average"].set_table(headers, table)
    drill = _("棒をクリックすると、その所属の内訳を表示します。") if any(r.has_children for r in rows) \
        else (_("棒をクリックすると職員一覧を表示します(閲覧は記録されます)。")
              if screen._user.role.value == "hr" else "")
    screen.panels["completion"].set_note(drill)

    cats = list(board.heatmap[0].mastery) if board.heatmap else []
    screen.heatmap.set_cells(
        [h.name for h in board.heatmap], [category_name(c) for c in cats],
        [[h.mastery[c] for c in cats] for h in board.heatmap],
        [[format_percent(h.mastery[c], 1) for c in cats] for h in board.heatmap],
        [CATEGORY_COLOURS[c.value] for c in cats])
    screen.panels["heatmap"].set_table(
        [_("所属")] + [category_name(c) for c in cats],
        [[h.name] + [format_percent(h.mastery[c], 1) for c in cats] for h in board.heatmap])
    screen.panels["heatmap"].set_note(_("習得率: 各区分の問題のうち、最後の回答が正解だった問題の割合"
                                        "(職員の平均)。色が濃いほど高い値です。"))

    months = [t.label.split("年")[-1] for t in board.trend]
    screen.trend_chart.set_points(
        months, [_pct100(t.participation) for t in board.trend],
        [_("{m}: 参加率 {p}、回答 {a} 件").format(
            m=t.label, p=format_percent(t.participation, 1),
            a="—" if t.answers is None else f"{t.answers:,}") for t in board.trend])
    screen.panels["trend"].set_table(
        [_("月"), _("参加率"), _("回答数")],
        [[t.label, format_percent(t.participation, 1),
          "—" if t.answers is None else f"{t.answers:,}"] for t in board.trend])

    bands = [f"{i * 10}" for i in range(10)]
    labels = band_labels()  # the same words as the exports and the PDF
    counts = list(board.distribution) if board.distribution is not None else [None] * 10
    screen.distribution_chart.set_bars(
        bands, counts, [_("{b}: {n} 人").format(b=labels[i], n="—" if c is None else c)
                        for i, c in enumerate(counts)])
    screen.panels["distribution"].set_table(
        [_("平均点の範囲(%)"), _("人数")],
        [[labels[i], "—" if c is None else str(c)] for i, c in enumerate(counts)])
