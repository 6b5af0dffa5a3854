"""The command line: validate's output and exit codes, demo, backup, version."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dxtrainer.cli import main
from tests.conftest import REPO, SAMPLE_CONTENT
from tests.hr_signin import as_hr


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert "dxtrainer 0.1.0" in capsys.readouterr().out


def test_validate_shipped_content_exits_zero(capsys):
    assert main(["validate", str(REPO / "content")]) == 0
    out = capsys.readouterr().out
    lessons = len(list((REPO / "content" / "lessons").glob("*.md")))
    assert "エラー 0 件" in out and f"レッスン {lessons} 件" in out


def test_validate_reports_file_line_and_exits_nonzero(tmp_path: Path, capsys):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    (root / "lessons/images/figure.svg").unlink()
    assert main(["validate", str(root), "--today", "2026-11-30"]) == 1
    out = capsys.readouterr().out
    assert f"{root / 'lessons/sample-basics.md'}:28: error: 画像ファイル「images/figure.svg」が見つかりません。" in out
    assert main(["validate", str(root), "--format", "json", "--today", "2026-11-30"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["errors"] == 1
    assert report["problems"][0]["line"] == 28


def test_demo_fills_the_demo_database_once(tmp_path: Path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", "--database", str(db), "--content", str(SAMPLE_CONTENT), "--staff", "13", "--months", "3"]) == 0
    assert "職員 13 人" in capsys.readouterr().out  # --staff 13
    assert main(["demo", "--database", str(db), "--content", str(SAMPLE_CONTENT), "--staff", "13", "--months", "3"]) == 0
    assert "何もしませんでした" in capsys.readouterr().out


def test_demo_defaults_to_the_separate_demo_database(tmp_path: Path):
    assert main(["demo", "--content", str(SAMPLE_CONTENT), "--staff", "20"]) == 0
    assert (tmp_path / "data" / "demo.sqlite3").exists()
    assert not (tmp_path / "data" / "dxtrainer.sqlite3").exists()


def test_backup_and_a_corrupt_database_give_sentences_not_tracebacks(tmp_path: Path, capsys):
    db = tmp_path / "x.sqlite3"
    main(["demo", "--database", str(db), "--content", str(SAMPLE_CONTENT), "--staff", "13", "--months", "3"])
    assert main(["backup", "--database", str(db), "-o", str(tmp_path / "b.sqlite3")]) == 0
    assert (tmp_path / "b.sqlite3").exists()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 500)
    capsys.readouterr()
    assert main(["rebuild", "--database", str(bad), "--content", str(SAMPLE_CONTENT)]) == 1
    err = capsys.readouterr().err
    assert "壊れています" in err and "Traceback" not in err and "sqlalche" not in err


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "dxtrainer", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    assert "validate" in done.stdout


def test_the_minimum_group_size_can_be_set(tmp_path, capsys):
    db = str(tmp_path / "s.sqlite3")
    assert main(["settings", "--database", db, "--content", str(SAMPLE_CONTENT)]) == 0
    assert "5 人" in capsys.readouterr().out
    hr = as_hr(tmp_path, db)
    assert main(["settings", "--database", db, "--content", str(SAMPLE_CONTENT),
                 "--min-group-size", "10", *hr]) == 0
    assert "10 人" in capsys.readouterr().out
    assert main(["settings", "--database", db, "--min-group-size", "0"]) == 2
    assert "1〜100" in capsys.readouterr().err
    assert main(["settings", "--database", db, "--content", str(SAMPLE_CONTENT),
                 "--pin-required", "no", "--idle-minutes", "0", *hr]) == 0
    out = capsys.readouterr().out
    assert "不要" in out and "しない" in out


def test_demo_writes_only_into_an_empty_database_and_never_over_real_staff(tmp_path, capsys):
    db = tmp_path / "city.sqlite3"
    assert main(["import-roster", str(REPO / "docs/samples/roster-sample.csv"), "--apply",
                 "--database", str(db), "--content", str(SAMPLE_CONTENT), *as_hr(tmp_path, db)]) == 0
    def people() -> list[tuple]:
        import sqlite3

        with sqlite3.connect(db) as con:
            return con.execute("SELECT id, staff_no, name, active FROM staff").fetchall()

    before = people()
    for extra in ([], ["--replace", *as_hr(tmp_path, db)]):
        capsys.readouterr()
        assert main(["demo", "--database", str(db), "--content", str(SAMPLE_CONTENT),
                     "--staff", "5", "--months", "1", *extra]) == 1
        err = capsys.readouterr().err
        assert "実在の職員が登録されている" in err and "Traceback" not in err
    assert people() == before


def test_demo_replace_signs_in_backs_up_and_makes_the_demo_anew(tmp_path, capsys):
    import sqlite3

    db = tmp_path / "demo.sqlite3"
    base = ["demo", "--database", str(db), "--content", str(SAMPLE_CONTENT), "--months", "1"]
    assert main([*base, "--staff", "6"]) == 0
    assert main([*base, "--staff", "8", "--replace"]) == 1  # no terminal, no --credentials
    assert "--credentials" in capsys.readouterr().err
    hr = as_hr(tmp_path, db)  # an HR admin of the demo who chose a password
    assert main([*base, "--staff", "8", "--replace", *hr]) == 0
    out = capsys.readouterr().out
    assert "職員 8 人" in out
    backup = Path(out.split("バックアップを作りました: ", 1)[1].splitlines()[0])
    with sqlite3.connect(backup) as con:
        assert con.execute("SELECT count(*) FROM staff").fetchone() == (7,)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM staff").fetchone() == (8,)
        assert con.execute("SELECT actor_id, action, detail FROM access_log").fetchall() == [
            (None, "demo-replace", "9000 人事 太郎")]


def test_an_unexpected_failure_is_logged_and_worded_without_its_exception_text(
        tmp_path, capsys, monkeypatch):
    from dxtrainer import cli_database

    def boom(_args):  # noqa: ANN001, ANN202
        raise RuntimeError("sqlalchemy.exc.Whatever: see https://sqlalche.me/e/20/xyz")

    monkeypatch.setitem(cli_database.HANDLERS, "rebuild", boom)
    assert main(["rebuild", "--content", str(SAMPLE_CONTENT)]) == 1
    err = capsys.readouterr().err
    assert "予期しない問題が起きました" in err
    assert "sqlalche" not in err and "Traceback" not in err
    log = (tmp_path / "data" / "logs" / "dxtrainer.log").read_text(encoding="utf-8")
    assert "RuntimeError" in log and "Traceback" in log


def test_every_subcommand_has_exactly_one_handler():
    """cli.command_modules() is the one list: each module's parsers and its HANDLERS agree."""
    import argparse

    from dxtrainer import cli

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    handled = [name for module in cli.command_modules() for name in module.HANDLERS]
    assert len(handled) == len(set(handled))
    assert set(handled) == set(sub.choices)
