"""修了証: issued once per person and course on completion, a random grouped code that verifies,
still valid when a lesson becomes 要再受講, revoked by HR only (logged), listed and exported."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from sqlalchemy import select, update

from dxtrainer.db.models import AccessLog, Certificate, ContentItem
from dxtrainer.services.certificate_records import ALPHABET, normalise_code
from dxtrainer.services.certificates import issue_certificate
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import AccessDenied
from tests.services.course_helpers import COURSE, add_department, add_person, complete_course


@pytest.fixture
def org(services):
    city = add_department(services, "c1", "市民課")
    learner = add_person(services, "2001", city, name="山田 花子")
    manager = add_person(services, "2002", city, role="manager")
    hr = add_person(services, "2003", None, role="hr")
    return city, learner, manager, hr


def test_nothing_is_issued_before_the_course_is_complete(services, org):
    _city, learner, _m, _hr = org
    assert services.certificates.my_certificates(learner) == []
    complete_course(services, learner.staff_id)
    [cert] = services.certificates.my_certificates(learner)
    assert cert.course_id == COURSE and cert.course_title == "テスト用コース"
    assert cert.name == "山田 花子" and cert.department == "市民課"


def test_issuing_is_idempotent_and_the_code_is_random_grouped_and_unique(services, org):
    _city, learner, _m, _hr = org
    complete_course(services, learner.staff_id)
    first = services.certificates.issue_due(learner)
    assert len(first) == 1
    assert services.certificates.issue_due(learner) == []  # nothing new
    assert len(services.certificates.my_certificates(learner)) == 1
    code = first[0].code
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]  # 12 symbols of 32: 60 bits
    assert set("".join(groups)) <= set(ALPHABET)
    assert not set("01OI") & set(code)
    course = services.content.index.course(COURSE)
    with services.sessions.begin() as s:  # a second PC arriving at the same moment
        again, fresh = issue_certificate(s, learner.staff_id, course, "other-device")
        assert not fresh and again.id == first[0].id
    codes = set()
    for n in range(30):
        person = add_person(services, f"30{n:02d}", None)
        complete_course(services, person.staff_id)
        codes.add(services.certificates.issue_due(person)[0].code)
    assert len(codes) == 30


def test_a_code_verifies_whatever_way_it_is_typed(services, org):
    _city, learner, _m, _hr = org
    complete_course(services, learner.staff_id)
    [cert] = services.certificates.issue_due(learner)
    fullwidth = cert.code.lower().replace("-", "ー").translate(
        {c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    for typed in (cert.code, cert.code.lower(), cert.code.replace("-", ""), fullwidth,
                  " " + cert.code.replace("-", " ") + " "):
        found = services.certificates.verify(typed)
        assert found is not None and found.id == cert.id, typed
    assert normalise_code("ａｂｃｄ－ｅｆｇｈ") == "ABCDEFGH"
    assert services.certificates.verify("ZZZZ-ZZZZ-ZZZZ") is None
    assert services.certificates.verify("") is None


def test_a_certificate_stays_valid_when_a_lesson_becomes_needs_retake(services, org):
    _city, learner, _m, _hr = org
    complete_course(services, learner.staff_id)
    [cert] = services.certificates.issue_due(learner)
    # The lesson moves to version 2: the old completions count no more (要再受講).
    from dataclasses import replace

    index = services.content.index
    lessons = tuple(replace(x, version=2) if x.id == "sample-basics" else x
                    for x in index.lessons)
    services.content.replace(replace(index, lessons=lessons))
    with services.sessions.begin() as s:  # the database's content mirror follows (a publication)
        s.execute(update(ContentItem).where(ContentItem.kind == "lesson",
                                            ContentItem.content_id == "sample-basics")
                  .values(version=2))
    from dxtrainer.services.certificates import course_completed

    with services.sessions() as s:
        assert not course_completed(s, learner.staff_id, services.content.index.course(COURSE),
                                    services.content.index)
    assert [c.id for c in services.certificates.my_certificates(learner)] == [cert.id]
    assert services.certificates.verify(cert.code).revoked is False


def test_only_hr_revokes_with_a_reason_and_it_is_logged(services, org):
    _city, learner, manager, hr = org
    complete_course(services, learner.staff_id)
    [cert] = services.certificates.issue_due(learner)
    for someone in (learner, manager):
        with pytest.raises(AccessDenied):
            services.certificates.revoke(someone, cert.id, "誤って発行")
        with pytest.raises(AccessDenied):
            services.certificates.list_certificates(someone)
        with pytest.raises(AccessDenied):
            services.certificates.check(someone, cert.code)
    with pytest.raises(ServiceError) as blank:
        services.certificates.revoke(hr, cert.id, "   ")
    assert blank.value.code == "revoke-needs-reason"
    done = services.certificates.revoke(hr, cert.id, "受講記録の誤り")
    assert done.revoked and done.revoke_reason == "受講記録の誤り"
    with pytest.raises(ServiceError) as twice:
        services.certificates.revoke(hr, cert.id, "もう一度")
    assert twice.value.code == "certificate-revoked"
    checked = services.certificates.verify(cert.code)
    assert checked.revoked and checked.name == "山田 花子"
    with services.sessions() as s:
        log = s.scalars(select(AccessLog).where(AccessLog.action == "revoke-certificate")).all()
    assert len(log) == 1 and log[0].actor_id == hr.staff_id
    assert log[0].target_staff_id == learner.staff_id and "受講記録の誤り" in log[0].detail
    # Revoked: no longer the learner's; completing again issues a new one with a new code.
    assert services.certificates.my_certificates(learner)[0].id != cert.id
    with pytest.raises(ServiceError):
        services.certificates.own_certificate(learner, cert.id)
    with services.sessions() as s:
        assert len(s.scalars(select(Certificate)).all()) == 2


def test_hr_lists_filters_and_exports_with_a_bom(services, org):
    city, learner, _m, hr = org
    other = add_department(services, "c2", "税務課")
    taxer = add_person(services, "2100", other)
    for person in (learner, taxer):
        complete_course(services, person.staff_id, when=datetime(2026, 11, 2))
        services.certificates.issue_due(person)
    assert len(services.certificates.list_certificates(hr)) == 2
    [mine] = services.certificates.list_certificates(hr, department_id=city)
    assert mine.staff_no == "2001"
    assert services.certificates.list_certificates(hr, course_id="other") == []
    data = services.certificates.export_csv(hr, department_id=other)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:3] == ["確認コード", "職員番号", "氏名"] and len(table) == 2
    assert table[1][1:5] == ["2100", "職員2100", "税務課", "テスト用コース"]
    assert table[1][6] == "有効"
    with services.sessions() as s:
        actions = [a.action for a in s.scalars(select(AccessLog))]
    assert "list-certificates" in actions and "export-certificates" in actions
    found = services.certificates.check(hr, table[1][0])
    assert found is not None and found.staff_no == "2100"


def test_a_read_only_database_still_shows_the_certificates_already_issued(services, db_path,
                                                                         org):
    from dxtrainer.services.container import open_services
    from tests.conftest import SAMPLE_CONTENT

    _city, learner, _m, _hr = org
    other = add_person(services, "2999", None)
    complete_course(services, learner.staff_id)
    [cert] = services.certificates.issue_due(learner)
    complete_course(services, other.staff_id)  # due, but not issued yet
    services.close()
    looking = open_services(db_path, SAMPLE_CONTENT, read_only=True)
    try:
        assert [c.id for c in looking.certificates.my_certificates(learner)] == [cert.id]
        assert looking.certificates.my_certificates(other) == []  # cannot be written now
        assert looking.certificates.verify(cert.code).id == cert.id
    finally:
        looking.close()
