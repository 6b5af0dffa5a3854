"""What the dashboard shows, as plain data: every number, label, tooltip and table cell worded
from one Dashboard record. Qt-free (tested without a QApplication); the screen only draws it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dxtrainer.domain.content import Category
from dxtrainer.domain.progress import format_percent, round_half_up
from dxtrainer.i18n import _
from dxtrainer.messages import category_name, period_text
from dxtrainer.services.export_tables import band_labels, shown_gains
from dxtrainer.services.report_records import Dashboard, GainRow, Kpi

TILE_KEYS = ("participation", "completion", "average", "assignments", "overdue")


@dataclass(frozen=True)
class Tile:
    value: str
    change: str = ""
    tone: str = "muted"  # muted / success / warning: always said in words too (change)


@dataclass(frozen=True)
class Series:
    """Bars or points: a name, a value (None: suppressed, drawn as 「—」) and a tooltip each."""

    names: tuple[str, ...]
    values: tuple[float | None, ...]
    tips: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Heat:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    categories: tuple[Category, ...]  # the screen picks each column's colour from its category
    values: tuple[tuple[float | None, ...], ...]
    texts: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class DashboardView:
    note: str
    can_go_up: bool
    tiles: dict[str, Tile]
    completion: Series
    average: Series
    departments: Table
    drill_note: str
    heatmap: Heat
    heatmap_table: Table
    heatmap_note: str
    trend: Series
    trend_table: Table
    distribution: Series
    distribution_table: Table
    gain: Series = Series((), (), ())  # 学習効果: 伸び in points per course and department
    gain_table: Table = Table((), ())
    gain_note: str = ""


def change_text(change: float | None) -> str:
    """「前の期間より 3.2 ポイント増」: words, not colour or ▲ (which reads as minus in Japanese
    official documents)."""
    if change is None:
        return _("前の期間との比較はありません")
    value = round_half_up(change * 100, 1)
    if value == 0:
        return _("前の期間と同じ")
    if value > 0:
        return _("前の期間より {v:.1f} ポイント増").format(v=value)
    return _("前の期間より {v:.1f} ポイント減").format(v=-value)


def _pct100(value: float | None) -> float | None:
    return None if value is None else value * 100


def _kpi_tile(kpi: Kpi) -> Tile:
    change = kpi.change
    tone = "muted" if change is None or abs(change) < 0.0005 else (
        "success" if change > 0 else "warning")
    return Tile(format_percent(kpi.value), change_text(change), tone)


def _note(board: Dashboard) -> str:
    scope = board.scope_name or _("全庁")
    staff = _("対象 {n} 人").format(n=board.active_staff) if board.active_staff is not None \
        else _("人数が少ないため非表示")
    note = _("{scope} ・ {period} ・ {staff}。{n} 人未満の集団は「—」で表示しています。").format(
        scope=scope, period=period_text(board.period), staff=staff, n=board.min_group)
    if board.needs_retake:
        note += _("要再受講(レッスンの版が上がり受け直しが必要)の職員 {n} 人・{m} レッスン分は、"
                  "修了率に含みません。").format(n=board.needs_retake,
                                                  m=board.needs_retake_lessons or 0)
    if board.category is not None:
        note += _("区分「{c}」の絞り込みは、修了率・習得率とコースの学習効果に適用されます。").format(
            c=category_name(board.category))
    if board.course_id is not None:
        note += _("コース「{title}」のレッスンとクイズだけで、修了率・習得率・平均点を集計しています。").format(
            title=board.course_title)
    return note


def _tiles(board: Dashboard) -> dict[str, Tile]:
    tiles = {"participation": _kpi_tile(board.participation),
             "completion": _kpi_tile(board.completion),
             "average": _kpi_tile(board.average_score)}
    targeted = sum(a.targeted for a in board.assignments)
    done = sum(a.completed for a in board.assignments)
    overdue = sum(a.overdue for a in board.assignments)
    if board.assignments:
        tiles["assignments"] = Tile(
            format_percent(done / targeted if targeted else None),
            _("{n} 件の必修研修、対象 {t} 人").format(n=len(board.assignments), t=targeted))
        tiles["overdue"] = Tile(
            _("{n} 人").format(n=overdue),
            _("期限を過ぎても未修了の人数") if overdue else _("期限切れはありません"),
            "warning" if overdue else "success")
    else:
        tiles["assignments"] = Tile("—", _("必修研修はまだありません"))
        tiles["overdue"] = Tile("—", "")
    return tiles


def build_view(board: Dashboard, *, is_hr: bool,
               top_department: int | None = None, has_departments: bool = True) -> DashboardView:
    """`top_department` is the first department the person may see (None: the whole city);
    going up is offered while the board shows a narrower scope than that."""
    rows = board.departments
    names = tuple(r.name for r in rows)
    tips = tuple(_("{name}: 修了率 {c}、平均点 {a}、参加率 {p}、{n}").format(
        name=r.name, c=format_percent(r.completion, 1), a=format_percent(r.average_score, 1),
        p=format_percent(r.participation, 1),
        n=_("{n} 人").format(n=r.staff) if r.staff is not None else _("人数が少ないため非表示"))
        for r in rows)
    departments = Table(
        (_("所属"), _("職員数"), _("参加率"), _("修了率"), _("要再受講"), _("平均点")),
        tuple((r.name, str(r.staff) if r.staff is not None else "—",
               format_percent(r.participation, 1), format_percent(r.completion, 1),
               _("{n} 人").format(n=r.needs_retake) if r.needs_retake is not None else "—",
               format_percent(r.average_score, 1)) for r in rows))
    drill = _("棒をクリックすると、その所属の内訳を表示します。") if any(r.has_children for r in rows) \
        else (_("棒をクリックすると職員一覧を表示します(閲覧は記録されます)。") if is_hr else "")

    cats = tuple(board.heatmap[0].mastery) if board.heatmap else ()
    heat_texts = tuple(tuple(format_percent(h.mastery[c], 1) for c in cats)
                       for h in board.heatmap)
    heatmap = Heat(tuple(h.name for h in board.heatmap), tuple(category_name(c) for c in cats),
                   tuple(Category(c) for c in cats),
                   tuple(tuple(h.mastery[c] for c in cats) for h in board.heatmap), heat_texts)
    heatmap_table = Table((_("所属"), *heatmap.columns),
                          tuple((h.name, *texts) for h, texts in zip(board.heatmap, heat_texts,
                                                                     strict=True)))

    answers = ["—" if t.answers is None else f"{t.answers:,}" for t in board.trend]
    trend = Series(
        tuple(t.label.split("年")[-1] for t in board.trend),
        tuple(_pct100(t.participation) for t in board.trend),
        tuple(_("{m}: 参加率 {p}、回答 {a} 件").format(
            m=t.label, p=format_percent(t.participation, 1), a=a)
            for t, a in zip(board.trend, answers, strict=True)))
    trend_table = Table((_("月"), _("参加率"), _("回答数")), tuple(
        (t.label, format_percent(t.participation, 1), a)
        for t, a in zip(board.trend, answers, strict=True)))

    labels = band_labels()  # the same words as the exports and the PDF
    counts: Sequence[int | None] = list(board.distribution) if board.distribution is not None \
        else [None] * 10
    distribution = Series(
        tuple(f"{i * 10}" for i in range(10)), tuple(None if c is None else float(c)
                                                  for c in counts),
        tuple(_("{b}: {n} 人").format(b=labels[i], n="—" if c is None else c)
              for i, c in enumerate(counts)))
    distribution_table = Table((_("平均点の範囲(%)"), _("人数")), tuple(
        (labels[i], "—" if c is None else str(c)) for i, c in enumerate(counts)))

    return DashboardView(
        note=_note(board),
        can_go_up=board.scope_id is not None and has_departments
        and (top_department is None or top_department != board.scope_id),
        tiles=_tiles(board),
        completion=Series(names, tuple(_pct100(r.completion) for r in rows), tips),
        average=Series(names, tuple(_pct100(r.average_score) for r in rows), tips),
        departments=departments, drill_note=drill,
        heatmap=heatmap, heatmap_table=heatmap_table,
        heatmap_note=_("習得率: 各区分の問題のうち、最後の回答が正解だった問題の割合"
                       "(職員の平均)。色が濃いほど高い値です。"),
        trend=trend, trend_table=trend_table,
        distribution=distribution, distribution_table=distribution_table,
        **_gain(board))


def _points(change: float | None) -> str:
    if change is None:
        return "—"
    value = round_half_up(change * 100, 1) + 0.0
    return _("{v:+.1f} ポイント").format(v=value)


def _gain(board: Dashboard) -> dict[str, Any]:  # DashboardView's gain fields
    """学習効果, 事前 → 事後 and the change in points: one bar per course for the whole scope, or,
    with a course chosen, that course's scope and each department below it; with a 区分 chosen,
    over that category's questions only. Each bar's tooltip and table row also give the change
    in each category."""
    category = board.category
    chosen = shown_gains(board)
    if not chosen:
        return {}
    names = tuple(r.course_title if board.course_id is None else r.department or _("全体")
                  for r, _g in chosen)
    tips = tuple(_("{name}: 事前 {pre} → 事後 {post}({gain}、{n})").format(
        name=name, pre=format_percent(g.pre, 1), post=format_percent(g.post, 1),
        gain=_points(g.gain),
        n=_("両方受けた {n} 人").format(n=g.people) if g.people is not None
        else _("人数が少ないため非表示")) + (f"\n{spread}" if (spread := _by_category(r)) else "")
        for name, (r, g) in zip(names, chosen, strict=True))
    table = Table((_("コース"), _("所属"), _("人数"), _("事前テスト"), _("事後テスト"), _("伸び"),
                   _("区分別の伸び")),
                  tuple((r.course_title, r.department or _("全体"),
                         "—" if g.people is None else str(g.people),
                         format_percent(g.pre, 1), format_percent(g.post, 1), _points(g.gain),
                         _by_category(r) if category is None else "")
                        for r, g in chosen))
    note = _("両方のテストを受けた人だけを数えています。事前と事後は別の問題(A・B の 2 様式を半数ずつ"
             "入れ替え)なので、様式の難しさの差は全体では打ち消し合います。人数が少ない所属は「—」で"
             "表示します。")
    if category is not None:
        note += _("区分「{c}」の問題だけの伸びです。").format(c=category_name(category))
    if board.course_id is None:
        note += _("所属ごとの伸びは、上の「コース」でコースを選ぶと表示します。")
    return {"gain": Series(names, tuple(_pct100(g.gain) for _r, g in chosen), tips),
            "gain_table": table, "gain_note": note}


def _by_category(row: GainRow) -> str:
    """「マインド・スタンス +20.0 ポイント、…」: the change in each category (区分) shown for the row."""
    if row.suppressed:
        return ""
    return _("、").join(_("{category} {gain}").format(category=category_name(c),
                                                       gain=_points(g.gain))
                       for c, g in row.by_category.items() if g.people)
