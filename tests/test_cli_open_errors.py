"""On the command line, each reason a database cannot be opened is its own sentence with its next
step: no traceback, no library's words, no link to a library's website, no password."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dxtrainer.cli import main
from dxtrainer.db.probe import known_revisions
from dxtrainer.messages import service_error_text
from tests.conftest import SAMPLE_CONTENT
from tests.db.test_probe import healthy
from tests.db.unprivileged import run_unprivileged, shared_folder


def rebuild(database: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["rebuild", "--database", database, "--content", str(SAMPLE_CONTENT)])
    return code, err.getvalue()


def assert_worded(result: tuple[int, str], code: str, database: str) -> None:
    status, err = result
    assert status == 1
    said = [line for line in err.splitlines() if "を使います。" not in line]  # the announcement
    assert said == [f"dxtrainer: {service_error_text(code, database=database)}"]
    for leak in ("Traceback", "sqlalche", "http", "Error"):
        assert leak not in err


def test_read_only_folder_on_the_command_line():
    import dxtrainer.services.container  # noqa: F401 - nobody cannot import it later

    known_revisions()
    with shared_folder() as folder:
        db = healthy(folder / "dx.sqlite3")
        folder.chmod(0o555)
        status, err = run_unprivileged(lambda: list(rebuild(str(db))))
        assert_worded((status, err), "database-read-only", "dx.sqlite3")


def test_locked_on_the_command_line(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("dxtrainer.db.probe.BUSY_TIMEOUT_S", 0.2)
    db = healthy(tmp_path / "dx.sqlite3")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert_worded(rebuild(str(db)), "database-locked", "dx.sqlite3")
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_unreachable_server_on_the_command_line():
    url = "postgresql+psycopg://dxapp:hunter2secret@127.0.0.1:1/dxtrainer"
    result = rebuild(url)
    assert_worded(result, "database-unreachable", "127.0.0.1:1/dxtrainer")
    assert "hunter2secret" not in result[1]


def test_login_refused_on_the_command_line(postgres_url: str):
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS dx_c2_cli"))
        conn.execute(text("CREATE ROLE dx_c2_cli LOGIN PASSWORD 'right-password'"))
    try:
        url = make_url(postgres_url).set(username="dx_c2_cli", password="wrong-password")
        result = rebuild(url.render_as_string(hide_password=False))
        label = f"{url.host}:{url.port}/{url.database}"
        assert_worded(result, "database-login-refused", label)
        assert "wrong-password" not in result[1]
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP ROLE IF EXISTS dx_c2_cli"))
        admin.dispose()


def test_too_new_not_ours_and_damaged_on_the_command_line(tmp_path: Path):
    newer = healthy(tmp_path / "newer.sqlite3")
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    # ... by a newer app that does not say which older apps may still write to it
    con.execute("DELETE FROM meta WHERE key = 'min_writer_version'")
    con.commit()
    con.close()
    assert_worded(rebuild(str(newer)), "database-too-new", "newer.sqlite3")

    foreign = tmp_path / "ledger.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    assert_worded(rebuild(str(foreign)), "database-not-ours", "ledger.sqlite3")

    damaged = tmp_path / "dxtrainer.sqlite3"
    damaged.write_bytes(b"\x00garbage" * 600)
    assert_worded(rebuild(str(damaged)), "database-damaged", "dxtrainer.sqlite3")
    assert damaged.read_bytes() == b"\x00garbage" * 600  # nothing set aside by a command


@pytest.mark.parametrize("exc", [RuntimeError("secret english text"), OSError(13, "denied")])
def test_anything_unexpected_is_the_apology_naming_the_log(monkeypatch, tmp_path, exc):
    def boom(args):
        raise exc

    from dxtrainer import cli_database

    monkeypatch.setitem(cli_database.HANDLERS, "rebuild", boom)
    status, err = rebuild(str(tmp_path / "x.sqlite3"))
    assert status == 1
    assert err == f"dxtrainer: {service_error_text('internal')}\n"
    assert "secret" not in err and "denied" not in err and "dxtrainer.log" in err
