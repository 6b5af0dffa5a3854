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


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert "dxtrainer 0.1.0" in capsys.readouterr().out


def test_validate_shipped_content_exits_zero(capsys):
    assert main(["validate", str(REPO / "content")]) == 0
    out = capsys.readouterr().out
    assert "エラー 0 件" in out and "レッスン 16 件" in out


def test_validate_reports_file_line_and_exits_nonzero(tmp_path: Path, capsys):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    (root / "lessons/images/figure.svg").unlink()
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root / 'lessons/sample-basics.md'}:28: error: 画像ファイル「images/figure.svg」が見つかりません。" in out
    assert main(["validate", str(root), "--format", "json"]) == 1
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
    assert main(["settings", "--database", db, "--content", str(SAMPLE_CONTENT),
                 "--min-group-size", "10"]) == 0
    assert "10 人" in capsys.readouterr().out
    assert main(["settings", "--database", db, "--min-group-size", "0"]) == 2
    assert "1〜100" in capsys.readouterr().err
    assert main(["settings", "--database", db, "--content", str(SAMPLE_CONTENT),
                 "--pin-required", "no", "--idle-minutes", "0"]) == 0
    out = capsys.readouterr().out
    assert "不要" in out and "しない" in out
