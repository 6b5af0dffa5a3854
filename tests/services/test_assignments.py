"""Required training: targeting, learners' view, outstanding lists, overdue counts, roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dxtrainer.services.organisation import AccessDenied
from tests.services.test_reporting import hr_user, make_org, take_quiz

TODAY = date.today()


def test_assignment_targets_a_subtree_and_tracks_completion(services):
    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    hr = hr_user(services)
    parent = _parent_of(services, org["_ids"]["a1"])
    created = services.assignments.create(hr, "DX基礎(必修)", ["sample-basics"],
                                          TODAY + timedelta(days=30), department_id=parent)
    assert created.department == "A部"
    take_quiz(services, org["a1"][0])
    take_quiz(services, org["b1"][0])  # not targeted: B部
    [stat] = services.assignments.stats(hr)
    assert (stat.targeted, stat.completed, stat.overdue) == (11, 1, 0)
    mine = services.assignments.mine(org["a1"][0])
    assert [(m.title, m.completed, m.done) for m in mine] == [("DX基礎(必修)", 1, True)]
    assert services.assignments.mine(org["b1"][0]) == []
    outstanding = services.assignments.outstanding(hr, created.id)
    assert len(outstanding) == 10
    assert outstanding[0].remaining == ("テスト用レッスン 基礎",)
    late = services.assignments.stats(hr, today=TODAY + timedelta(days=31))[0]
    assert late.overdue == 10
    assert all(r.overdue for r in services.assignments.outstanding(
        hr, created.id, today=TODAY + timedelta(days=31)))


def test_only_hr_assigns_and_managers_see_their_own_part(services):
    from dxtrainer.db.models import Staff
    from dxtrainer.services.records import CurrentUser, Role

    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    learner = org["a1"][1]
    with pytest.raises(AccessDenied):
        services.assignments.create(learner, "x", ["sample-basics"], TODAY)
    hr = hr_user(services)
    made = services.assignments.create(hr, "全庁研修", ["sample-basics", "sample-advanced"], TODAY)
    with services.sessions.begin() as s:
        s.get(Staff, org["b1"][0].staff_id).role = "manager"
    manager = CurrentUser(org["b1"][0].staff_id, "", "", "", Role.MANAGER)
    [stat] = services.assignments.stats(manager)
    assert stat.targeted == 5
    assert {r.department for r in services.assignments.outstanding(manager, made.id)} == {
        "B部 › b1課"}
    with pytest.raises(AccessDenied):
        services.assignments.outstanding(manager, made.id, department_id=org["_ids"]["a1"])
    services.assignments.remove(hr, made.id)
    assert services.assignments.list(hr) == []
    services.assignments.restore(hr, made.id)
    assert len(services.assignments.list(hr)) == 1


def _parent_of(services, dept_id: int) -> int:
    from dxtrainer.db.models import Department

    with services.sessions() as s:
        return s.get(Department, dept_id).parent_id


def test_the_dashboard_shows_assignment_completion_and_overdue(services):
    from dxtrainer.domain.periods import PeriodKind, period_of

    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    hr = hr_user(services)
    services.assignments.create(hr, "必修", ["sample-basics"], TODAY - timedelta(days=1))
    take_quiz(services, org["a1"][0])
    board = services.reporting.dashboard(hr, period_of(PeriodKind.FISCAL_YEAR, TODAY))
    [stat] = board.assignments
    assert (stat.targeted, stat.completed, stat.overdue) == (17, 1, 16)
