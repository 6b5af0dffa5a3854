"""`dxtrainer issue-codes` and the sign-in settings on the command line: HR only, the chosen
database, notices and CSV written at once, and codes that really open the accounts.

Tests that draw the PDF take `qapp`: the command would otherwise make a bare QGuiApplication
in this process, and every later widget test would abort."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from dxtrainer.cli import main
from dxtrainer.db.models import AccessLog, Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.records import SignInStatus
from tests.conftest import SAMPLE_CONTENT
from tests.hr_signin import as_hr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "city.sqlite3"
    services = open_services(path, SAMPLE_CONTENT)
    try:
        with services.sessions.begin() as s:
            s.add_all(Staff(staff_no=no, name=name, kana="", role="learner", active=True,
                            created_at=datetime.now())
                      for no, name in (("1001", "山田 花子"), ("1002", "佐藤 一郎"),
                                       ("1003", "鈴木 次郎")))
    finally:
        services.close()
    return path


def read_csv(folder: Path) -> list[list[str]]:
    [path] = folder.glob("*.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


def test_issue_codes_needs_hr_and_writes_nothing_without(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert main(["issue-codes", "1001", "-o", str(out), "--database", str(db)]) == 1
    assert "--credentials" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_issued_codes_open_exactly_the_chosen_accounts(qapp, db: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    hr = as_hr(tmp_path, db)
    assert main(["--database", str(db), "issue-codes", "1001", "１００２", "-o", str(out),
                 *hr]) == 0
    said = capsys.readouterr().out
    assert "2 人に初期コードを発行しました" in said and "(2 ページ)" in said
    rows = read_csv(out)
    assert [r[0] for r in rows] == ["1001", "1002"]
    [pdf] = out.glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    services = open_services(db, SAMPLE_CONTENT)
    try:
        first = services.accounts.find_by_number("1001")
        assert services.accounts.claim(first.id, rows[0][3], "2468").status == SignInStatus.OK
        third = services.accounts.find_by_number("1003")
        assert services.accounts.sign_in(third.id, "").status == SignInStatus.NO_CODE
        with services.sessions() as s:
            logged = s.scalars(select(AccessLog.action)).all()
        assert logged.count("issue-code") == 2
    finally:
        services.close()


def test_waiting_picks_everyone_without_a_usable_code(qapp, db: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    hr = as_hr(tmp_path, db)
    assert main(["issue-codes", "--waiting", "-o", str(out), "--database", str(db), *hr]) == 0
    assert sorted(r[0] for r in read_csv(out)) == ["1001", "1002", "1003"]
    again = tmp_path / "again"
    again.mkdir()
    capsys.readouterr()
    assert main(["issue-codes", "--waiting", "-o", str(again), "--database", str(db), *hr]) == 0
    assert "初期コードが必要な職員はいません" in capsys.readouterr().out
    assert list(again.iterdir()) == []


def test_unknown_numbers_and_a_missing_folder_are_refused(db: Path, tmp_path: Path, capsys):
    hr = as_hr(tmp_path, db)
    assert main(["issue-codes", "9999", "-o", str(tmp_path), "--database", str(db), *hr]) == 2
    assert "9999" in capsys.readouterr().err
    assert main(["issue-codes", "1001", "-o", str(tmp_path / "nowhere"), "--database", str(db),
                 *hr]) == 2
    assert "フォルダがありません" in capsys.readouterr().err


def test_sign_in_settings_on_the_command_line(db: Path, tmp_path: Path, capsys):
    hr = as_hr(tmp_path, db)
    assert main(["settings", "--hide-staff-list", "yes", "--os-sign-in", "yes",
                 "--code-days", "30", "--database", str(db), *hr]) == 0
    said = capsys.readouterr().out
    assert "出さない" in said and "使う" in said and "30 日" in said
    services = open_services(db, SAMPLE_CONTENT)
    try:
        chosen = services.accounts.settings()
        assert chosen.hide_staff_list and chosen.os_sign_in and chosen.code_days == 30
    finally:
        services.close()
    assert main(["settings", "--code-days", "30", "--database", str(db)]) == 1  # no sign-in
    assert main(["settings", "--code-days", "365", "--database", str(db), *hr]) == 1
    assert "90" in capsys.readouterr().err
