"""`dxtrainer report`: the file has the service's numbers; bad arguments get a sentence, exit 2."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dxtrainer.cli import main
from dxtrainer.domain.periods import PeriodKind, parse_period, period_of
from dxtrainer.domain.progress import format_percent
from dxtrainer.services import exports
from dxtrainer.services.records import SYSTEM_USER
from tests.conftest import REPO, SAMPLE_CONTENT
from tests.services.test_reporting import TODAY, make_org, take_quiz


@pytest.fixture
def org_db(services, db_path):
    people = make_org(services, {"a1": 6, "a2": 5, "b1": 7})
    for user in people["a1"][:3] + people["b1"][:2]:
        take_quiz(services, user)
    take_quiz(services, people["a2"][0], right=False)
    return db_path, people


def run(db: Path, *args: str) -> int:
    return main(["report", "--database", str(db), "--content", str(SAMPLE_CONTENT), *args])


def test_json_report_has_the_service_s_numbers(services, org_db, tmp_path, capsys):
    db, _people = org_db
    out = tmp_path / "report.json"
    assert run(db, "--format", "json", "-o", str(out)) == 0
    summary = capsys.readouterr().out.strip()
    assert summary.count("\n") == 0 and str(out) in summary and "全庁" in summary
    got = json.loads(out.read_text(encoding="utf-8"))
    board = services.reporting.dashboard(SYSTEM_USER, period_of(PeriodKind.FISCAL_YEAR, TODAY))
    assert got == exports.report_dict(board)  # the default period is this 年度
    assert got["kpis"]["participation"]["value"] == float(
        format_percent(board.participation.value, 1).removesuffix("%"))
    assert [d["participation"] for d in got["departments"]] == [
        float(format_percent(r.participation, 1).removesuffix("%")) for r in board.departments]


def test_csv_report_for_a_department_by_code_or_name(services, org_db, tmp_path, capsys):
    db, people = org_db
    period = parse_period("FY" + str(period_of(PeriodKind.FISCAL_YEAR, TODAY).start.year))
    board = services.reporting.dashboard(SYSTEM_USER, period, people["_ids"]["a1"])
    for wanted in ("a1", "a1課", "A部 › a1課"):
        out = tmp_path / f"{wanted.replace(' ', '')}.csv"
        assert run(db, "-o", str(out), "--department", wanted, "--period", period.key) == 0
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert ["対象", "A部 › a1課"] in rows
        assert ["期間", board.period_label] in rows
        kpi = next(r for r in rows if r and r[0] == "参加率")
        assert kpi[1] == format_percent(board.participation.value, 1).removesuffix("%")
    assert "CSV" in capsys.readouterr().out


def test_xlsx_report_for_a_quarter(services, org_db, tmp_path):
    from openpyxl import load_workbook

    db, _people = org_db
    quarter = period_of(PeriodKind.QUARTER, TODAY)
    out = tmp_path / "r.xlsx"
    assert run(db, "-o", str(out), "--period", quarter.key) == 0
    board = services.reporting.dashboard(SYSTEM_USER, quarter)
    sheet = load_workbook(out)["所属別"]
    names = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert names == [r.name for r in board.departments]
    assert sheet.cell(2, 3).value == pytest.approx(
        exports.percent_number(board.departments[0].participation) / 100)
    assert sheet.cell(2, 3).number_format == "0.0%"


@pytest.mark.parametrize(("args", "words"), [
    (["-o", "x.txt"], "--format"),
    (["--format", "csv", "-o", "x.csv", "--period", "Q2026-5"], "期間「Q2026-5」"),
    (["--format", "csv", "-o", "x.csv", "--period", "last year"], "FY2026"),
    (["--format", "csv", "-o", "x.csv", "--period", "2026-13"], "期間"),
    (["--format", "csv", "-o", "x.csv", "--department", "a9課"], "近い所属"),
    (["--format", "csv", "-o", "x.csv", "--department", "人事課"], "所属コード"),
    (["--format", "csv", "-o", "no/such/folder/x.csv"], "フォルダ"),
    (["--format", "csv", "-o", "x.csv", "--course", "no-such"], "sample-course"),
])
def test_bad_arguments_exit_2_with_a_sentence(org_db, tmp_path, monkeypatch, capsys, args, words):
    db, _people = org_db
    monkeypatch.chdir(tmp_path)
    assert run(db, *args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.startswith("dxtrainer: ")
    assert not (tmp_path / "x.csv").exists()


def test_a_report_filtered_by_course_and_category(services, org_db, tmp_path, capsys):
    """What HR's dashboard shows with a コース and a 区分 chosen, as a file."""
    from dxtrainer.domain.content import Category

    db, _people = org_db
    out = tmp_path / "course.json"
    assert run(db, "--format", "json", "-o", str(out), "--course", "sample-course",
               "--category", "mindset") == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    board = services.reporting.dashboard(SYSTEM_USER, period_of(PeriodKind.FISCAL_YEAR, TODAY),
                                         category=Category.MINDSET, course_id="sample-course")
    assert got == exports.report_dict(board)
    whole = services.reporting.dashboard(SYSTEM_USER, period_of(PeriodKind.FISCAL_YEAR, TODAY))
    assert exports.report_dict(whole) != got  # the filters changed the figures


def test_unknown_department_lists_close_matches(org_db, tmp_path, capsys):
    db, _people = org_db
    assert run(db, "--format", "csv", "-o", str(tmp_path / "x.csv"), "--department", "a課") == 2
    err = capsys.readouterr().err
    assert "A部 › a1課(a1)" in err


def test_a_missing_database_is_not_created(tmp_path, capsys):
    missing = tmp_path / "none.sqlite3"
    assert run(missing, "--format", "csv", "-o", str(tmp_path / "x.csv")) == 2
    assert "見つかりません" in capsys.readouterr().err
    assert not missing.exists()


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


def test_pdf_report(qapp, services, org_db, tmp_path, capsys):
    db, _people = org_db
    out = tmp_path / "report.pdf"
    assert run(db, "--format", "pdf", "-o", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = pdf_pages(data)
    assert pages >= 1
    assert f"{pages}ページ" in capsys.readouterr().out
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out),
                        str(tmp_path / "page")], check=True, timeout=60)
        png = next(tmp_path.glob("page*.png"))
        assert png.stat().st_size > 2000  # a drawn page, not a blank one


def test_pdf_small_group_report_says_why_figures_are_missing(qapp, services, org_db, tmp_path):
    from dxtrainer.ui.report_pdf import render_pdf

    db, people = org_db
    board = services.reporting.dashboard(SYSTEM_USER, period_of(PeriodKind.FISCAL_YEAR, TODAY),
                                         people["_ids"]["a2"])
    board = dataclasses.replace(board, min_group=6, suppressed=True, distribution=None)
    out = tmp_path / "small.pdf"
    assert render_pdf(board, out) == pdf_pages(out.read_bytes()) >= 1


def test_pdf_from_a_separate_process_without_a_display(org_db, tmp_path):
    """What a scheduled task does: no display, no Qt application; exits cleanly (no abort)."""
    db, _people = org_db
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY",
                                                            "WAYLAND_DISPLAY")}
    out = tmp_path / "r.pdf"
    done = subprocess.run([sys.executable, "-m", "dxtrainer", "report", "--database", str(db),
                           "--content", str(SAMPLE_CONTENT), "-o", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=REPO, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_bytes().startswith(b"%PDF")
