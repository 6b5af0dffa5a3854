"""The printed report carries what HR shows the 議会 and the 首長: each 必修研修's completion and
each course's learning gain (事後 − 事前), a course's departments when a course is chosen, and
「—」 for a small group — the same rows as the dashboard's panel."""

from __future__ import annotations

from datetime import date

import pytest

from dxtrainer.domain.content import Category
from dxtrainer.services.exports import format_date
from dxtrainer.services.report_records import AssignmentStat, Gain, GainRow
from tests.test_cli_report import pdf_pages
from tests.ui.test_dashboard_view_model import board

CORE = (GainRow("core", "全職員向けコア", None, "", Gain(40, 0.45, 0.8),
                {Category.MINDSET: Gain(40, 0.5, 0.75)}, False),
        GainRow("core", "全職員向けコア", 3, "総務部", Gain(22, 0.4, 0.9), {}, False),
        GainRow("core", "全職員向けコア", 4, "会計課", Gain(None, None, None), {}, True))
MANAGERS = (GainRow("managers", "管理職向け", None, "", Gain(9, 0.6, 0.7), {}, False),)


def _drawn(monkeypatch, tmp_path, dashboard) -> list[str]:
    from dxtrainer.ui import report_pdf_parts
    from dxtrainer.ui.report_pdf import render_pdf

    texts: list[str] = []
    original = report_pdf_parts.ReportCanvas.text

    def record(self, x, y, w, h, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        texts.append(text)
        return original(self, x, y, w, h, text, *args, **kwargs)

    monkeypatch.setattr(report_pdf_parts.ReportCanvas, "text", record)
    out = tmp_path / "report.pdf"
    assert render_pdf(dashboard, out, generated=date(2026, 11, 30)) == pdf_pages(
        out.read_bytes())
    second = texts.index("DXリテラシー状況報告", 1)  # drawn twice: the first pass counts pages
    return texts[second:]


def test_the_report_prints_required_training_and_each_courses_gain(qapp, monkeypatch,
                                                                    tmp_path):
    texts = _drawn(monkeypatch, tmp_path, board(
        learning_gain=(*CORE, *MANAGERS),
        assignments=(AssignmentStat(1, "全職員向けコア研修", date(2027, 1, 29), 300, 120, 0),)))
    assert "必修研修の修了状況" in texts
    assert "全職員向けコア研修" in texts and format_date(date(2027, 1, 29)) in texts and "300人" in texts
    assert "コースの学習効果(事後テスト − 事前テスト)" in texts
    at = texts.index("コースの学習効果(事後テスト − 事前テスト)")
    rows = texts[at:]
    assert rows.index("全職員向けコア") < rows.index("管理職向け")  # one row per course
    assert "+35.0ポイント" in rows or "+35.0 ポイント" in rows, rows
    assert "総務部" not in rows  # departments only when a course is chosen


def test_with_a_course_chosen_the_report_gives_its_departments(qapp, monkeypatch, tmp_path):
    texts = _drawn(monkeypatch, tmp_path, board(
        learning_gain=(*CORE, *MANAGERS), course_id="core", course_title="全職員向けコア"))
    rows = texts[texts.index("コースの学習効果(事後テスト − 事前テスト)"):]
    assert [t for t in rows if t in ("全体", "総務部", "会計課", "管理職向け")] == [
        "全体", "総務部", "会計課"]
    hidden = rows.index("会計課")
    assert rows[hidden + 1] == "—"  # a small group: no figures


@pytest.mark.parametrize("category, shown", [(Category.MINDSET, "+25.0"), (Category.WHY, None)])
def test_a_chosen_category_prints_that_categorys_gain(qapp, monkeypatch, tmp_path, category,
                                                       shown):
    texts = _drawn(monkeypatch, tmp_path, board(learning_gain=CORE, category=category))
    title = "コースの学習効果(事後テスト − 事前テスト)"
    if shown is None:  # nobody was asked about it: no gain section at all
        assert title not in texts
        return
    rows = texts[texts.index(title):]
    assert any(t.startswith(shown) for t in rows), rows
