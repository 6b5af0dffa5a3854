"""The HR sign-in in front of the subcommands that change the organisation: who may, how the
password arrives (prompt without echo, or a private file), refusals in words, and the log."""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import sys
from pathlib import Path

import pytest

from dxtrainer import cli_signin
from dxtrainer.cli import main
from tests.conftest import SAMPLE_CONTENT
from tests.hr_signin import HR_NO, HR_PASSWORD, add_hr_admin, credentials_file


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "city.sqlite3"
    add_hr_admin(path)
    return path


class _NoTerminal:
    def isatty(self) -> bool:
        return False


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch):
    """Tests run without a terminal, as a scheduled task would (one test brings its own)."""
    monkeypatch.setattr(sys, "stdin", _NoTerminal())


def setting(db: Path, key: str) -> str | None:
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def settings(db: Path, *extra: str) -> int:
    return main(["settings", "--database", str(db), "--content", str(SAMPLE_CONTENT),
                 "--min-group-size", "8", *extra])


def test_without_a_terminal_or_a_file_the_change_is_refused(db, capsys):
    assert settings(db) == 1
    err = capsys.readouterr().err
    assert "--credentials" in err and "Traceback" not in err
    assert setting(db, "min_group_size") is None


def test_a_private_file_signs_in_and_the_change_is_logged_under_that_person(db, tmp_path, capsys):
    path = tmp_path / "kv.txt"
    path.write_text(f"staff_no={HR_NO}\npassword={HR_PASSWORD}\n", encoding="utf-8")
    path.chmod(0o600)
    assert settings(db, "--credentials", str(path), "--pin-required", "no") == 0
    assert setting(db, "min_group_size") == "8" and setting(db, "pin_required") == "0"
    con = sqlite3.connect(db)
    rows = con.execute("SELECT actor_id, action, detail FROM access_log").fetchall()
    con.close()
    assert rows == [(add_hr_admin(db), "settings", "min_group_size=8 pin_required=0")]


@pytest.mark.parametrize(("number", "password", "words"), [
    (HR_NO, "wrong-password1", "職員番号またはパスワードが違います"),
    ("12345", HR_PASSWORD, "職員番号またはパスワードが違います"),
    ("7000", "trainer2026pass", "人事担当者(管理者)だけ"),
])
def test_wrong_passwords_unknown_numbers_and_other_roles_are_refused(db, tmp_path, capsys,
                                                                      number, password, words):
    add_hr_admin(db, "7000", "trainer2026pass", role="trainer")
    path = credentials_file(tmp_path, number, password)
    assert settings(db, "--credentials", str(path)) == 1
    assert words in capsys.readouterr().err
    assert setting(db, "min_group_size") is None


def test_five_wrong_passwords_lock_the_account_and_say_until_when(db, tmp_path, capsys):
    path = credentials_file(tmp_path, HR_NO, "wrong-password1")
    for _ in range(5):
        assert settings(db, "--credentials", str(path)) == 1
    assert "ロックされています" in capsys.readouterr().err
    assert settings(db, "--credentials", str(credentials_file(tmp_path, name="ok.txt"))) == 1
    assert "ロックされています" in capsys.readouterr().err


def test_an_admin_without_a_password_yet_is_sent_to_the_first_sign_in(tmp_path, capsys):
    db = tmp_path / "new.sqlite3"
    add_hr_admin(db)
    con = sqlite3.connect(db)
    con.execute("UPDATE staff SET credential = NULL")
    con.commit()
    con.close()
    assert settings(db, "--credentials", str(credentials_file(tmp_path))) == 1
    assert "まだパスワードがありません" in capsys.readouterr().err


def test_a_file_others_can_read_is_refused(db, tmp_path, capsys):
    path = credentials_file(tmp_path)
    path.chmod(0o644)
    assert settings(db, "--credentials", str(path)) == 1
    assert "chmod 600" in capsys.readouterr().err
    assert setting(db, "min_group_size") is None


def test_an_unreadable_or_incomplete_file_gets_a_sentence(db, tmp_path, capsys):
    assert settings(db, "--credentials", str(tmp_path / "missing.txt")) == 1
    assert "読めません" in capsys.readouterr().err
    path = tmp_path / "half.txt"
    path.write_text(HR_NO, encoding="utf-8")
    path.chmod(0o600)
    assert settings(db, "--credentials", str(path)) == 1
    assert "読み取れません" in capsys.readouterr().err


def test_at_a_terminal_the_number_is_asked_and_the_password_read_without_echo(
        db, monkeypatch, capsys):
    class Terminal:
        def isatty(self) -> bool:
            return True

    asked: list[str] = []
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or HR_NO)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or HR_PASSWORD)
    assert settings(db) == 0
    assert asked == ["職員番号: ", "パスワード: "]
    assert setting(db, "min_group_size") == "8"


def test_a_roster_is_applied_only_after_an_hr_sign_in(db, tmp_path, capsys):
    roster = tmp_path / "r.csv"
    roster.write_text("職員番号,氏名,所属\n1,山田 花子,総務部 総務課\n", encoding="utf-8-sig")
    base = ["import-roster", str(roster), "--database", str(db), "--content", str(SAMPLE_CONTENT)]
    assert main(base) == 0  # a preview changes nothing: no sign-in
    assert main([*base, "--apply"]) == 1
    assert "--credentials" in capsys.readouterr().err
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM staff").fetchone() == (1,)  # only the HR admin
    con.close()
    assert main([*base, "--apply", "--credentials", str(credentials_file(tmp_path))]) == 0


def test_other_commands_join_the_guard_by_name():
    cli_signin.guard_command("restore-test")
    try:
        assert cli_signin.needs_hr(argparse.Namespace(command="restore-test"))
        assert not cli_signin.needs_hr(argparse.Namespace(command="report"))
        assert not cli_signin.needs_hr(argparse.Namespace(command="settings", min_group_size=None,
                                                          pin_required=None, idle_minutes=None))
    finally:
        del cli_signin.HR_COMMANDS["restore-test"]
