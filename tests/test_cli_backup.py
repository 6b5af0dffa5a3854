"""`dxtrainer backup` and `dxtrainer restore`: the chosen database, sentences, exit codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dxtrainer.cli import main
from tests.conftest import SAMPLE_CONTENT
from tests.hr_signin import add_hr_admin, as_hr, credentials_file


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "city.sqlite3"
    assert main(["demo", "--database", str(path), "--content", str(SAMPLE_CONTENT),
                 "--staff", "6", "--months", "1"]) == 0
    add_hr_admin(path)  # restoring needs an HR sign-in; the backups made later hold them too
    return path


def names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT name FROM staff"))
    finally:
        con.close()


def rename_everyone(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE staff SET name = 'changed'")
    con.commit()
    con.close()


def test_backup_to_a_file_and_into_the_backups_folder(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "copy.sqlite3"
    assert main(["backup", "--database", str(db), "-o", str(out)]) == 0
    assert names(out) == names(db)
    assert main(["backup", "--database", str(db)]) == 0
    made = list((tmp_path / "backups" / "city").glob("city-*-manual.sqlite3"))
    assert len(made) == 1 and names(made[0]) == names(db)
    capsys.readouterr()
    assert main(["backup", "--database", str(db), "--list"]) == 0
    listed = capsys.readouterr().out
    assert "手動" in listed and "職員 7 人" in listed and str(made[0]) in listed


def test_restore_a_file_acts_on_the_chosen_database_and_keeps_a_copy(db, tmp_path, capsys):
    out = tmp_path / "copy.sqlite3"
    main(["backup", "--database", str(db), "-o", str(out)])
    before = names(db)
    rename_everyone(db)
    capsys.readouterr()
    assert main(["restore", str(out), "--database", str(db), *as_hr(tmp_path, db)]) == 0
    said = capsys.readouterr().out
    assert "復元しました(職員 7 人" in said and "残してあります" in said
    assert names(db) == before
    copies = list((tmp_path / "backups" / "city").glob("*-before-restore.sqlite3"))
    assert len(copies) == 1 and set(names(copies[0])) == {"changed"}
    assert not (tmp_path / "data").exists()  # the default database was never touched


def test_restore_latest(db: Path, tmp_path: Path, capsys):
    main(["backup", "--database", str(db)])
    before = names(db)
    rename_everyone(db)
    assert main(["restore", "--latest", "--database", str(db), *as_hr(tmp_path, db)]) == 0
    assert names(db) == before


def test_restore_latest_without_backups_and_of_a_bad_file_say_so(db, tmp_path, capsys):
    assert main(["restore", "--latest", "--database", str(db), *as_hr(tmp_path, db)]) == 2
    assert "復元に使えるバックアップがありません" in capsys.readouterr().err
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    assert main(["restore", str(bad), "--database", str(db), *as_hr(tmp_path, db)]) == 1
    err = capsys.readouterr().err
    assert "壊れている" in err and "Traceback" not in err


def test_a_server_database_is_pointed_to_pg_dump(capsys):
    url = "postgresql+psycopg://someone:secret@db.example/dx"
    assert main(["backup", "--database", url]) == 2
    assert main(["restore", "--latest", "--database", url]) == 2
    err = capsys.readouterr().err
    assert err.count("pg_dump") == 2 and "secret" not in err


def test_backup_never_writes_onto_the_database_or_a_folder(db: Path, tmp_path: Path, capsys):
    before = db.read_bytes()
    assert main(["backup", "--database", str(db), "-o", str(db)]) == 2
    assert main(["backup", "--database", str(db), "-o", str(tmp_path)]) == 2
    assert "-o" in capsys.readouterr().err
    assert db.read_bytes() == before and not list(tmp_path.glob("*.partial"))


def test_restore_needs_an_hr_sign_in(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "copy.sqlite3"
    main(["backup", "--database", str(db), "-o", str(out)])
    rename_everyone(db)
    capsys.readouterr()
    assert main(["restore", str(out), "--database", str(db)]) == 1  # no terminal, no file
    assert "--credentials" in capsys.readouterr().err
    wrong = credentials_file(tmp_path, password="notthepass1", name="wrong.txt")
    assert main(["restore", str(out), "--database", str(db), "--credentials", str(wrong)]) == 1
    assert "パスワードが違います" in capsys.readouterr().err
    add_hr_admin(db, staff_no="9100", role="trainer")
    trainer = credentials_file(tmp_path, staff_no="9100", name="trainer.txt")
    assert main(["restore", str(out), "--database", str(db), "--credentials", str(trainer)]) == 1
    assert "人事担当者" in capsys.readouterr().err
    assert names(db).count("changed") == 7  # nothing was restored


def test_a_damaged_database_is_restored_after_signing_in_against_the_backup(db, tmp_path):
    out = tmp_path / "copy.sqlite3"
    main(["backup", "--database", str(db), "-o", str(out)])
    before = names(db)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)  # the header survives, nothing else
    assert main(["restore", str(out), "--database", str(db), "--credentials",
                 str(credentials_file(tmp_path))]) == 0
    assert names(db) == before
