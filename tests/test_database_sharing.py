"""One database, changed only on purpose: a PC's start-up never changes a shared server (schema,
content mirror, roll-ups); an app older than the database allows opens read-only; only
`dxtrainer upgrade-database`, after an HR sign-in (and a backup for SQLite), brings it up to date."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dxtrainer import __version__
from dxtrainer.cli import main
from dxtrainer.db.engine import (
    MIN_WRITER_KEY,
    SchemaState,
    _alembic_config,
    declared_writer_version,
    head_revision,
    make_engine,
    may_write,
    record_writer_version,
    schema_state,
    stored_writer_version,
    to_url,
    version_tuple,
)
from dxtrainer.services.container import open_services
from dxtrainer.services.demo_org import generate
from dxtrainer.services.errors import ServiceError
from tests.conftest import SAMPLE_CONTENT
from tests.hr_signin import HR_NO, HR_PASSWORD, add_hr_admin, credentials_file


def changed_content(tmp_path: Path) -> Path:
    """The sample content with one lesson at a new version: what a PC with newer content has."""
    root = tmp_path / "newer-content"
    if root.exists():
        return root
    shutil.copytree(SAMPLE_CONTENT, root)
    lesson = root / "lessons" / "sample-advanced.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1),
                      encoding="utf-8")
    return root


def snapshot(url: str) -> dict[str, list]:
    """Everything a start-up could change: schema revision, meta, content mirror, roll-ups."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {table: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {table}"))),
                                  key=repr)
                    for table in ("alembic_version", "meta", "content_items",
                                  "content_questions", "person_category_rollup", "dept_period",
                                  "dept_category", "staff")}
    finally:
        engine.dispose()


def set_meta(url: str, key: str, value: str | None) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": key})
        if value is not None:
            conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"),
                         {"k": key, "v": value})
    engine.dispose()


def organisation(url: str) -> None:
    services = open_services(url, SAMPLE_CONTENT)
    try:
        generate(services, staff=15, months=2, seed=3)
    finally:
        services.close()


# --- versions ---------------------------------------------------------------------------------

def test_versions_compare_as_numbers():
    assert version_tuple("0.10.2") == (0, 10, 2) and version_tuple("1.2rc1") == (1, 2)
    assert may_write("0.10.0", "0.9.9") and not may_write("0.1.0", "0.2")


def test_a_new_database_records_the_oldest_app_allowed_to_write(tmp_path):
    engine = make_engine(to_url(tmp_path / "n.sqlite3"))
    assert schema_state(engine) == SchemaState.EMPTY
    open_services(tmp_path / "n.sqlite3", SAMPLE_CONTENT).close()
    assert schema_state(engine) == SchemaState.CURRENT
    assert stored_writer_version(engine) == "0.1.0"
    engine.dispose()


def test_the_newest_revision_that_declares_a_version_sets_it():
    from types import SimpleNamespace as Module

    assert declared_writer_version([Module(), Module(min_writer_version="0.4.0"),
                                    Module(min_writer_version="0.2.0")]) == "0.4.0"
    assert declared_writer_version([Module(), Module()]) == "0.1.0"  # only additions so far


def test_the_recorded_version_is_raised_and_never_lowered(tmp_path, monkeypatch):
    from dxtrainer.db import engine as engine_module

    engine = make_engine(to_url(tmp_path / "w.sqlite3"))
    open_services(tmp_path / "w.sqlite3", SAMPLE_CONTENT).close()
    monkeypatch.setattr(engine_module, "required_writer_version", lambda _e: "0.5.0")
    assert record_writer_version(engine) == "0.5.0"
    monkeypatch.setattr(engine_module, "required_writer_version", lambda _e: "0.3.0")
    assert record_writer_version(engine) == "0.5.0"  # never lowered
    assert stored_writer_version(engine) == "0.5.0"
    engine.dispose()


# --- an app older than the database allows ----------------------------------------------------

def test_an_older_app_opens_read_only_says_so_and_writes_nothing(tmp_path):
    db = tmp_path / "newer.sqlite3"
    organisation(to_url(db))
    set_meta(to_url(db), MIN_WRITER_KEY, "99.0")
    set_meta(to_url(db), "device_id", None)
    before = snapshot(to_url(db))
    services = open_services(db, changed_content(tmp_path))
    try:
        assert services.read_only
        codes = [n.code for n in services.notices]
        assert codes == ["app-older-than-database", "content-differs-from-database"]
        assert services.notices[0].detail["required"] == "99.0"
        with pytest.raises(Exception), services.sessions.begin() as s:  # noqa: B017, PT011
            s.execute(text("DELETE FROM meta"))
    finally:
        services.close()
    assert snapshot(to_url(db)) == before


def test_a_database_made_by_a_newer_app_stays_writable_when_its_revisions_only_added(tmp_path):
    db = tmp_path / "ahead.sqlite3"
    organisation(to_url(db))
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999_added_a_table'")
    con.commit()
    con.close()
    engine = make_engine(to_url(db))
    assert schema_state(engine) == SchemaState.AHEAD
    engine.dispose()
    services = open_services(db, SAMPLE_CONTENT)
    assert not services.read_only and services.notices == ()
    services.close()
    set_meta(to_url(db), MIN_WRITER_KEY, f"{version_tuple(__version__)[0] + 1}.0")
    services = open_services(db, SAMPLE_CONTENT)
    assert services.read_only
    services.close()


def test_commands_that_write_refuse_a_read_only_database_in_words(tmp_path, capsys):
    db = tmp_path / "newer.sqlite3"
    organisation(to_url(db))
    set_meta(to_url(db), MIN_WRITER_KEY, "99.0")
    before = snapshot(to_url(db))
    assert main(["rebuild", "--database", str(db), "--content", str(SAMPLE_CONTENT)]) == 1
    err = capsys.readouterr().err
    assert "版 99.0 以降に更新してください" in err and "見るだけの状態で開いているため" in err
    assert main(["upgrade-database", "--database", str(db), "--content", str(SAMPLE_CONTENT)]) == 1
    assert "このアプリより新しい版で更新されています" in capsys.readouterr().err
    assert snapshot(to_url(db)) == before
    out = tmp_path / "r.json"
    assert main(["report", "--database", str(db), "--content", str(SAMPLE_CONTENT),
                 "-o", str(out)]) == 0  # reading still works
    assert out.exists()


# --- a local SQLite file: still this PC's own --------------------------------------------------

def test_a_local_file_follows_this_pcs_content_at_start_up(tmp_path):
    db = tmp_path / "own.sqlite3"
    organisation(to_url(db))
    services = open_services(db, changed_content(tmp_path))
    assert services.notices == () and not services.shared
    services.close()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT version FROM content_items "
                           "WHERE key = 'lesson:sample-advanced'").fetchone() == (2,)


def test_upgrade_database_on_sqlite_signs_in_backs_up_and_logs(tmp_path, capsys):
    db = tmp_path / "city.sqlite3"
    organisation(to_url(db))
    hr_id = add_hr_admin(db)
    with sqlite3.connect(db) as con:  # a mirror out of line with the published content
        con.execute("UPDATE content_items SET version = 7 WHERE key = 'lesson:sample-advanced'")
    base = ["upgrade-database", "--database", str(db), "--content", str(changed_content(tmp_path))]
    assert main([*base, "--credentials", str(credentials_file(tmp_path, HR_NO, "nope-nope1"))]) == 1
    assert "違います" in capsys.readouterr().err
    assert main([*base, "--credentials", str(credentials_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "教材の登録 更新" in out
    backup = Path(out.split("バックアップを作りました: ", 1)[1].splitlines()[0])
    with sqlite3.connect(backup) as con:  # the copy holds the organisation as it was
        assert con.execute("SELECT version FROM content_items "
                           "WHERE key = 'lesson:sample-advanced'").fetchone() == (7,)
    with sqlite3.connect(db) as con:  # the mirror follows the published content, not --content
        assert con.execute("SELECT version FROM content_items "
                           "WHERE key = 'lesson:sample-advanced'").fetchone() == (1,)
        assert con.execute("SELECT actor_id, action FROM access_log "
                           "WHERE action = 'upgrade-database'").fetchall() == [(hr_id,
                                                                               "upgrade-database")]
    assert main([*base, "--credentials", str(credentials_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "既にこの版のアプリに合っています" in out and "バックアップ" not in out


# --- PostgreSQL: a server shared by many PCs ----------------------------------------------------

def test_a_second_pc_with_other_content_leaves_the_server_as_it_is(postgres_url, tmp_path,
                                                                    capsys):
    organisation(postgres_url)
    before = snapshot(postgres_url)
    services = open_services(postgres_url, changed_content(tmp_path))
    try:
        assert services.shared and not services.read_only
        assert [n.code for n in services.notices] == ["content-differs-from-database"]
        assert services.content.index.lesson("sample-advanced").version == 2  # shows its own
    finally:
        services.close()
    assert snapshot(postgres_url) == before
    assert lesson_version(postgres_url) == 1
    # the command line says the same, and a report still works
    assert main(["report", "--database", postgres_url, "--content", str(changed_content(tmp_path)),
                 "-o", str(tmp_path / "r.csv")]) == 0
    assert "異なります" in capsys.readouterr().err
    assert snapshot(postgres_url) == before

    add_hr_admin(postgres_url)  # new content reaches the server by publishing it, on purpose
    assert main(["publish-content", str(changed_content(tmp_path)), "--database", postgres_url,
                 "--credentials", str(credentials_file(tmp_path))]) == 0
    assert "公開番号 2" in capsys.readouterr().out
    assert lesson_version(postgres_url) == 2
    services = open_services(postgres_url)  # any PC without --content shows it, unchanged
    try:
        assert services.notices == () and services.publication == 2
        assert services.content.index.lesson("sample-advanced").version == 2
    finally:
        services.close()


def lesson_version(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version FROM content_items "
                                    "WHERE key = 'lesson:sample-advanced'")).scalar_one()
    engine.dispose()
    return version


def test_an_older_app_cannot_change_the_server(postgres_url, tmp_path):
    organisation(postgres_url)
    set_meta(postgres_url, MIN_WRITER_KEY, "99.0")
    set_meta(postgres_url, "device_id", None)
    before = snapshot(postgres_url)
    services = open_services(postgres_url, changed_content(tmp_path))
    try:
        assert services.read_only
        with pytest.raises(Exception), services.sessions.begin() as s:  # noqa: B017, PT011
            s.execute(text("DELETE FROM meta"))  # the engine itself refuses
    finally:
        services.close()
    assert snapshot(postgres_url) == before


def test_a_server_behind_this_app_is_not_migrated_at_start_up(postgres_url, tmp_path, capsys):
    from alembic import command

    from dxtrainer.services.credentials import hash_secret

    engine = make_engine(postgres_url)
    command.upgrade(_alembic_config(engine), "0002")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO staff (staff_no, name, kana, role, active, credential, failed_attempts,"
            " created_at) VALUES (:no, '人事 太郎', '', 'hr', true, :c, 0, now())"),
            {"no": HR_NO, "c": hash_secret(HR_PASSWORD)})
    engine.dispose()
    with pytest.raises(ServiceError) as refused:
        open_services(postgres_url, SAMPLE_CONTENT)
    assert refused.value.code == "database-needs-upgrade"
    assert main(["rebuild", "--database", postgres_url, "--content", str(SAMPLE_CONTENT)]) == 1
    assert "upgrade-database" in capsys.readouterr().err
    assert snapshot_revision(postgres_url) == "0002"

    assert main(["upgrade-database", "--database", postgres_url, "--content",
                 str(SAMPLE_CONTENT)]) == 1  # no terminal, no --credentials
    assert "--credentials" in capsys.readouterr().err
    assert main(["upgrade-database", "--database", postgres_url, "--content", str(SAMPLE_CONTENT),
                 "--credentials", str(credentials_file(tmp_path))]) == 0
    assert "形式 0002 →" in capsys.readouterr().out
    assert snapshot_revision(postgres_url) == head_revision(make_engine(postgres_url))
    services = open_services(postgres_url, SAMPLE_CONTENT)
    assert services.notices == () and not services.read_only
    services.close()


def snapshot_revision(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    return revision


def test_a_demo_on_a_server_is_replaced_only_by_hr(postgres_url, tmp_path, capsys):
    base = ["demo", "--database", postgres_url, "--content", str(SAMPLE_CONTENT), "--months", "1"]
    assert main([*base, "--staff", "6"]) == 0
    hr = ["--credentials", str(credentials_file(tmp_path))]
    add_hr_admin(postgres_url)
    assert main([*base, "--staff", "9", "--replace", *hr]) == 0
    assert "職員 9 人" in capsys.readouterr().out
    assert len(snapshot(postgres_url)["staff"]) == 9
    assert main([*base, "--staff", "9", "--replace", *hr]) == 1  # its HR admin went with it
    assert "違います" in capsys.readouterr().err


def test_an_empty_database_opened_read_only_is_named_not_created(tmp_path):
    db = tmp_path / "empty.sqlite3"
    sqlite3.connect(db).close()
    with pytest.raises(ServiceError) as refused:
        open_services(db, SAMPLE_CONTENT, read_only=True)
    assert refused.value.code == "database-empty"
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT name FROM sqlite_master").fetchall() == []


def test_asked_for_read_only_a_database_is_read_and_never_written(tmp_path):
    db = tmp_path / "look.sqlite3"
    organisation(to_url(db))
    set_meta(to_url(db), "device_id", None)
    before = snapshot(to_url(db))
    services = open_services(db, changed_content(tmp_path), read_only=True)
    try:
        assert services.read_only and services.staff_count() == 15
        assert [n.code for n in services.notices] == ["content-differs-from-database"]
    finally:
        services.close()
    assert snapshot(to_url(db)) == before
