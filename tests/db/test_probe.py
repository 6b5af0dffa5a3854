"""Opening a database names what is wrong, precisely: read-only, locked, unreachable, login
refused, too new, not ours, damaged. Only damage may be set aside, never by a move without a
copy, and never in a place that cannot be written. Read-only cases run as `nobody` (CI is root)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from dxtrainer.db.engine import make_engine, migrate, move_aside, to_url
from dxtrainer.db.probe import DatabaseOpenError, known_revisions
from tests.db.unprivileged import run_unprivileged, shared_folder


def healthy(path: Path) -> Path:
    engine = make_engine(to_url(path))
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('k', 'v')"))
    engine.dispose()
    return path


def code_of(url: str, **kwargs) -> str:
    with pytest.raises(DatabaseOpenError) as caught:
        make_engine(url, **kwargs)
    return caught.value.code


def read_value(path: Path) -> object:
    engine = make_engine(to_url(path), read_only=True)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT value FROM meta WHERE key='k'")).scalar()
    finally:
        engine.dispose()


def try_to_open(path: Path) -> str:
    make_engine(to_url(path)).dispose()
    return "opened"


def test_a_healthy_database_in_a_read_only_folder_is_read_only_not_damaged():
    known_revisions()  # loaded here: the unprivileged child cannot import alembic's files
    with shared_folder() as folder:
        db = healthy(folder / "dx.sqlite3")
        before = db.read_bytes()
        folder.chmod(0o555)
        assert run_unprivileged(lambda: try_to_open(db)) == "error:read-only"
        # ... and it can be opened read-only to look at it,
        assert run_unprivileged(lambda: read_value(db)) == "v"
        # ... but never set aside there.
        assert run_unprivileged(lambda: str(move_aside(db))) == "error:read-only"
        assert db.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["dx.sqlite3"]


def test_a_read_only_file_in_a_writable_folder_is_read_only():
    known_revisions()
    with shared_folder() as folder:
        db = healthy(folder / "dx.sqlite3")
        db.chmod(0o444)
        assert run_unprivileged(lambda: try_to_open(db)) == "error:read-only"
        assert run_unprivileged(lambda: read_value(db)) == "v"


def test_a_new_database_in_a_read_only_folder_is_read_only():
    with shared_folder() as folder:
        folder.chmod(0o555)
        assert run_unprivileged(lambda: try_to_open(folder / "new.sqlite3")) == "error:read-only"


def test_a_database_locked_by_another_program_is_locked(tmp_path: Path):
    db = healthy(tmp_path / "dx.sqlite3")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock and does not let go
    try:
        assert code_of(to_url(db), timeout=0.2) == "locked"
    finally:
        other.execute("ROLLBACK")
        other.close()
    make_engine(to_url(db)).dispose()  # free again: opens


def test_a_database_held_exclusively_is_locked_even_for_reading(tmp_path: Path):
    db = tmp_path / "dx.sqlite3"
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("CREATE TABLE meta (key TEXT)")
    other.execute("CREATE TABLE staff (id INTEGER)")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO meta VALUES ('x')")
    try:
        assert code_of(to_url(db), read_only=True, timeout=0.2) == "locked"
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_database_made_by_a_newer_app_is_too_new(tmp_path: Path):
    db = healthy(tmp_path / "dx.sqlite3")
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    # ... by a newer app that does not say which older apps may still write to it
    con.execute("DELETE FROM meta WHERE key = 'min_writer_version'")
    con.commit()
    con.close()
    assert code_of(to_url(db)) == "too-new"


def test_a_newer_database_that_names_its_oldest_writer_is_left_to_open_services(tmp_path):
    db = healthy(tmp_path / "dx.sqlite3")
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    make_engine(to_url(db)).dispose()  # no error: open_services decides, writable or read-only


def test_another_programs_database_or_a_text_file_is_not_ours(tmp_path: Path):
    foreign = tmp_path / "accounts.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    con.commit()
    con.close()
    assert code_of(to_url(foreign)) == "not-ours"
    notes = tmp_path / "notes.txt"
    notes.write_text("会議メモ\n", encoding="utf-8")
    assert code_of(to_url(notes)) == "not-ours"
    assert notes.read_text(encoding="utf-8") == "会議メモ\n"


def test_a_file_that_fails_sqlites_check_is_damaged_and_set_aside_by_copy(tmp_path: Path):
    db = tmp_path / "dx.sqlite3"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("CREATE INDEX staff_name ON staff (name)")
    con.executemany("INSERT INTO staff (name) VALUES (?)", [(f"職員{i:05d}",) for i in range(3000)])
    con.commit()
    con.close()
    data = bytearray(db.read_bytes())
    data[4096 * 3: 4096 * 3 + 600] = b"\xa5" * 600  # scribble over a page in the middle
    db.write_bytes(bytes(data))
    assert code_of(to_url(db)) == "damaged"
    copy = move_aside(db)
    assert copy.read_bytes() == bytes(data) and not db.exists()
    make_engine(to_url(db)).dispose()  # a fresh database can now be made


def test_garbage_in_a_database_file_is_damaged(tmp_path: Path):
    bad = tmp_path / "dxtrainer.sqlite3"
    bad.write_bytes(b"\x00\x13garbage" * 500)
    assert code_of(to_url(bad)) == "damaged"


def test_an_unreachable_server_is_unreachable():
    # Port 1 on this machine: nothing listens, so the connection is refused at once.
    assert code_of("postgresql+psycopg://dx:secret@127.0.0.1:1/dx", timeout=2) == "unreachable"


def test_a_refused_login_is_login_refused(postgres_url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS dx_c2_probe"))
        conn.execute(text("CREATE ROLE dx_c2_probe LOGIN PASSWORD 'right-password'"))
    try:
        url = make_url(postgres_url).set(username="dx_c2_probe", password="wrong-password")
        assert code_of(url.render_as_string(hide_password=False)) == "login-refused"
        missing = make_url(postgres_url).set(database="dx_no_such_database")
        assert code_of(missing.render_as_string(hide_password=False)) == "missing"
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP ROLE IF EXISTS dx_c2_probe"))
        admin.dispose()


def test_a_server_database_of_another_program_is_not_ours(postgres_url: str):
    from sqlalchemy import create_engine

    other = create_engine(postgres_url)
    with other.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    other.dispose()
    assert code_of(postgres_url) == "not-ours"


def test_a_server_that_only_allows_reading_is_read_only(postgres_url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS dx_c2_reader"))
        conn.execute(text("CREATE ROLE dx_c2_reader LOGIN PASSWORD 'reader-password'"))
        conn.execute(text("ALTER ROLE dx_c2_reader SET default_transaction_read_only = on"))
    try:
        url = make_url(postgres_url).set(username="dx_c2_reader", password="reader-password")
        rendered = url.render_as_string(hide_password=False)
        assert code_of(rendered) == "read-only"
        make_engine(rendered, read_only=True).dispose()  # looking is allowed
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP ROLE IF EXISTS dx_c2_reader"))
        admin.dispose()


@pytest.mark.parametrize(("words", "code"), [
    ('FATAL:  password authentication failed for user "dx"', "login-refused"),
    ('FATAL:  no pg_hba.conf entry for host "10.0.0.5", user "dx"', "login-refused"),
    ('FATAL:  database "dx" does not exist', "missing"),
    ("FATAL:  sorry, too many clients already", "unreachable"),
    ("FATAL:  the database system is starting up", "unreachable"),
    ("Connection refused\n\tIs the server running on that host", "unreachable"),
    ("server closed the connection unexpectedly", "unreachable"),
])
def test_server_answers_are_told_apart_by_their_words(words: str, code: str):
    from dxtrainer.db.probe import server_error_code

    assert server_error_code(RuntimeError(f"connection failed: {words}")) == code
