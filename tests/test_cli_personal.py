"""Personal data on the command line: a 開示請求 export of one person (secrets never in it),
the access log as CSV, and anonymising leavers past the retention period (preview first, aggregates
kept) — HR only, each use logged. The export, the access log and anonymising also run on
PostgreSQL (about 5 s in all)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dxtrainer.cli import main
from dxtrainer.db.models import AccessLog, Answer, Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.credentials import hash_secret
from dxtrainer.services.personal_data import ANONYMOUS_NAME, PersonalDataService
from dxtrainer.services.records import CurrentUser, Role
from tests.conftest import SAMPLE_CONTENT
from tests.hr_signin import as_hr
from tests.services.test_training import right_answer


@pytest.fixture
def db(tmp_path: Path) -> Path | str:
    return city(tmp_path / "city.sqlite3")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path: Path) -> Path | str:
    """The same city in a SQLite file or in the PostgreSQL test database."""
    return city(tmp_path / "city.sqlite3" if request.param == "sqlite"
                else request.getfixturevalue("postgres_url"))


def city(path: Path | str) -> Path | str:
    """Two learners (one left in 2019) who each answered the sample quiz once."""
    services = open_services(path, SAMPLE_CONTENT)
    try:
        with services.sessions.begin() as s:
            s.add_all([
                Staff(staff_no="1001", name="山田 花子", kana="", role="learner", active=True,
                      credential=hash_secret("1234"), os_account="CITY\\yamada",
                      created_at=datetime.now()),
                Staff(staff_no="1002", name="佐藤 一郎", kana="サトウ", role="learner",
                      active=True, credential=hash_secret("5678"), created_at=datetime.now(),
                      left_on=date(2019, 3, 31))])
        with services.sessions() as s:
            people = s.execute(select(Staff.id, Staff.staff_no)).all()
        for staff_id, staff_no in people:
            user = CurrentUser(staff_id, staff_no, "", "", Role.LEARNER)
            services.training.open_lesson(user, "sample-basics")
            attempt = services.training.new_attempt(user, "sample-basics")
            q = attempt.questions[0]
            services.training.submit_answer(user, attempt.id, q.id,
                                            right_answer(services, "sample-basics", q.id))
    finally:
        services.close()
    return path


def count(db: Path | str, model, *where) -> int:  # noqa: ANN001
    services = open_services(db, SAMPLE_CONTENT)
    try:
        with services.sessions() as s:
            return s.scalar(select(func.count()).select_from(model).where(*where)) or 0
    finally:
        services.close()


def test_export_person_needs_hr(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "p.json"
    assert main(["export-person", "1001", "-o", str(out), "--database", str(db)]) == 1
    assert "--credentials" in capsys.readouterr().err
    assert not out.exists()


def test_export_person_holds_their_records_but_no_secret_and_is_logged(any_db: Path | str,
        tmp_path: Path):
    db = any_db
    out = tmp_path / "p.json"
    hr = as_hr(tmp_path, db)
    assert main(["--database", str(db), "export-person", "1001", "-o", str(out), *hr]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "dxtrainer-person/1"
    assert data["staff"]["name"] == "山田 花子" and data["staff"]["credential_set"] is True
    assert "credential" not in data["staff"] and "pbkdf" not in out.read_text(encoding="utf-8")
    assert "scrypt" not in out.read_text(encoding="utf-8")
    assert len(data["answers"]) == 1 and len(data["attempts"]) == 1
    assert {a["staff_id"] for a in data["answers"]} == {data["staff"]["id"]}
    assert len(data["lesson_visits"]) == 1 and data["lesson_visits"][0]["id"]
    assert count(db, AccessLog, AccessLog.action == "export-person",
                 AccessLog.target_staff_id == data["staff"]["id"]) == 1


def test_export_person_for_an_unknown_number_says_so(db: Path, tmp_path: Path, capsys):
    hr = as_hr(tmp_path, db)
    out = tmp_path / "p.json"
    assert main(["--database", str(db), "export-person", "7777", "-o", str(out), *hr]) == 1
    assert "7777" in capsys.readouterr().err
    assert not out.exists()


def test_access_log_csv_lists_who_did_what_and_logs_its_reading(any_db: Path | str,
        tmp_path: Path):
    db = any_db
    hr = as_hr(tmp_path, db)
    main(["--database", str(db), "export-person", "1001", "-o", str(tmp_path / "p.json"), *hr])
    out = tmp_path / "log.csv"
    assert main(["--database", str(db), "access-log", "-o", str(out), *hr]) == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:3] == ["日時", "操作した人", "操作"]
    assert any(r[2] == "個人の記録を書き出し(開示請求)" and r[3] == "山田 花子(1001)"
               and r[1].startswith("人事 太郎") for r in rows[1:])
    assert count(db, AccessLog, AccessLog.action == "read-access-log") == 1


def test_anonymise_previews_then_removes_identity_and_keeps_the_answers(
        any_db: Path | str, tmp_path: Path, capsys):
    db = any_db
    hr = as_hr(tmp_path, db)
    answers = count(db, Answer)
    assert main(["--database", str(db), "anonymise-leavers", *hr]) == 0
    said = capsys.readouterr().out
    assert "1002" in said and "佐藤 一郎" in said and "--apply" in said
    assert "1001" not in said  # still employed
    assert count(db, Staff, Staff.name == ANONYMOUS_NAME) == 0  # a preview changes nothing
    assert main(["--database", str(db), "anonymise-leavers", "--apply", *hr]) == 0
    assert "1 人を匿名化しました" in capsys.readouterr().out
    services = open_services(db, SAMPLE_CONTENT)
    try:
        with services.sessions() as s:
            gone = s.scalar(select(Staff).where(Staff.name == ANONYMOUS_NAME))
            assert gone is not None and gone.staff_no.startswith("anon-")
            assert gone.credential is None and gone.kana == "" and gone.os_account is None
            assert s.scalar(select(Staff.name).where(Staff.staff_no == "1002")) is None
    finally:
        services.close()
    assert count(db, Answer) == answers  # aggregates keep their inputs
    assert count(db, AccessLog, AccessLog.action == "anonymise") == 1


def test_a_longer_retention_period_keeps_the_leaver(db: Path, tmp_path: Path, capsys):
    hr = as_hr(tmp_path, db)
    assert main(["--database", str(db), "anonymise-leavers", "--years", "10", *hr]) == 0
    assert "対象者はいません" in capsys.readouterr().out


def test_only_hr_may_use_the_personal_data_service(db: Path):
    services = open_services(db, SAMPLE_CONTENT)
    try:
        service = PersonalDataService(services.sessions)
        learner = CurrentUser(1, "1001", "山田 花子", "", Role.LEARNER)
        manager = CurrentUser(1, "1001", "山田 花子", "", Role.MANAGER)
        from dxtrainer.services.organisation import AccessDenied
        for user in (learner, manager):
            with pytest.raises(AccessDenied):
                service.export_person(user, "1002")
            with pytest.raises(AccessDenied):
                service.access_log(user)
            with pytest.raises(AccessDenied):
                service.anonymise_leavers(user, [2])
    finally:
        services.close()
