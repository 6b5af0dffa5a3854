"""Two databases exchange progress bundles: new records come in with their roll-ups, a repeated
import changes nothing, merges follow each kind's rule, conflicts and unknown people are listed,
and a truncated, edited or wrong-version bundle is refused with nothing written.

The key cases run SQLite to SQLite, SQLite to PostgreSQL and PostgreSQL to SQLite (the server
cases skip when no test server is configured). Time budget for the PostgreSQL cases: under 20 s
(each opens and migrates a fresh schema, ~1 s; about 12 s measured on a shared 2-core machine).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import (
    AccessLog,
    Answer,
    Attempt,
    Certificate,
    LessonVisit,
    PersonQuestionState,
    ReviewCard,
    Staff,
)
from dxtrainer.services.container import open_services
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.progress_sync import ProgressSyncService
from dxtrainer.services.records import SYSTEM_USER, CurrentUser, Role
from tests.conftest import SAMPLE_CONTENT
from tests.services.test_training import right_answer

ROSTER = (("1001", "山田 花子"), ("1002", "佐藤 一郎"))


def city(path: Path | str, roster=ROSTER):  # noqa: ANN001, ANN201
    services = open_services(path, SAMPLE_CONTENT)
    with services.sessions.begin() as s:
        for no, name in roster:
            s.add(Staff(staff_no=no, name=name, kana="", role="learner", active=True,
                        created_at=datetime.now()))
    return services


def learner(services, staff_no: str) -> CurrentUser:  # noqa: ANN001
    with services.sessions() as s:
        staff_id = s.scalar(select(Staff.id).where(Staff.staff_no == staff_no))
    return CurrentUser(staff_id, staff_no, "", "", Role.LEARNER)


def study(services, staff_no: str, finish: bool = True) -> str:  # noqa: ANN001
    user = learner(services, staff_no)
    services.training.open_lesson(user, "sample-basics")
    services.training.mark_read(user, "sample-basics")
    attempt = services.training.new_attempt(user, "sample-basics")
    for q in attempt.questions if finish else attempt.questions[:1]:  # the last one finishes
        services.training.submit_answer(user, attempt.id, q.id,
                                        right_answer(services, "sample-basics", q.id))
    if finish:
        services.training.finish_attempt(user, attempt.id)
    return attempt.id


def count(services, model) -> int:  # noqa: ANN001
    with services.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def sync(services) -> ProgressSyncService:  # noqa: ANN001
    return ProgressSyncService(services.sessions, services.device_id)


def where(request, tmp_path: Path, engine: str, name: str) -> Path | str:  # noqa: ANN001
    """A SQLite file, or the test server's database (one per test: at most one side uses it)."""
    return (tmp_path / f"{name}.sqlite3" if engine == "sqlite"
            else request.getfixturevalue("postgres_url"))


# from -> to: both ways between the two engines, and SQLite to SQLite
BOTH_WAYS = ["sqlite-sqlite", "sqlite-postgresql", "postgresql-sqlite"]


@pytest.fixture(params=BOTH_WAYS)
def pair(request, tmp_path: Path):
    first, second = request.param.split("-")
    a = city(where(request, tmp_path, first, "a"))
    b = city(where(request, tmp_path, second, "b"))
    yield a, b
    a.close()
    b.close()


@pytest.fixture
def sqlite_pair(tmp_path: Path):
    a, b = city(tmp_path / "a.sqlite3"), city(tmp_path / "b.sqlite3")
    yield a, b
    a.close()
    b.close()


def test_a_bundle_brings_records_and_rollups_and_a_second_import_changes_nothing(pair):
    a, b = pair
    study(a, "1001")
    bundle = sync(a).export(SYSTEM_USER)
    preview = sync(b).preview(SYSTEM_USER, bundle)
    assert preview.new["answers"] == count(a, Answer) > 0
    assert preview.new["attempts"] == 1 and preview.new["lesson_visits"] == 1
    assert count(b, Answer) == 0  # a preview writes nothing
    sync(b).apply(SYSTEM_USER, bundle)
    assert count(b, Answer) == count(a, Answer)
    assert count(b, PersonQuestionState) == count(a, PersonQuestionState) > 0
    again = sync(b).apply(SYSTEM_USER, bundle)
    assert not again.new and not again.updated and not again.conflicts
    assert sum(again.present.values()) == sum(preview.new.values())
    assert count(b, Answer) == count(a, Answer)
    later = json.loads(sync(a).export(SYSTEM_USER, since=date.today() + timedelta(days=1)))
    assert later["manifest"]["counts"]["answers"] == later["manifest"]["counts"]["attempts"] == 0
    today = json.loads(sync(a).export(SYSTEM_USER, since=date.today()))
    assert today["manifest"]["counts"]["answers"] == count(a, Answer)


def test_both_ways_and_merges_follow_each_kinds_rule(pair):
    a, b = pair
    attempt_id = study(a, "1001", finish=False)
    sync(b).apply(SYSTEM_USER, sync(a).export(SYSTEM_USER))
    user = learner(a, "1001")
    a.training.finish_attempt(user, attempt_id)  # finished later on the first PC
    study(b, "1002")  # and someone else studies on the second
    result = sync(b).apply(SYSTEM_USER, sync(a).export(SYSTEM_USER))
    assert result.updated["attempts"] == 1
    with b.sessions() as s:
        assert s.get(Attempt, attempt_id).finished_at is not None
    back = sync(a).apply(SYSTEM_USER, sync(b).export(SYSTEM_USER))
    assert back.new["answers"] > 0 and not back.conflicts
    assert count(a, Answer) == count(b, Answer)
    with a.sessions() as s:
        assert s.scalar(select(func.count()).select_from(LessonVisit)) == 2


def test_visits_review_cards_and_revocations_merge_by_their_rules(pair):
    """A visit keeps its earliest opening and latest last opening, a review card the one
    reviewed last (whichever PC made it), a certificate takes a revocation; the rest stays."""
    a, b = pair
    study(a, "1001")
    user_a = learner(a, "1001")
    start = datetime(2026, 11, 2, 9, 0)
    card = {"state": 2, "stability": 3.5}
    with a.sessions.begin() as s:
        s.add(ReviewCard(id=str(uuid.uuid4()), device_id=a.device_id, staff_id=user_a.staff_id,
                         quiz_id="sample-basics", question_id="q1", card=card,
                         due=start + timedelta(days=3), reviews=1, updated_at=start))
        s.add(Certificate(id=str(uuid.uuid4()), device_id=a.device_id,
                          staff_id=user_a.staff_id, department_id=None,
                          course_id="sample-course", course_title="サンプル研修",
                          code="CERT-0001-AAAA", issued_at=start, revoked_at=None,
                          revoked_by=None, revoke_reason=""))
    sync(b).apply(SYSTEM_USER, sync(a).export(SYSTEM_USER))
    with b.sessions() as s:
        visit = s.scalars(select(LessonVisit)).one()
        first_b, last_b = visit.first_opened_at, visit.last_opened_at
        user_b = s.scalar(select(Staff.id).where(Staff.staff_no == "1001"))
    later = last_b + timedelta(hours=5)
    with a.sessions.begin() as s:  # on the first PC: opened again later, reviewed, revoked
        visit = s.scalars(select(LessonVisit)).one()
        visit.last_opened_at = later
        visit.first_opened_at = first_b + timedelta(minutes=1)  # must not move B's forward
        got = s.scalars(select(ReviewCard)).one()
        got.card, got.reviews, got.updated_at = {**card, "state": 3}, 2, start + timedelta(1)
        got.due = start + timedelta(days=9)
        cert = s.scalars(select(Certificate)).one()
        cert.revoked_at, cert.revoked_by = start + timedelta(2), user_a.staff_id
        cert.revoke_reason = "誤って発行"
    with b.sessions.begin() as s:  # meanwhile on the second PC: an older review of its own
        older = s.scalars(select(ReviewCard)).one()
        older.updated_at, older.reviews = start - timedelta(hours=1), 7
    result = sync(b).apply(SYSTEM_USER, sync(a).export(SYSTEM_USER))
    assert (result.updated["lesson_visits"], result.updated["review_cards"],
            result.updated["certificates"]) == (1, 1, 1)
    assert not result.conflicts
    with b.sessions() as s:
        visit = s.scalars(select(LessonVisit)).one()
        assert (visit.first_opened_at, visit.last_opened_at) == (first_b, later)
        got = s.scalars(select(ReviewCard)).one()
        assert (got.reviews, got.card["state"], got.updated_at) == (2, 3, start + timedelta(1))
        cert = s.scalars(select(Certificate)).one()
        assert cert.revoked_at == start + timedelta(2) and cert.revoked_by == user_b
        assert cert.revoke_reason == "誤って発行" and cert.code == "CERT-0001-AAAA"
    with a.sessions.begin() as s:  # a newer review on B wins over A's when it goes back
        s.scalars(select(ReviewCard)).one().updated_at = start + timedelta(hours=2)
    with b.sessions.begin() as s:
        mine = s.scalars(select(ReviewCard)).one()
        mine.updated_at, mine.reviews = start + timedelta(days=4), 5
    again = sync(b).apply(SYSTEM_USER, sync(a).export(SYSTEM_USER))
    assert not again.updated["review_cards"] and not again.new
    with b.sessions() as s:
        assert s.scalars(select(ReviewCard)).one().reviews == 5
    back = sync(a).apply(SYSTEM_USER, sync(b).export(SYSTEM_USER))
    assert back.updated["review_cards"] == 1 and not back.conflicts
    with a.sessions() as s:
        assert s.scalars(select(ReviewCard)).one().reviews == 5
        assert s.scalars(select(Certificate)).one().revoked_at == start + timedelta(2)


def test_conflicts_are_refused_and_listed(pair):
    a, b = pair
    study(a, "1001")
    bundle = sync(a).export(SYSTEM_USER)
    sync(b).apply(SYSTEM_USER, bundle)
    with b.sessions.begin() as s:
        answer = s.scalars(select(Answer)).first()
        answer.correct = not answer.correct
        changed = answer.id
    result = sync(b).apply(SYSTEM_USER, bundle)
    assert ("answers", changed) in result.conflicts
    with b.sessions() as s:
        assert s.get(Answer, changed).correct is not None  # kept as it was here


def test_unknown_people_are_skipped_until_the_roster_has_them(tmp_path: Path):
    a = city(tmp_path / "a.sqlite3")
    b = city(tmp_path / "b.sqlite3", roster=ROSTER[:1])
    try:
        study(a, "1002")
        bundle = sync(a).export(SYSTEM_USER)
        first = sync(b).apply(SYSTEM_USER, bundle)
        assert first.unknown_staff == {"1002"} and count(b, Answer) == 0
        with b.sessions.begin() as s:
            s.add(Staff(staff_no="1002", name="佐藤 一郎", kana="", role="learner", active=True,
                        created_at=datetime.now()))
        second = sync(b).apply(SYSTEM_USER, bundle)
        assert not second.unknown_staff and count(b, Answer) == count(a, Answer)
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("damage, code", [
    (lambda raw: raw[: len(raw) // 2], "bundle-unreadable"),
    (lambda raw: raw.replace(b'"correct": true', b'"correct": false', 1), "bundle-altered"),
    (lambda raw: raw.replace(b'"schema": "', b'"schema": "x', 1), "bundle-wrong-schema"),
    (lambda raw: raw.replace(b"dxtrainer-progress/1", b"something-else/1", 1),
     "bundle-wrong-format"),
])
def test_damaged_bundles_are_refused_and_nothing_is_written(sqlite_pair, damage, code):
    a, b = sqlite_pair
    study(a, "1001")
    raw = sync(a).export(SYSTEM_USER)
    assert json.loads(raw)["manifest"]["counts"]["answers"] > 0
    with pytest.raises(ServiceError) as caught:
        sync(b).apply(SYSTEM_USER, damage(raw))
    assert caught.value.code == code
    assert count(b, Answer) == 0 and count(b, Attempt) == 0


def test_damaged_bundles_write_nothing_into_a_postgresql_database(request, tmp_path: Path):
    a = city(tmp_path / "a.sqlite3")
    b = city(where(request, tmp_path, "postgresql", "b"))
    try:
        study(a, "1001")
        raw = sync(a).export(SYSTEM_USER)
        cut = raw[: len(raw) - 200]
        edited = raw.replace(b'"correct": true', b'"correct": false', 1)
        dropped = json.loads(raw)
        dropped["records"]["answers"].pop()  # a record taken out, the manifest left as it was
        for damaged, code in ((cut, "bundle-unreadable"), (edited, "bundle-altered"),
                              (json.dumps(dropped).encode(), "bundle-altered")):
            with pytest.raises(ServiceError) as caught:
                sync(b).apply(SYSTEM_USER, damaged)
            assert caught.value.code == code
        assert (count(b, Answer), count(b, Attempt), count(b, LessonVisit)) == (0, 0, 0)
        assert count(b, AccessLog) == 0
        sync(b).apply(SYSTEM_USER, raw)  # the whole bundle goes in
        assert count(b, Answer) == count(a, Answer) > 0
    finally:
        a.close()
        b.close()


def test_only_hr_exports_and_imports(sqlite_pair):
    a, _b = sqlite_pair
    from dxtrainer.services.organisation import AccessDenied

    with pytest.raises(AccessDenied):
        sync(a).export(learner(a, "1001"))


def test_each_pc_knows_its_last_export_and_hr_sees_arrivals_per_device(sqlite_pair):
    a, b = sqlite_pair
    assert sync(a).last_export() is None
    study(a, "1001")
    sync(b).apply(SYSTEM_USER, sync(a).export(SYSTEM_USER))
    assert sync(a).last_export() is not None
    study(b, "1002")
    arrivals = sync(b).arrivals(SYSTEM_USER)
    assert {x.device_id for x in arrivals} == {a.device_id, b.device_id}
    assert all(x.answers > 0 for x in arrivals)


def test_the_command_line_previews_then_applies(tmp_path: Path, capsys):
    from dxtrainer.cli import main
    from tests.hr_signin import as_hr

    a = city(tmp_path / "a.sqlite3")
    b = city(tmp_path / "b.sqlite3")
    study(a, "1001")
    a.close()
    b.close()
    bundle = tmp_path / "bundle.json"
    hr_a = as_hr(tmp_path, tmp_path / "a.sqlite3")
    assert main(["--database", str(tmp_path / "a.sqlite3"), "export-progress", "-o",
                 str(bundle), *hr_a]) == 0
    hr_b = as_hr(tmp_path, tmp_path / "b.sqlite3")
    assert main(["--database", str(tmp_path / "b.sqlite3"), "import-progress", str(bundle),
                 *hr_b]) == 0
    said = capsys.readouterr().out
    assert "回答: 新規" in said and "--apply" in said
    assert main(["--database", str(tmp_path / "b.sqlite3"), "import-progress", str(bundle),
                 "--apply", *hr_b]) == 0
    assert "取り込みました" in capsys.readouterr().out
    assert main(["--database", str(tmp_path / "b.sqlite3"), "import-progress", str(bundle),
                 *hr_b]) == 0
    assert "新規 0 件" in capsys.readouterr().out
