"""Engine set-up and migrations: pragmas, schema matches the models, backups, corruption."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from dxtrainer.db.engine import (
    _alembic_config,
    backup_sqlite,
    current_revision,
    head_revision,
    make_engine,
    migrate,
    move_aside,
    to_url,
)
from dxtrainer.db.models import Base
from dxtrainer.db.probe import DatabaseOpenError


def test_sqlite_runs_in_wal_mode_with_foreign_keys(db_path: Path):
    engine = make_engine(to_url(db_path))
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    engine.dispose()


def test_migrations_reach_head_and_match_the_models(db_path: Path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(to_url(db_path))
    assert migrate(engine) is None  # a brand-new database needs no backup
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert migrate(engine) is None  # idempotent
    engine.dispose()


def test_a_migration_of_a_database_with_data_takes_a_backup_first(db_path: Path):
    import sqlite3

    from alembic import command

    engine = make_engine(to_url(db_path))  # a database with data, at the first revision
    command.upgrade(_alembic_config(engine), "0001")
    engine.dispose()
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE legacy (x INTEGER)")
    con.execute("INSERT INTO legacy VALUES (42)")
    con.commit()
    con.close()
    engine = make_engine(to_url(db_path))
    backup = migrate(engine, db_path.parent / "backups")
    assert backup is not None and backup.exists()
    con = sqlite3.connect(backup)
    assert con.execute("SELECT x FROM legacy").fetchone() == (42,)
    con.close()
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_a_corrupt_file_is_detected_and_can_be_set_aside(tmp_path: Path):
    bad = tmp_path / "broken.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseOpenError) as caught:
        make_engine(to_url(bad))
    assert caught.value.code == "damaged"
    moved = move_aside(bad)
    assert moved.exists() and not bad.exists()
    assert moved.read_bytes() == b"this is not a database" * 100
    engine = make_engine(to_url(bad))
    migrate(engine)
    engine.dispose()


def test_backup_copies_a_live_database(db_path: Path, tmp_path: Path):
    engine = make_engine(to_url(db_path))
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('k', 'v')"))
    target = tmp_path / "copy.sqlite3"
    backup_sqlite(engine, target)
    copy = make_engine(to_url(target))
    with copy.connect() as conn:
        assert conn.execute(text("SELECT value FROM meta WHERE key='k'")).scalar() == "v"
    copy.dispose()
    engine.dispose()


def test_upgrade_from_the_first_release_keeps_data_and_adds_memberships(db_path: Path):
    from alembic import command

    from dxtrainer.db.engine import _alembic_config

    engine = make_engine(to_url(db_path))
    command.upgrade(_alembic_config(engine), "0001")  # the previous release's schema
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO departments (id, code, name, active) "
                          "VALUES (1, 'a', '市民課', 1)"))
        conn.execute(text("INSERT INTO staff (id, staff_no, name, kana, department_id, role, "
                          "active, failed_attempts, created_at) VALUES (1, '1', '山田', "
                          "'ヤマダ', 1, 'learner', 1, 0, '2025-04-01 09:00:00')"))
    backup = migrate(engine)
    assert backup is not None and backup.exists()  # taken before the migration
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT staff_id, department_id, valid_from FROM memberships"))
        assert [tuple(r) for r in rows] == [(1, 1, "2025-04-01")]
        assert conn.execute(text("SELECT level FROM departments")).scalar() == 2
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_upgrade_to_initial_codes_keeps_credentials_and_adds_empty_columns(db_path: Path):
    from alembic import command

    from dxtrainer.db.engine import _alembic_config

    engine = make_engine(to_url(db_path))
    command.upgrade(_alembic_config(engine), "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO staff (id, staff_no, name, kana, role, active, credential, "
                          "failed_attempts, created_at) VALUES (1, '1', '山田', 'ヤマダ', 'hr', 1, "
                          "'scrypt$16384$8$1$aa$bb', 0, '2025-04-01 09:00:00')"))
    migrate(engine)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT credential, code_hash, code_expires_at, os_account "
                                "FROM staff")).one()
    assert tuple(row) == ("scrypt$16384$8$1$aa$bb", None, None, None)  # a PIN set before stays
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()
