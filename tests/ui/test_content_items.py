"""教材: the item-analysis table (worst first), one question's choice shares, CSV/Excel export."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from dxtrainer.domain.item_analysis import badness
from dxtrainer.services.demo_org import generate
from dxtrainer.services.item_export import flag_name
from dxtrainer.services.records import SYSTEM_USER
from dxtrainer.ui.screens.content_screen import FLAGS_COLUMN, ContentScreen
from dxtrainer.ui.task_runner import TaskRunner
from tests.ui.helpers import TIMEOUT


def test_item_analysis_table_detail_and_export(qtbot, services, tmp_path):
    generate(services, staff=60, months=4, today=date(2026, 11, 30), seed=7)
    runner = TaskRunner()
    screen = ContentScreen(runner, services, SYSTEM_USER)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.refresh()
    model, proxy = screen.model, screen.proxy
    assert model.rowCount() == 4
    rows = [model.row(proxy.mapToSource(proxy.index(i, 0)).row()) for i in range(4)]
    keys = [badness(r.flags) for r in rows]
    assert keys == sorted(keys)  # worst first
    q1 = next(r for r in rows if r.question_id == "q1")
    row = next(i for i, r in enumerate(rows) if r is q1)
    assert proxy.index(row, 5).data() == f"{q1.facility * 100:.1f}%"
    assert proxy.index(row, FLAGS_COLUMN).data() == "、".join(flag_name(f) for f in q1.flags)
    screen.table.selectRow(row)
    assert screen.detail.heading.text().startswith(f"第{q1.lesson_number}課 問{q1.position}")
    assert [b.format() for b in screen.detail.bars] == [
        f"{c.share * 100:.1f}%" for c in q1.choices]
    assert sum(b.value() for b in screen.detail.bars) in (999, 1000, 1001)  # single choice
    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"items.{fmt}"
        with qtbot.waitSignal(screen.exported, timeout=TIMEOUT):
            screen.export(fmt, str(target))
        assert target.stat().st_size > 0
    assert "【選択肢ごとの選ばれた割合】" in (tmp_path / "items.csv").read_text(encoding="utf-8-sig")
    sheet = load_workbook(tmp_path / "items.xlsx")["問題ごとの統計"]
    assert [c.value for c in sheet[3]][:3] == ["クイズ", "課", "問"]


def test_trainers_change_the_thresholds_and_the_flags_follow(qtbot, services):
    generate(services, staff=30, months=3, today=date(2026, 11, 30), seed=3)
    runner = TaskRunner()
    screen = ContentScreen(runner, services, SYSTEM_USER)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.refresh()
    screen.edit_thresholds()
    dialog = screen.thresholds_dialog
    assert dialog.people.value() == 20 and dialog.easy.value() == 95
    dialog.hard.setValue(96)
    dialog._on_buttons_accepted()  # hard above easy: refused with a sentence
    assert "より小さく" in dialog.message.text()
    dialog.hard.setValue(50)
    dialog.people.setValue(5)
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        dialog._on_buttons_accepted()
    assert services.items.thresholds(SYSTEM_USER).min_people == 5
    assert screen.limits is not None and screen.limits.hard == 0.5
    assert "5 人以上" in screen.explain.text()
