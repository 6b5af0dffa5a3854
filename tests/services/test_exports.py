"""Exports: CSV, Excel and JSON carry exactly the dashboard's numbers, rounded by the one rule."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from openpyxl import load_workbook

from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.domain.progress import format_percent, round_half_up
from dxtrainer.messages import category_name
from dxtrainer.services import exports
from tests.services.test_reporting import TODAY, hr_user, make_org, reporting, take_quiz

SHEETS = ["概要", "所属別", "習得状況", "推移", "得点分布"]


@pytest.fixture
def org(services):
    """A部 (a1 6 people, a2 3) and B部 (b1 7): a2 is a small group inside A部."""
    people = make_org(services, {"a1": 6, "a2": 3, "b1": 7})
    for user in people["a1"][:4]:
        take_quiz(services, user)
    take_quiz(services, people["a1"][4], right=False)
    take_quiz(services, people["b1"][0], right=False)
    take_quiz(services, people["b1"][1])
    return people


@pytest.fixture
def boards(services, org):
    """The whole organisation, A部 (whose two 課 are both hidden) and a2 alone (suppressed)."""
    hr = hr_user(services)
    period = period_of(PeriodKind.FISCAL_YEAR, TODAY)
    service = reporting(services)
    with services.sessions() as s:
        from sqlalchemy import select

        from dxtrainer.db.models import Department

        a = s.scalar(select(Department.id).where(Department.code == "A"))
    return {"all": service.dashboard(hr, period),
            "a": service.dashboard(hr, period, department_id=a),
            "small": service.dashboard(hr, period, department_id=org["_ids"]["a2"]), "hr": hr}


def shown(share: float | None) -> str:
    """What the screens show in a table, without the「%」."""
    return format_percent(share, 1).removesuffix("%")


def expected_tables(board) -> dict[str, list[list]]:
    """The dashboard's values, straight from the record (independent of exports.report_tables)."""
    cats = list(board.heatmap[0].mastery)
    k = [board.participation, board.completion, board.average_score]
    return {
        "概要": [[kpi.value, kpi.previous, kpi.change] for kpi in k],
        "所属別": [[r.name, r.staff, r.participation, r.completion, r.needs_retake,
                   r.average_score] for r in board.departments],
        "習得状況": [[h.name, *(h.mastery[c] for c in cats)] for h in board.heatmap],
        "推移": [[t.label, t.participation, t.answers] for t in board.trend],
        "得点分布": [[n] for n in (board.distribution or (None,) * 10)],
    }


def csv_sections(data: bytes) -> tuple[list[list[str]], dict[str, list[list[str]]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    head, sections, current = [], {}, None
    for row in rows:
        if row and row[0].startswith("【"):
            current = row[0].strip("【】")
            sections[current] = []
        elif current is None:
            head.append(row)
        elif row:
            sections[current].append(row)
    return head, sections


def test_the_numbers_are_the_shared_formatter_s(boards):
    assert exports.percent_number(0.0125) == 1.3  # half up; round() would give 1.2
    assert exports.excel_share(0.0125) == pytest.approx(0.013)
    assert exports.percent_text(0.0125) == "1.3" and exports.percent_text(None) == "—"
    assert exports.format_points(-0.0125) == "−1.3ポイント"
    assert exports.format_points(0.123) == "+12.3ポイント"
    assert exports.format_points(-0.0001) == "±0.0ポイント"
    assert exports.format_points(None) == "—"
    assert exports.percent_number(-0.0001) == 0.0 and str(exports.percent_number(-0.0001)) == "0.0"


def test_csv_is_utf8_with_bom_and_carries_the_dashboard(boards):
    board = boards["all"]
    data = exports.to_csv(board)
    assert data.startswith(b"\xef\xbb\xbf")
    head, sections = csv_sections(data)
    assert head[0] == ["DXリテラシー状況報告"]
    assert ["期間", board.period_label] in head and board.period_label.startswith("令和")
    assert ["対象", "全庁"] in head
    assert ["在籍職員数(人)", "16"] in head
    assert any("5人未満の集団は「—」で表示しています" in row[1] for row in head if len(row) > 1)
    assert list(sections) == SHEETS
    expected = expected_tables(board)

    kpis = sections["概要"]
    assert kpis[0] == ["指標", "今期(%)", "比較の基準", "基準値(%)", "差(ポイント)"]
    for row, (value, previous, change) in zip(kpis[1:], expected["概要"], strict=True):
        assert row[1] == shown(value) and row[3] == shown(previous)
        assert row[4] == ("—" if change is None else f"{round_half_up(change * 100, 1):.1f}")
    assert kpis[1][0] == "参加率" and kpis[1][1] == "43.8"  # 7 of 16 = 43.75, half up

    departments = sections["所属別"]
    assert departments[0] == ["所属", "職員数(人)", "参加率(%)", "修了率(%)", "要再受講の職員(人)",
                              "平均得点(%)"]
    for row, (name, staff, part, done, retake, average) in zip(departments[1:], expected["所属別"],
                                                               strict=True):
        assert row == [name, str(staff), shown(part), shown(done), str(retake), shown(average)]
    assert departments[1][:3] == ["A部", "9", "55.6"]  # 5 of 9, rounded half up

    heat = sections["習得状況"]
    assert heat[0] == ["所属", *(f"{category_name(c)}(%)" for c in board.heatmap[0].mastery)]
    for row, (name, *shares) in zip(heat[1:], expected["習得状況"], strict=True):
        assert row == [name, *(shown(v) for v in shares)]

    trend = sections["推移"]
    assert trend[0] == ["月", "参加率(%)", "解答数(件)"]
    for row, (label, share, answers) in zip(trend[1:], expected["推移"], strict=True):
        assert row == [label, shown(share), str(answers)]
    bands = sections["得点分布"]
    assert bands[0] == ["平均得点の範囲", "人数(人)"]
    assert [int(r[1]) for r in bands[1:]] == list(board.distribution)
    assert bands[1][0] == "0%以上10%未満" and bands[10][0] == "90%以上100%以下"


def test_csv_shows_suppressed_groups_as_a_dash(boards):
    _head, sections = csv_sections(exports.to_csv(boards["a"]))
    rows = {r[0]: r for r in sections["所属別"][1:]}
    assert rows["a2課"] == ["a2課", "—", "—", "—", "—", "—"]
    assert rows["a1課"][1:] == ["—"] * 5  # would reveal a2 by subtraction
    head, sections = csv_sections(exports.to_csv(boards["small"]))
    assert ["在籍職員数(人)", "—"] in head
    assert [r[1] for r in sections["概要"][1:]] == ["—"] * 3
    assert [r[1] for r in sections["得点分布"][1:]] == ["—"] * 10


def test_xlsx_has_numeric_percent_cells_and_dashes(boards):
    board = boards["all"]
    book = load_workbook(io.BytesIO(exports.to_xlsx(board)))
    assert book.sheetnames == SHEETS
    summary = book["概要"]
    top = [[c.value for c in row] for row in summary.iter_rows(max_row=9, max_col=2)]
    assert ["期間", board.period_label] in top and ["対象", "全庁"] in top
    assert any(v and "5人未満の集団は「—」" in str(v) for row in top for v in row)
    expected = expected_tables(board)
    for name in SHEETS:
        sheet = book[name]
        header = next(r for r in range(1, 20) if sheet.cell(r, 1).value in
                      ("指標", "所属", "月", "平均得点の範囲"))
        assert sheet.freeze_panes == f"A{header + 1}"
        assert all(sheet.cell(header, c).font.b for c in range(1, sheet.max_column + 1)
                   if sheet.cell(header, c).value)
        for col in range(1, sheet.max_column + 1):
            letter = sheet.cell(1, col).column_letter
            assert sheet.column_dimensions[letter].width >= 6
        if name == "概要":
            for i, (value, previous, change) in enumerate(expected[name]):
                row = header + 1 + i
                check_share(sheet.cell(row, 2), value)
                check_share(sheet.cell(row, 4), previous)
                points = sheet.cell(row, 5)
                assert points.value == ("—" if change is None else round_half_up(change * 100, 1))
            continue
        for i, values in enumerate(expected[name]):
            row = header + 1 + i
            for col, value in enumerate(values, start=1 if name != "得点分布" else 2):
                cell = sheet.cell(row, col)
                if isinstance(value, float):
                    check_share(cell, value)
                elif value is None:
                    assert cell.value == "—"
                else:
                    assert cell.value == value


def check_share(cell, share: float | None) -> None:
    if share is None:
        assert cell.value == "—"
        return
    assert isinstance(cell.value, float | int) and "%" in cell.number_format
    assert cell.number_format == "0.0%"
    assert cell.value == pytest.approx(round_half_up(share * 100, 1) / 100, abs=1e-12)
    assert f"{cell.value * 100:.1f}" == format_percent(share, 1).removesuffix("%")


def test_xlsx_suppressed_cells_are_text_dashes(boards):
    book = load_workbook(io.BytesIO(exports.to_xlsx(boards["a"])))
    sheet = book["所属別"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert ["a2課", "—", "—", "—", "—", "—"] in values
    heat = book["習得状況"]
    assert all(v == "—" for row in heat.iter_rows(min_row=2, min_col=2) for v in
               (c.value for c in row))


def test_json_has_the_same_numbers_rounded_by_the_shared_rule(boards):
    board = boards["all"]
    data = json.loads(exports.to_json(board))
    assert data["format"] == exports.JSON_FORMAT
    assert data["period"]["label"] == board.period_label and data["scope"]["name"] == "全庁"
    assert data["active_staff"] == 16 and data["min_group"] == 5

    def number(share):
        return None if share is None else float(shown(share))

    for key, kpi in [("participation", board.participation), ("completion", board.completion),
                     ("average_score", board.average_score)]:
        assert data["kpis"][key]["value"] == number(kpi.value)
        assert data["kpis"][key]["previous"] == number(kpi.previous)
        assert data["kpis"][key]["change_points"] == (
            None if kpi.change is None else round_half_up(kpi.change * 100, 1))
    for got, row in zip(data["departments"], board.departments, strict=True):
        assert (got["name"], got["staff"], got["participation"], got["completion"],
                got["average_score"]) == (row.name, row.staff, number(row.participation),
                                          number(row.completion), number(row.average_score))
    for got, heat in zip(data["mastery"], board.heatmap, strict=True):
        assert got["categories"] == {c.value: number(v) for c, v in heat.mastery.items()}
    assert [(t["label"], t["participation"], t["answers"]) for t in data["trend"]] == [
        (t.label, number(t.participation), t.answers) for t in board.trend]
    assert [b["people"] for b in data["distribution"]] == list(board.distribution)

    small = json.loads(exports.to_json(boards["small"]))
    assert small["suppressed"] and small["distribution"] is None
    assert small["kpis"]["participation"]["value"] is None
    a_part = json.loads(exports.to_json(boards["a"]))
    assert {d["name"]: d["participation"] for d in a_part["departments"]} == {
        "a1課": None, "a2課": None}


def test_staff_rows_are_exported_only_when_given(services, boards, org):
    rows = reporting(services).staff_progress(boards["hr"], org["_ids"]["a1"],
                                              boards["all"].period)
    _head, sections = csv_sections(exports.to_csv(boards["all"], rows))
    assert sections["職員別"][0][:3] == ["職員番号", "氏名", "所属"]
    assert len(sections["職員別"]) == 1 + 6
    assert "職員別" not in csv_sections(exports.to_csv(boards["all"]))[1]
    book = load_workbook(io.BytesIO(exports.to_xlsx(boards["all"], rows)))
    assert book.sheetnames[-1] == "職員別"
    data = exports.report_dict(boards["all"], rows)
    first = next(r for r in rows if r.answers_in_period)
    got = next(s for s in data["staff"] if s["staff_no"] == first.staff_no)
    assert got["completion"] == exports.percent_number(first.completion)
    assert "staff" not in exports.report_dict(boards["all"])


def test_write_report_writes_each_format(tmp_path, boards):
    for fmt in exports.EXPORT_FORMATS:
        path = exports.write_report(boards["all"], tmp_path / f"r.{fmt}", fmt)
        assert path.stat().st_size > 100
    with pytest.raises(ValueError):
        exports.write_report(boards["all"], tmp_path / "r.pdf", "pdf")


def test_a_category_dashboard_has_one_heatmap_column(services, org):
    from dxtrainer.domain.content import Category

    board = reporting(services).dashboard(hr_user(services),
                                          period_of(PeriodKind.FISCAL_YEAR, TODAY),
                                          category=Category.MINDSET)
    _head, sections = csv_sections(exports.to_csv(board))
    assert sections["習得状況"][0] == ["所属", f"{category_name(Category.MINDSET)}(%)"]
    rows = {r[0]: r for r in sections["概要"][1:]}
    assert rows["修了率"][3:] == ["—", "—"]  # no change for one category


def test_match_department_by_code_name_or_path(services, org):
    from dxtrainer.db.models import Department

    ids = org["_ids"]
    assert exports.match_department(services.sessions, "a1").department_id == ids["a1"]
    found = exports.match_department(services.sessions, "a1課")
    assert found.department_id == ids["a1"] and found.name == "A部 › a1課"
    assert exports.match_department(services.sessions, "A部 › a2課").department_id == ids["a2"]
    assert exports.match_department(services.sessions, "a１課").department_id == ids["a1"]  # NFKC
    close = exports.match_department(services.sessions, "a3課")
    assert close.department_id is None and not close.ambiguous
    assert "A部 › a1課(a1)" in close.suggestions
    with services.sessions.begin() as s:
        s.add(Department(code="x9", name="a1課", parent_id=None, level=2, active=True))
    twice = exports.match_department(services.sessions, "a1課")
    assert twice.department_id is None and twice.ambiguous and len(twice.suggestions) == 2


def test_a_dashboard_without_rows_still_exports(boards):
    empty = dataclasses.replace(boards["all"], departments=(), heatmap=(), trend=(),
                                distribution=None)
    assert exports.to_csv(empty).startswith(b"\xef\xbb\xbf")
    assert load_workbook(io.BytesIO(exports.to_xlsx(empty))).sheetnames == SHEETS
    assert json.loads(exports.to_json(empty))["departments"] == []
