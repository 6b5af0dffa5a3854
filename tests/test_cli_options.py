"""--database, --content and --lang work before or after the subcommand, for every subcommand: the
named database is the one changed, the default one is never created, and the command says which
database it used."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from dxtrainer import i18n
from dxtrainer.cli import main
from tests.conftest import SAMPLE_CONTENT
from tests.hr_signin import add_hr_admin, credentials_file

ROSTER = ["職員番号,氏名,フリガナ,所属,役割", "9001,試験 太郎,シケン タロウ,総務部 総務課,"]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A small demo organisation made once (about a second), copied for each case."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "other.sqlite3"
    i18n.install("ja")
    assert main(["demo", "--database", str(db), "--content", str(SAMPLE_CONTENT),
                 "--staff", "12", "--months", "2"]) == 0
    add_hr_admin(db)  # the 13th person, who signs in for the commands that change things
    return db


@pytest.fixture(autouse=True)
def _japanese_afterwards():
    yield
    i18n.install("ja")


def query(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def place(options: list[str], where: str, command: list[str]) -> list[str]:
    return [*options, *command] if where == "before" else [*command, *options]


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("name", ["validate", "demo", "rebuild", "settings", "backup",
                                  "import-roster", "report", "upgrade-database"])
def test_options_on_either_side_of_the_subcommand(name, where, template, tmp_path, capsys):
    db = tmp_path / "other.sqlite3"
    if name != "demo":
        shutil.copy(template, db)
    default = tmp_path / "data" / "dxtrainer.sqlite3"
    demo_default = tmp_path / "data" / "demo.sqlite3"
    options = ["--database", str(db), "--content", str(SAMPLE_CONTENT), "--lang", "en"]
    out_file = tmp_path / "out"
    hr = ["--credentials", str(credentials_file(tmp_path))]
    command = {
        "validate": ["validate"],
        "demo": ["demo", "--staff", "5", "--months", "1"],
        "rebuild": ["rebuild"],
        "settings": ["settings", "--min-group-size", "7", *hr],
        "backup": ["backup", "-o", str(out_file)],
        "import-roster": ["import-roster", str(tmp_path / "roster.csv"), "--apply", *hr],
        "report": ["report", "-o", str(out_file.with_suffix(".json"))],
        "upgrade-database": ["upgrade-database", *hr],
    }[name]
    if name == "rebuild":  # a roll-up table emptied by hand: only a rebuild of THIS file fills it
        con = sqlite3.connect(db)
        con.execute("DELETE FROM dept_period")
        con.commit()
        con.close()
    if name == "upgrade-database":  # the record of the oldest app allowed to write, taken away
        con = sqlite3.connect(db)
        con.execute("DELETE FROM meta WHERE key = 'min_writer_version'")
        con.commit()
        con.close()
    if name == "import-roster":
        (tmp_path / "roster.csv").write_text("\n".join(ROSTER), encoding="utf-8")

    code = main(place(options, where, command))
    captured = capsys.readouterr()
    assert code == 0, captured
    assert not default.exists(), "the default database was created"
    assert not demo_default.exists(), "the demo database was created"
    if name == "validate":  # --content reached it: the sample has 2 lessons, the bundled 16
        assert "Lessons: 2," in captured.out
        return
    assert "Using the database other.sqlite3." in captured.err  # --lang en reached it
    if name == "demo":
        assert query(db, "SELECT count(*) FROM staff") == [(5,)]
    elif name == "rebuild":
        assert query(db, "SELECT count(*) FROM dept_period")[0][0] > 0
    elif name == "settings":
        assert query(db, "SELECT value FROM meta WHERE key='min_group_size'") == [("7",)]
    elif name == "backup":
        assert query(out_file, "SELECT count(*) FROM staff") == [(13,)]
    elif name == "import-roster":
        assert query(db, "SELECT name FROM staff WHERE staff_no='9001'") == [("試験 太郎",)]
    elif name == "report":
        report = out_file.with_suffix(".json").read_text(encoding="utf-8")
        assert '"active_staff": 12' in report  # the HR admin has no department
    elif name == "upgrade-database":
        assert query(db, "SELECT value FROM meta WHERE key = 'min_writer_version'") == [("0.1.0",)]


def test_the_default_database_is_not_announced(tmp_path, capsys):
    assert main(["settings", "--content", str(SAMPLE_CONTENT)]) == 0
    assert (tmp_path / "data" / "dxtrainer.sqlite3").exists()
    assert "使います" not in capsys.readouterr().err


def test_a_server_is_named_by_host_and_database_never_the_password(monkeypatch, capsys):
    from dxtrainer import cli

    cli._announce("postgresql+psycopg://hr:secret@db.city.local:5432/dx")
    err = capsys.readouterr().err
    assert "db.city.local:5432/dx" in err and "secret" not in err and "hr" not in err
