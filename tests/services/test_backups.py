"""Backups: checked copies in backups/<stem>/, rotation (7 daily, 4 weekly, configurable), the
automatic ones (start-up once a day, upgrade, roster import, restore) and restoring."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dxtrainer.db import backups as files
from dxtrainer.db.models import AccessLog, Answer, Meta, Staff
from dxtrainer.services.backups import BackupService
from dxtrainer.services.container import open_services
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import SYSTEM_USER, CurrentUser, Role
from dxtrainer.services.roster import RosterService
from tests.conftest import SAMPLE_CONTENT


def staff_names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT name FROM staff"))
    finally:
        con.close()


def folder(db_path: Path) -> Path:
    return db_path.parent / "backups" / db_path.stem


def test_a_backup_is_a_checked_single_file_named_by_date_and_reason(services, staff, db_path):
    made = BackupService(db_path).take("manual")
    assert made.parent == folder(db_path)
    assert made.name.startswith("test-") and made.name.endswith("-manual.sqlite3")
    assert not list(made.parent.glob("*.partial")) and not list(made.parent.glob("*-wal"))
    con = sqlite3.connect(f"file:{made}?mode=ro", uri=True)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    check = files.check_backup(made)
    assert (check.ok, check.ours, check.staff, check.answers) == (True, True, 2, 0)
    assert staff_names(made) == ["佐藤 一郎", "山田 花子"]


def test_a_copy_that_fails_its_check_is_never_offered(services, staff, db_path, monkeypatch):
    monkeypatch.setattr(files, "_quick_check_verdict", lambda _con: "row 3 missing from index")
    with pytest.raises(ServiceError) as caught:
        BackupService(db_path).take()
    assert caught.value.code == "backup-failed"
    assert list(folder(db_path).iterdir()) == []


def fake_backups(target: Path, days_back: int, today: date) -> list[Path]:
    """Two backups a day (09:00 and 17:00) for `days_back` days up to `today`."""
    made = []
    for n in range(days_back):
        for hour in (9, 17):
            at = datetime.combine(today - timedelta(days=n), time(hour))
            path = target / f"test-{at:%Y%m%d-%H%M%S}-startup.sqlite3"
            path.write_bytes(b"x")
            made.append(path)
    return made


def test_rotation_keeps_today_seven_days_and_four_weeks(tmp_path: Path):
    today = date(2026, 11, 30)  # a Monday: its ISO week has only today so far
    target = tmp_path / "backups"
    target.mkdir()
    fake_backups(target, 60, today)
    removed = files.rotate(target, 7, 4, today=today)
    kept = sorted(b.taken_at for b in files.list_backups(target))
    assert [t for t in kept if t.date() == today] == [datetime(2026, 11, 30, 9),
                                                       datetime(2026, 11, 30, 17)]
    # the newest of each of the 7 days Nov 24..30, and of the 4 ISO weeks back to Nov 9..15
    days = [t.date() for t in kept if t.date() != today]
    assert days == [date(2026, 11, 15), date(2026, 11, 22), *(date(2026, 11, d)
                                                               for d in range(24, 30))]
    assert all(t.hour == 17 for t in kept if t.date() != today)
    assert len(removed) == 120 - len(kept)
    assert files.rotate(target, 7, 4, today=today) == []  # stable


def test_rotation_follows_the_meta_settings(services, staff, db_path):
    with services.sessions.begin() as s:
        s.add_all([Meta(key="backup_keep_daily", value="2"),
                   Meta(key="backup_keep_weekly", value="0")])
    target = folder(db_path)
    target.mkdir(parents=True)
    fake_backups(target, 10, date.today())
    BackupService(db_path).rotate()
    days = {b.taken_at.date() for b in files.list_backups(target)}
    assert len(days) == 2


def test_start_up_makes_one_backup_a_day_and_none_for_an_empty_database(db_path: Path):
    first = open_services(db_path, SAMPLE_CONTENT)
    first.close()
    assert files.list_backups(folder(db_path)) == []  # nobody in it: nothing worth a copy
    with first.sessions.begin() as s:
        s.add(Staff(staff_no="1", name="山田", kana="ヤマダ", role="hr", active=True,
                    created_at=datetime.now()))
    first.close()
    for _ in range(2):
        open_services(db_path, SAMPLE_CONTENT).close()
    made = files.list_backups(folder(db_path))
    assert [b.reason for b in made] == ["startup"]
    assert files.check_backup(made[0].path).staff == 1


def test_a_postgres_database_gets_no_file_backups():
    service = BackupService("postgresql+psycopg://someone:secret@db.example/dx")
    assert service.automatic("startup", once_a_day=True) is None
    with pytest.raises(ServiceError) as caught:
        service.take()
    assert caught.value.code == "backup-server-database"
    with pytest.raises(ServiceError):
        service.restore(SYSTEM_USER, Path("x.sqlite3"))


def test_a_roster_import_is_preceded_by_a_backup(services, staff, db_path, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("職員番号,氏名,フリガナ,所属,役割\n2001,田中 三郎,タナカ サブロウ,市民課,\n",
                      encoding="utf-8")
    result = RosterService(services.sessions).apply(SYSTEM_USER, roster)
    assert result.applied
    made = files.list_backups(folder(db_path))
    assert [b.reason for b in made] == ["roster-import"]
    assert "田中 三郎" not in staff_names(made[0].path)  # the state before the import
    assert "田中 三郎" in staff_names(db_path)


def test_restore_puts_a_backup_back_and_keeps_the_current_content(services, staff, db_path):
    service = BackupService(db_path)
    before = service.take()
    with services.sessions.begin() as s:
        s.get(Staff, staff[0]).name = "変更 後"
    result = service.restore(SYSTEM_USER, before)
    assert result.safety_copy is not None and result.staff == 2
    assert "変更 後" in staff_names(result.safety_copy)
    with services.sessions() as s:  # the open engine reads the restored content
        assert s.get(Staff, staff[0]).name == "山田 花子"
        logged = s.scalars(select(AccessLog).where(AccessLog.action == "restore")).one()
        assert before.name in logged.detail
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    con.close()
    entries = service.entries(SYSTEM_USER)
    assert [e.reason for e in entries] == ["before-restore", "manual"]
    assert all(e.restorable and e.staff == 2 for e in entries)
    assert service.latest() == entries[0]


def test_restore_logs_the_person_who_did_it(services, staff, db_path):
    service = BackupService(db_path)
    with services.sessions.begin() as s:
        s.get(Staff, staff[1]).role = "hr"
    made = service.take()
    hr = CurrentUser(staff[1], "1002", "佐藤 一郎", "税務課", Role.HR_ADMIN)
    service.restore(hr, made)
    with services.sessions() as s:
        assert s.scalars(select(AccessLog.actor_id).where(AccessLog.action == "restore")).one() \
            == staff[1]


@pytest.mark.parametrize("kind", ["damaged", "not-ours", "newer", "live", "missing"])
def test_restore_refuses_a_file_it_cannot_trust(services, staff, db_path, tmp_path, kind):
    bad = tmp_path / "bad.sqlite3"
    if kind == "damaged":
        bad.write_bytes(b"not a database" * 300)
    elif kind == "not-ours":
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    elif kind == "newer":
        bad = BackupService(db_path).take()
        con = sqlite3.connect(bad)
        con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.commit()
        con.close()
    elif kind == "live":
        bad = db_path
    code = {"damaged": "backup-damaged", "not-ours": "backup-not-ours", "newer": "backup-newer",
            "live": "backup-is-live", "missing": "backup-missing"}[kind]
    with pytest.raises(ServiceError) as caught:
        BackupService(db_path).restore(SYSTEM_USER, bad)
    assert caught.value.code == code
    assert sorted(staff_names(db_path)) == ["佐藤 一郎", "山田 花子"]


def test_only_hr_may_list_or_restore(services, staff, db_path, user):
    service = BackupService(db_path)
    made = service.take()
    with pytest.raises(AccessDenied):
        service.restore(user, made)
    with pytest.raises(AccessDenied):
        service.entries(user)


def test_a_damaged_live_database_is_copied_aside_then_replaced(services, staff, db_path):
    service = BackupService(db_path)
    made = service.take()
    with services.sessions() as s:
        answers = s.scalar(select(func.count()).select_from(Answer))
    services.close()
    damaged = b"\0garbage" * 4096
    db_path.write_bytes(damaged)
    result = service.restore(SYSTEM_USER, made)
    assert result.safety_copy is not None and result.safety_copy.read_bytes() == damaged
    assert files.check_backup(db_path).staff == 2 and answers == result.answers


def test_a_backup_of_an_older_schema_is_restored_and_upgraded_on_the_next_opening(
        services, staff, db_path, tmp_path):
    from alembic import command
    from sqlalchemy import text

    from dxtrainer.db.engine import _alembic_config, make_engine, to_url

    old = tmp_path / "old.sqlite3"
    engine = make_engine(to_url(old))
    command.upgrade(_alembic_config(engine), "0001")  # the first release's schema
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO staff (id, staff_no, name, kana, role, active, "
                          "failed_attempts, created_at) VALUES (1, '1', '古い 職員', 'フルイ', "
                          "'learner', 1, 0, '2025-04-01 09:00:00')"))
    engine.dispose()
    services.close()
    result = BackupService(db_path).restore(SYSTEM_USER, old)
    assert result.staff == 1
    reopened = open_services(db_path, SAMPLE_CONTENT)
    try:
        assert reopened.backup is not None and "-upgrade" in reopened.backup.name
        with reopened.sessions() as s:
            assert s.scalars(select(Staff.name)).all() == ["古い 職員"]
    finally:
        reopened.close()
