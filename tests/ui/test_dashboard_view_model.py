"""The dashboard's view model on its own: plain data in, every word and number out, no Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from dxtrainer.domain.content import Category
from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.services.report_records import (
    AssignmentStat,
    Dashboard,
    DepartmentRow,
    HeatRow,
    Kpi,
    TrendPoint,
)
from tests.conftest import REPO


def board(**changes) -> Dashboard:
    fy = period_of(PeriodKind.FISCAL_YEAR, date(2026, 11, 30))
    month = period_of(PeriodKind.MONTH, date(2026, 11, 30))
    values = dict(
        period=fy, period_label="令和8年度", scope_id=None, scope_name="", category=None,
        active_staff=250,
        participation=Kpi(0.5, 0.4), completion=Kpi(0.25, 0.25), average_score=Kpi(0.7, None),
        departments=(
            DepartmentRow(1, "総務部", "総務部", 40, 0.6, 0.3, 0.72, True, False),
            DepartmentRow(2, "会計課", "会計課", None, None, None, None, False, True)),
        heatmap=(HeatRow(1, "総務部", {Category.MINDSET: 0.5, Category.WHY: None}),),
        trend=(TrendPoint(month, "2026年11月", 0.125, 1234),),
        distribution=(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
        assignments=(AssignmentStat(1, "DX基礎", date(2026, 12, 1), 10, 4, 3),),
        min_group=5, suppressed=False)
    values.update(changes)
    return Dashboard(**values)


def test_the_view_words_every_number():
    from dxtrainer.ui.view_models.dashboard import build_view

    view = build_view(board(), is_hr=True)
    assert view.note.startswith("全庁 ・ 令和8年度 ・ 対象 250 人")
    assert not view.can_go_up  # the whole city is the top
    assert view.tiles["participation"].value == "50%"
    assert view.tiles["participation"].change == "前の期間より 10.0 ポイント増"
    assert view.tiles["participation"].tone == "success"
    assert view.tiles["completion"].change == "前の期間と同じ"
    assert view.tiles["average"].change == "前の期間との比較はありません"
    assert view.tiles["assignments"].value == "40%"
    assert (view.tiles["overdue"].value, view.tiles["overdue"].tone) == ("3 人", "warning")
    assert view.completion.names == ("総務部", "会計課")
    assert view.completion.values == (30.0, None)  # suppressed: no bar, a 「—」
    assert view.completion.tips[1].endswith("人数が少ないため非表示")
    assert view.departments.rows[1] == ("会計課", "—", "—", "—", "—", "—")
    assert "内訳" in view.drill_note
    assert view.heatmap.categories == (Category.MINDSET, Category.WHY)
    assert view.heatmap.texts == (("50.0%", "—"),)
    assert view.heatmap_table.headers[0] == "所属"
    assert view.trend.names == ("11月",) and view.trend.values == (12.5,)
    assert view.trend_table.rows == (("2026年11月", "12.5%", "1,234"),)
    assert view.distribution.values[9] == 9.0
    assert view.distribution.tips[0] == "0%以上10%未満: 0 人"
    assert len(view.distribution_table.rows) == 10


def test_scoped_and_suppressed_boards():
    from dxtrainer.ui.view_models.dashboard import build_view

    scoped = build_view(board(scope_id=7, scope_name="市民課", category=Category.WHY,
                              assignments=(), distribution=None, active_staff=None),
                        is_hr=False, top_department=None)
    assert scoped.can_go_up
    assert "区分「Why(DXの背景)」" in scoped.note and "人数が少ないため非表示" in scoped.note
    assert scoped.tiles["assignments"].value == "—"
    assert scoped.distribution.values == (None,) * 10
    assert not build_view(board(scope_id=7), is_hr=False, top_department=7).can_go_up
    assert not build_view(board(scope_id=7), is_hr=False, has_departments=False).can_go_up
    leaves = board(departments=(DepartmentRow(3, "係", "係", 9, 1, 1, 1, False, False),))
    assert "職員一覧" in build_view(leaves, is_hr=True).drill_note
    assert build_view(leaves, is_hr=False).drill_note == ""


def test_the_view_model_never_loads_qt():
    code = ("import sys\nimport dxtrainer.ui.view_models.dashboard\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, timeout=60, check=True).stdout.strip()
    assert out == "[]"


def test_the_dashboard_screen_and_view_model_do_not_import_each_other():
    import ast

    screens = REPO / "dxtrainer" / "ui" / "screens"
    assert not (screens / "dashboard_view.py").exists()
    model = REPO / "dxtrainer" / "ui" / "view_models" / "dashboard.py"
    imported = {node.module for node in ast.walk(ast.parse(model.read_text(encoding="utf-8")))
                if isinstance(node, ast.ImportFrom)}
    assert not any(m and m.startswith("dxtrainer.ui.") for m in imported), imported


def test_the_learning_gain_is_worded_with_its_people_and_suppression():
    from dxtrainer.services.report_records import Gain, GainRow
    from dxtrainer.ui.view_models.dashboard import build_view

    hidden = Gain(None, None, None)
    rows = (GainRow("core", "全職員向けコア", None, "", Gain(12, 0.45, 0.8),
                    {Category.MINDSET: Gain(12, 0.5, 0.7), Category.WHY: Gain(None, None, None)},
                    False),
            GainRow("core", "全職員向けコア", 3, "総務部", hidden, {}, True))
    other = GainRow("managers", "管理職向け", None, "", Gain(6, 0.5, 0.7), {}, False)
    whole = build_view(board(learning_gain=(*rows, other)), is_hr=True)
    assert whole.gain.names == ("全職員向けコア", "管理職向け")  # one bar per course
    assert whole.gain.values == pytest.approx((35.0, 20.0))
    assert [r[:2] for r in whole.gain_table.rows] == [("全職員向けコア", "全体"), ("管理職向け", "全体")]
    assert "コースを選ぶと" in whole.gain_note
    view = build_view(board(learning_gain=(*rows, other), course_id="core",
                            course_title="全職員向けコア"), is_hr=True)
    assert view.gain.names == ("全体", "総務部")  # the chosen course, department by department
    assert view.gain.values == (35.0, None)
    assert view.gain.tips[0] == ("全体: 事前 45.0% → 事後 80.0%(+35.0 ポイント、両方受けた 12 人)\n"
                                 "マインド・スタンス +20.0 ポイント")  # a small category: left out
    assert view.gain.tips[1].endswith("人数が少ないため非表示)")
    assert view.gain_table.rows[0][-1] == "マインド・スタンス +20.0 ポイント"
    assert view.gain_table.rows[1] == ("全職員向けコア", "総務部", "—", "—", "—", "—", "")
    assert "コースを選ぶと" not in view.gain_note
    # with a 区分 chosen: that category's questions only
    mindset = build_view(board(learning_gain=(*rows, other), course_id="core",
                               course_title="全職員向けコア", category=Category.MINDSET), is_hr=True)
    assert mindset.gain.names == ("全体", "総務部")
    assert mindset.gain.values == pytest.approx((20.0, None))
    assert "マインド・スタンス" in mindset.gain_note
    why = build_view(board(learning_gain=(*rows, other), category=Category.WHY), is_hr=True)
    assert why.gain.values == (None,)  # too few asked: 「—」, not a number
    assert build_view(board(learning_gain=(*rows, other), category=Category.HOW_CAUTION),
                      is_hr=True).gain.names == ()  # no question of that category: no bar
    assert build_view(board(), is_hr=True).gain.names == ()  # no course tests yet: no panel
