"""督促 for managers: who in their own subtree has not finished each 必修研修 (names and status,
no scores, no small-group suppression), every opening logged, everyone else refused."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dxtrainer.db.models import AccessLog, Staff
from dxtrainer.services.assignments import OutstandingRow
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import CurrentUser, Role
from tests.services.test_reporting import hr_user, make_org, take_quiz

TODAY = date.today()


def manager_of(services, person: CurrentUser) -> CurrentUser:
    with services.sessions.begin() as s:
        s.get(Staff, person.staff_id).role = "manager"
    return dataclasses.replace(person, role=Role.MANAGER)


def logged(services, actor: CurrentUser) -> list[AccessLog]:
    with services.sessions() as s:
        return list(s.scalars(select(AccessLog).where(AccessLog.actor_id == actor.staff_id,
                                                      AccessLog.action == "outstanding-list")))


def test_a_manager_sees_who_in_their_section_has_not_finished(services):
    org = make_org(services, {"a1": 3, "a2": 5, "b1": 5})  # a1: a small group, not suppressed
    hr = hr_user(services)
    everyone = services.assignments.create(hr, "全庁DX研修", ["sample-basics"],
                                           TODAY + timedelta(days=14))
    services.assignments.create(hr, "B部だけ", ["sample-basics"], TODAY,
                                department_id=org["_ids"]["b1"])
    take_quiz(services, org["a1"][1])  # finished
    manager = manager_of(services, org["a1"][0])

    lists = services.assignments.reminders(manager)
    assert [x.info.title for x in lists] == ["全庁DX研修"]  # B部's does not reach a1
    [item] = lists
    assert item.info.id == everyone.id and item.targeted == 3
    assert [r.name for r in item.rows] == [org["a1"][0].name, org["a1"][2].name]
    assert all(r.remaining == ("テスト用レッスン 基礎",) and not r.overdue for r in item.rows)
    assert {f.name for f in dataclasses.fields(OutstandingRow)} == {
        "staff_id", "staff_no", "name", "department", "remaining", "overdue",
        "post_test"}  # no scores (post_test: a course's 事後テスト is still to be passed)
    assert len(logged(services, manager)) == 1
    services.assignments.reminders(manager)
    assert len(logged(services, manager)) == 2  # every opening


def test_overdue_people_are_marked_and_hr_sees_everyone(services):
    org = make_org(services, {"a1": 2, "a2": 2, "b1": 2})
    hr = hr_user(services)
    services.assignments.create(hr, "研修", ["sample-basics"], TODAY - timedelta(days=1))
    [item] = services.assignments.reminders(hr)
    assert item.targeted == len(item.rows) == 7 and all(r.overdue for r in item.rows)  # + HR
    assert logged(services, hr)
    del org


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER])
def test_learners_and_trainers_are_refused(services, role):
    org = make_org(services, {"a1": 2, "a2": 1, "b1": 1})
    hr = hr_user(services)
    made = services.assignments.create(hr, "研修", ["sample-basics"], TODAY)
    person = dataclasses.replace(org["a1"][0], role=role)
    with pytest.raises(AccessDenied):
        services.assignments.reminders(person)
    with pytest.raises(AccessDenied):
        services.assignments.outstanding(person, made.id)
    assert logged(services, person) == []


def test_a_manager_cannot_look_outside_their_subtree(services):
    org = make_org(services, {"a1": 2, "a2": 2, "b1": 2})
    hr = hr_user(services)
    made = services.assignments.create(hr, "研修", ["sample-basics"], TODAY)
    manager = manager_of(services, org["a1"][0])
    with pytest.raises(AccessDenied):
        services.assignments.outstanding(manager, made.id, department_id=org["_ids"]["b1"])
    rows = services.assignments.outstanding(manager, made.id)
    assert {r.department for r in rows} == {"A部 › a1課"}
    assert len(logged(services, manager)) == 1
