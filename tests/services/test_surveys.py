"""研修アンケート: optional, asked once (answer or 「回答しない」), stored without the person, and
impossible to pair with the marks by any column or by storage order; HR and managers see the
distribution with small groups suppressed, managers only their subtree; HR exports comments."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from dxtrainer.db.models import SurveyResponse
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import AccessDenied
from tests.services.course_helpers import COURSE, add_department, add_person, complete_course

DAY = date(2026, 11, 30)


def people(services, n: int, department: int, prefix: str = "4"):
    out = []
    for i in range(n):
        person = add_person(services, f"{prefix}{department:02d}{i:02d}", department)
        complete_course(services, person.staff_id)
        out.append(person)
    return out


def test_asked_once_optional_and_stored_without_the_person(services):
    city = add_department(services, "c1", "市民課")
    one, two, fresh = people(services, 2, city) + [add_person(services, "4999", city)]
    assert services.surveys.pending(fresh) == []  # not complete: not asked
    with pytest.raises(ServiceError) as early:
        services.surveys.answer(fresh, COURSE, 5, 5, "")
    assert early.value.code == "survey-not-open"
    assert services.surveys.pending(one) == [COURSE]
    services.surveys.answer(one, COURSE, 4, 5, " とても役立ちました ", today=DAY)
    assert services.surveys.pending(one) == []
    with pytest.raises(ServiceError) as again:
        services.surveys.answer(one, COURSE, 1, 1, "")
    assert again.value.code == "survey-answered"
    services.surveys.decline(two, COURSE)  # 「回答しない」: marked, nothing stored
    assert services.surveys.pending(two) == []
    with pytest.raises(ServiceError):
        services.surveys.answer(two, COURSE, 3, 3, "")
    with pytest.raises(ServiceError) as bad:
        services.surveys.answer(fresh, COURSE, 6, None, "")
    assert bad.value.code == "survey-bad-level"
    with services.sessions() as s:
        rows = s.execute(text("SELECT course_id, department_id, month, satisfaction, usefulness,"
                              " comment FROM survey_responses")).all()
        marks = s.execute(text("SELECT staff_id, course_id FROM survey_marks ORDER BY staff_id"))
        assert sorted(marks) == sorted([(one.staff_id, COURSE), (two.staff_id, COURSE)])
    assert rows == [(COURSE, city, "2026-11", 4, 5, "とても役立ちました")]


def test_the_response_table_has_nothing_that_identifies_orders_or_dates_finer_than_a_month(
        services):
    columns = {c["name"] for c in inspect(services.engine).get_columns("survey_responses")}
    assert columns == {"id", "course_id", "department_id", "month", "satisfaction",
                       "usefulness", "comment"}
    assert set(SurveyResponse.__table__.columns.keys()) == columns
    with services.sessions() as s, pytest.raises(DBAPIError):
        s.execute(text("SELECT rowid FROM survey_responses"))
    with services.sessions() as s, pytest.raises(DBAPIError):
        s.execute(text("SELECT rowid FROM survey_marks"))


def _pairing_fails(services, sessions_kind: str = "sqlite") -> None:
    city = add_department(services, "c1", "市民課")
    crowd = people(services, 8, city)
    said = {}
    for n, person in enumerate(crowd):
        level = n % 5 + 1
        comment = f"コメント{n}"
        services.surveys.answer(person, COURSE, level, level, comment, today=DAY)
        said[person.staff_id] = comment
    with services.sessions() as s:
        marks = [r[0] for r in s.execute(text("SELECT staff_id FROM survey_marks"))]
        stored = [r[0] for r in s.execute(text("SELECT comment FROM survey_responses"))]
        ids = [r[0] for r in s.execute(text("SELECT id FROM survey_responses"))]
        extra = {}
        if sessions_kind == "postgresql":  # the writing transaction and the physical place
            extra["xmin"] = {r[0] for r in s.execute(text(
                "SELECT xmin::text FROM survey_responses"))}
            stored_by_ctid = [r[0] for r in s.execute(text(
                "SELECT comment FROM survey_responses ORDER BY ctid"))]
            marks_by_ctid = [r[0] for r in s.execute(text(
                "SELECT staff_id FROM survey_marks ORDER BY ctid"))]
    assert sorted(stored) == sorted(said.values())
    # Storage order: pairing the n-th mark with the n-th response is a random guess (the
    # chance that it happens to be right for all 8 is 1 in 40,320).
    assert [said[m] for m in marks] != stored
    assert [said[m] for m in sorted(said)] != stored  # nor the order people answered in
    # Ids are random (uuid4), so sorting by id is no order of answering either.
    assert all(len(i) == 36 and i[14] == "4" for i in ids)
    if sessions_kind == "postgresql":
        assert len(extra["xmin"]) == 1  # the whole group rewritten by the last answer
        assert stored_by_ctid != [said[m] for m in marks_by_ctid]


def test_marks_and_responses_cannot_be_paired_by_storage_order(services):
    _pairing_fails(services)


def test_marks_and_responses_cannot_be_paired_on_postgresql(postgres_url):
    from dxtrainer.services.container import open_services
    from tests.conftest import SAMPLE_CONTENT

    services = open_services(postgres_url, SAMPLE_CONTENT)
    try:
        _pairing_fails(services, "postgresql")
    finally:
        services.close()


def test_distribution_suppresses_small_groups_and_managers_see_their_subtree(services):
    top = add_department(services, "d1", "市民部")
    big = add_department(services, "d11", "市民課", top)
    small = add_department(services, "d12", "戸籍課", top)
    other = add_department(services, "d2", "税務部")
    hr = add_person(services, "9001", None, role="hr")
    boss = add_person(services, "9002", top, role="manager")
    learner = add_person(services, "9003", big)
    for person in people(services, 6, big):
        services.surveys.answer(person, COURSE, 5, 4, "", today=DAY)
    for person in people(services, 2, small):
        services.surveys.answer(person, COURSE, 1, 1, "", today=DAY)
    for person in people(services, 5, other):
        services.surveys.answer(person, COURSE, 3, 3, "", today=DAY)
    whole = services.surveys.results(hr, COURSE)
    assert whole.total.responses == 13
    assert whole.total.satisfaction == (2, 0, 5, 0, 6)
    by_name = {g.name: g for g in whole.departments}
    assert by_name["市民部"].responses == 8 and by_name["税務部"].responses == 5
    mine = services.surveys.results(boss, COURSE)  # the manager's own subtree by default
    assert mine.scope_id == top and mine.total.responses == 8
    inside = {g.name: g for g in mine.departments}
    # 戸籍課 has 2 (< 5): hidden, and so is 市民課, which would reveal it by subtraction.
    assert inside["戸籍課"].suppressed and inside["戸籍課"].satisfaction is None
    assert inside["市民課"].suppressed
    with pytest.raises(AccessDenied):
        services.surveys.results(boss, COURSE, other)
    with pytest.raises(AccessDenied):
        services.surveys.results(learner, COURSE)
    alone = services.surveys.results(hr, COURSE, small)
    assert alone.total.suppressed and alone.total.responses is None


def test_hr_exports_comments_and_nobody_else_does(services):
    city = add_department(services, "c1", "市民課")
    tiny = add_department(services, "c2", "会計課")
    hr = add_person(services, "9001", None, role="hr")
    boss = add_person(services, "9002", city, role="manager")
    for n, person in enumerate(people(services, 5, city)):
        services.surveys.answer(person, COURSE, 4, 4, f"意見{n}" if n < 2 else "", today=DAY)
    [lonely] = people(services, 1, tiny)
    services.surveys.answer(lonely, COURSE, 2, 2, "少人数の意見", today=DAY)
    with pytest.raises(AccessDenied):
        services.surveys.comments_csv(boss)
    data = services.surveys.comments_csv(hr, COURSE)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == ["コース", "回答月", "所属", "コメント"]
    body = sorted(table[1:], key=lambda r: r[3])
    assert body == [["テスト用コース", "2026-11", "—", "少人数の意見"],
                    ["テスト用コース", "2026-11", "市民課", "意見0"],
                    ["テスト用コース", "2026-11", "市民課", "意見1"]]
