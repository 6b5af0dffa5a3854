"""Two databases exchange progress bundles: new records come in with their roll-ups, a repeated
import changes nothing, merges follow each kind's rule, conflicts and unknown people are listed,
and a truncated, edited or wrong-version bundle is refused with nothing written."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import Answer, Attempt, LessonVisit, PersonQuestionState, Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.progress_sync import ProgressSyncService
from dxtrainer.services.records import SYSTEM_USER, CurrentUser, Role
from tests.conftest import SAMPLE_CONTENT
from tests.services.test_training import right_answer

ROSTER = (("1001", "山田 花子"), ("1002", "佐藤 一郎"))


def city(path: Path, roster=ROSTER):  # noqa: ANN001, ANN201
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


@pytest.fixture
def pair(tmp_path: Path):
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
def test_damaged_bundles_are_refused_and_nothing_is_written(pair, damage, code):
    a, b = pair
    study(a, "1001")
    raw = sync(a).export(SYSTEM_USER)
    assert json.loads(raw)["manifest"]["counts"]["answers"] > 0
    with pytest.raises(ServiceError) as caught:
        sync(b).apply(SYSTEM_USER, damage(raw))
    assert caught.value.code == code
    assert count(b, Answer) == 0 and count(b, Attempt) == 0


def test_only_hr_exports_and_imports(pair):
    a, _b = pair
    from dxtrainer.services.organisation import AccessDenied

    with pytest.raises(AccessDenied):
        sync(a).export(learner(a, "1001"))


def test_each_pc_knows_its_last_export_and_hr_sees_arrivals_per_device(pair):
    a, b = pair
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
