"""Dashboards: the Definitions computed from roll-ups, access by role, small-group suppression."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import distinct, func, select

from dxtrainer.db.models import Answer, Department, Membership, Staff
from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.services.organisation import AccessDenied, after_transfers, transfer
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.reporting import ReportingService
from dxtrainer.services.rollups import rebuild
from tests.services.test_training import right_answer, rollup_snapshot

TODAY = date.today()


def make_org(services, sizes: dict[str, int]) -> dict[str, list[CurrentUser]]:
    """部 A > 課 a1, a2; 部 B > 課 b1. Returns the people of each 課 as signed-in users."""
    people: dict[str, list[CurrentUser]] = {}
    with services.sessions.begin() as s:
        a = Department(code="A", name="A部", level=1, active=True)
        b = Department(code="B", name="B部", level=1, active=True)
        s.add_all([a, b])
        s.flush()
        units = {"a1": a.id, "a2": a.id, "b1": b.id}
        ids = {}
        for code, parent in units.items():
            d = Department(code=code, name=f"{code}課", parent_id=parent, level=2, active=True)
            s.add(d)
            s.flush()
            ids[code] = d.id
        n = 0
        for code, size in sizes.items():
            people[code] = []
            for _ in range(size):
                n += 1
                st = Staff(staff_no=f"{n:04d}", name=f"職員{n}", kana=f"ショクイン{n}",
                           department_id=ids[code], role="learner", active=True,
                           created_at=datetime.now())
                s.add(st)
                s.flush()
                s.add(Membership(staff_id=st.id, department_id=ids[code],
                                 valid_from=date(2020, 4, 1), valid_to=None))
                people[code].append(CurrentUser(st.id, st.staff_no, st.name, "", Role.LEARNER))
        people["_ids"] = ids  # type: ignore[assignment]
    return people


def take_quiz(services, user, right: bool = True) -> None:
    training = services.training
    training.open_lesson(user, "sample-basics")
    training.mark_read(user, "sample-basics")
    attempt = training.new_attempt(user, "sample-basics")
    for q in attempt.questions:
        answer = right_answer(services, "sample-basics", q.id)
        if not right and q.type.value == "truefalse":
            answer = not answer
        training.submit_answer(user, attempt.id, q.id, answer)


def reporting(services) -> ReportingService:
    return ReportingService(services.sessions, lambda: services.content.index)


def hr_user(services) -> CurrentUser:
    with services.sessions.begin() as s:
        st = Staff(staff_no="HR1", name="人事", kana="ジンジ", role="hr", active=True,
                   created_at=datetime.now())
        s.add(st)
        s.flush()
        return CurrentUser(st.id, "HR1", "人事", "", Role.HR_ADMIN)


def test_kpis_follow_the_definitions(services):
    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    for user in org["a1"][:3]:
        take_quiz(services, user)  # 4/4 right, passes, completes sample-basics
    take_quiz(services, org["a2"][0], right=False)  # 3/4 = 75%, passes the 0.75 mark
    hr = hr_user(services)
    period = period_of(PeriodKind.FISCAL_YEAR, TODAY)
    board = reporting(services).dashboard(hr, period)
    assert board.active_staff == 16
    assert board.participation.value == pytest.approx(4 / 16)
    assert board.average_score.value == pytest.approx((1 + 1 + 1 + 0.75) / 4)
    # completion: 4 people completed 1 of 2 lessons; 16 staff x 2 lessons
    assert board.completion.value == pytest.approx(4 / 32)
    assert board.completion.change == pytest.approx(4 / 32)  # all of it this period
    rows = {r.name: r for r in board.departments}
    assert set(rows) == {"A部", "B部"}
    assert rows["A部"].participation == pytest.approx(4 / 11)
    assert rows["B部"].participation == 0.0
    heat = {h.name: h for h in board.heatmap}
    mindset = next(c for c in heat["A部"].mastery if c.value == "mindset")
    assert heat["A部"].mastery[mindset] == pytest.approx((4 * 3 + 3) / (11 * 4))
    assert board.distribution[9] == 3 and board.distribution[7] == 1
    with services.sessions() as s:  # the answers' own month (a run may pass midnight)
        answered = s.scalar(select(func.max(Answer.answered_at))).date()
    month = next(t for t in board.trend if t.period.contains(answered))
    assert month.answers == 16

    # the same participation straight from the answer rows
    with services.sessions() as s:
        direct = s.scalar(select(func.count(distinct(Answer.staff_id))).where(
            Answer.answered_at >= datetime.combine(period.start, datetime.min.time())))
    assert board.participation.value == pytest.approx(direct / 16)


def test_roles_are_enforced_in_the_service(services):
    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    ids = org["_ids"]
    period = period_of(PeriodKind.FISCAL_YEAR, TODAY)
    service = reporting(services)
    with services.sessions.begin() as s:
        s.get(Staff, org["a1"][0].staff_id).role = "manager"
    manager = CurrentUser(org["a1"][0].staff_id, "", "", "", Role.MANAGER)
    own = service.dashboard(manager, period)
    assert own.scope_id == ids["a1"] and own.active_staff == 6
    with pytest.raises(AccessDenied):
        service.dashboard(manager, period, department_id=ids["b1"])
    with pytest.raises(AccessDenied):
        service.dashboard(org["b1"][0], period)  # a learner
    trainer = CurrentUser(org["b1"][1].staff_id, "", "", "", Role.TRAINER)
    with pytest.raises(AccessDenied):
        service.dashboard(trainer, period)


def test_small_groups_are_suppressed_and_cannot_be_revealed_by_subtraction(services):
    org = make_org(services, {"a1": 6, "a2": 3, "b1": 7})
    for user in org["a2"]:
        take_quiz(services, user)
    hr = hr_user(services)
    period = period_of(PeriodKind.FISCAL_YEAR, TODAY)
    board = reporting(services).dashboard(hr, period)
    a_part = reporting(services).dashboard(hr, period, department_id=_parent(services, "a1"))
    rows = {r.name: r for r in a_part.departments}
    assert rows["a2課"].suppressed and rows["a2課"].participation is None
    # a1 is shown alone next to a2 in A部: A部 minus a1 would reveal a2, so a1 is hidden too
    assert rows["a1課"].suppressed
    assert board.participation.value == pytest.approx(3 / 16)
    small = reporting(services).dashboard(hr, period, department_id=org["_ids"]["a2"])
    assert small.suppressed and small.participation.value is None and small.distribution is None


def _parent(services, code: str) -> int:
    with services.sessions() as s:
        unit = s.scalar(select(Department).where(Department.code == code))
        return unit.parent_id


def test_answers_stay_with_the_department_of_the_time_after_a_transfer(services):
    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    mover = org["a1"][0]
    take_quiz(services, mover)
    with services.sessions.begin() as s:
        transfer(s, mover.staff_id, org["_ids"]["b1"], TODAY)
        after_transfers(s)
    take_quiz(services, mover)
    with services.sessions() as s:
        by_dept = dict(s.execute(select(Answer.department_id, func.count())
                                 .group_by(Answer.department_id)).all())
    assert by_dept == {org["_ids"]["a1"]: 4, org["_ids"]["b1"]: 4}
    incremental = rollup_snapshot(services)
    with services.sessions.begin() as s:
        rebuild(s)
    assert rollup_snapshot(services) == incremental


def test_staff_list_is_for_hr_only_and_every_opening_is_logged(services):
    from dxtrainer.db.models import AccessLog

    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    take_quiz(services, org["a1"][0])
    period = period_of(PeriodKind.FISCAL_YEAR, TODAY)
    service = reporting(services)
    with pytest.raises(AccessDenied):
        service.staff_progress(CurrentUser(org["a1"][1].staff_id, "", "", "", Role.MANAGER),
                               org["_ids"]["a1"], period)
    hr = hr_user(services)
    rows = service.staff_progress(hr, org["_ids"]["a1"], period)
    assert len(rows) == 6
    first = next(r for r in rows if r.staff_id == org["a1"][0].staff_id)
    assert first.completion == 0.5 and first.average_score == 1.0 and first.answers_in_period == 4
    with services.sessions() as s:
        log = s.scalars(select(AccessLog)).all()
    assert [(e.actor_id, e.action, e.department_id) for e in log] == [
        (hr.staff_id, "staff-list", org["_ids"]["a1"])]


def test_a_department_left_empty_by_transfers_is_retired_but_kept(services):
    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    take_quiz(services, org["a2"][0])
    with services.sessions.begin() as s:
        for person in org["a2"]:
            transfer(s, person.staff_id, org["_ids"]["a1"], TODAY)
        after_transfers(s, TODAY)
    with services.sessions() as s:
        a2 = s.get(Department, org["_ids"]["a2"])
        assert not a2.active and a2.valid_to == TODAY
        assert s.get(Department, org["_ids"]["a1"]).active
        assert s.get(Department, _parent(services, "a1")).active  # A部 still has people
    hr = hr_user(services)
    board = reporting(services).dashboard(hr, period_of(PeriodKind.FISCAL_YEAR, TODAY),
                                          department_id=_parent(services, "a1"))
    assert [r.name for r in board.departments] == ["a1課"]
