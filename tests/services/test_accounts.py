"""Accounts: nobody claims someone else's account; passwords for staff who see others' data, HR
resets with a new 初期コード, the first HR admin, settings for the sign-in screen."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from dxtrainer.db.models import AccessLog, Staff
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.initial_codes import ALPHABET, DEMO_CODE
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import SYSTEM_USER, Role, SignInStatus
from tests.conftest import first_sign_in


def add(services, number: str, role: str) -> int:
    with services.sessions.begin() as s:
        st = Staff(staff_no=number, name=f"職員{number}", kana="ショクイン", role=role,
                   active=True, created_at=datetime.now())
        s.add(st)
        s.flush()
        return st.id


def log_actions(services) -> list[tuple[int | None, str, int | None]]:
    with services.sessions() as s:
        return [(e.actor_id, e.action, e.target_staff_id)
                for e in s.scalars(select(AccessLog).order_by(AccessLog.id))]


@pytest.mark.parametrize("role,secret", [("learner", "2468"), ("hr", "hr-pass-1")])
def test_an_account_cannot_be_claimed_without_the_code(services, role, secret):
    accounts = services.accounts
    sid = add(services, "C1", role)
    assert accounts.sign_in(sid, secret).status is SignInStatus.NO_CODE
    assert accounts.claim(sid, "", secret).status is SignInStatus.NO_CODE  # none issued
    [issued] = accounts.issue_codes(SYSTEM_USER, [sid])
    assert accounts.sign_in(sid, secret).status is SignInStatus.NEEDS_CODE
    wrong = "ABCD-EFGH" if issued.code != "ABCD-EFGH" else "HGFE-DCBA"
    assert accounts.claim(sid, wrong, secret).status is SignInStatus.WRONG
    assert accounts.claim(sid, issued.code.lower().replace("-", " "), secret).status \
        is SignInStatus.OK  # typed in lower case with a space: still the code
    assert accounts.sign_in(sid, secret).user.role is Role(role)
    assert accounts.claim(sid, issued.code, "9999x9999").status is SignInStatus.NO_CODE  # used


def test_codes_are_random_from_an_alphabet_without_look_alikes(services):
    ids = [add(services, f"R{i}", "learner") for i in range(20)]
    issued = services.accounts.issue_codes(SYSTEM_USER, ids)
    codes = [row.code.replace("-", "") for row in issued]
    assert len(set(codes)) == 20 and all(len(c) == 8 for c in codes)
    assert len(ALPHABET) == 32 and not set("01IOl") & set(ALPHABET)
    assert set("".join(codes)) <= set(ALPHABET)
    with services.sessions() as s:
        stored = [st.code_hash for st in s.scalars(select(Staff).where(Staff.id.in_(ids)))]
    assert all(h.startswith("scrypt$") for h in stored)
    assert not any(c in h for c in codes for h in stored)  # never kept in clear


def test_an_expired_code_is_refused_and_its_expiry_logged(services):
    accounts = services.accounts
    sid = add(services, "E1", "learner")
    issued_at = datetime(2026, 11, 1, 9, 0)
    [issued] = accounts.issue_codes(SYSTEM_USER, [sid], now=issued_at)
    assert issued.expires_at == issued_at + timedelta(days=14)  # the default
    late = issued_at + timedelta(days=14, minutes=1)
    assert accounts.claim(sid, issued.code, "2468", now=late).status is SignInStatus.CODE_EXPIRED
    assert accounts.claim(sid, issued.code, "2468", now=late).status is SignInStatus.CODE_EXPIRED
    assert accounts.sign_in(sid, "", now=late).status is SignInStatus.CODE_EXPIRED
    assert log_actions(services) == [(None, "issue-code", sid), (sid, "code-expired", sid)]
    accounts.change_settings(SYSTEM_USER, days=3)
    [again] = accounts.issue_codes(SYSTEM_USER, [sid], now=late)
    assert again.expires_at == late + timedelta(days=3)
    assert accounts.claim(sid, again.code, "2468", now=late).status is SignInStatus.OK
    assert log_actions(services)[-2:] == [(None, "issue-code", sid), (sid, "code-used", sid)]


def test_guessing_codes_locks_the_account_like_guessing_pins(services):
    accounts = services.accounts
    sid = add(services, "G1", "learner")
    [issued] = accounts.issue_codes(SYSTEM_USER, [sid])
    now = datetime.now()
    guesses = ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE"]
    results = [accounts.claim(sid, g, "2468", now=now) for g in guesses if g != issued.code]
    assert [r.attempts_left for r in results[:4]] == [4, 3, 2, 1]
    assert results[4].status is SignInStatus.LOCKED
    assert accounts.claim(sid, issued.code, "2468", now=now).status is SignInStatus.LOCKED
    later = now + timedelta(minutes=16)
    assert accounts.claim(sid, issued.code, "2468", now=later).status is SignInStatus.OK


def test_trainers_managers_and_hr_must_choose_a_password_not_a_pin(services):
    for role in ("trainer", "manager", "hr"):
        sid = add(services, f"P-{role}", role)
        [issued] = services.accounts.issue_codes(SYSTEM_USER, [sid])
        assert services.accounts.claim(sid, issued.code, "1234").status \
            is SignInStatus.BAD_NEW_PIN
        assert services.accounts.claim(sid, issued.code, "abcdefgh").status \
            is SignInStatus.BAD_NEW_PIN  # letters only
        assert services.accounts.claim(sid, issued.code, "dx2026ok").status is SignInStatus.OK
        assert services.accounts.sign_in(sid, "dx2026ok").user.role is Role(role)


def test_hr_reset_issues_a_new_code_and_the_old_pin_stops_working(services):
    learner = add(services, "L1", "learner")
    first_sign_in(services, learner, "2468")
    for _ in range(5):
        services.accounts.sign_in(learner, "0000")
    assert services.accounts.sign_in(learner, "2468").status is SignInStatus.LOCKED
    hr_id = add(services, "H1", "hr")
    hr = first_sign_in(services, hr_id, "hr-pass-1").user
    other = first_sign_in(services, add(services, "L2", "learner"), "1357").user
    with pytest.raises(AccessDenied):
        services.accounts.reset_credential(other, learner)
    with pytest.raises(AccessDenied):
        services.accounts.issue_codes(other, [learner])
    issued = services.accounts.reset_credential(hr, learner)
    assert issued.staff_no == "L1" and len(issued.code) == 9
    assert services.accounts.sign_in(learner, "2468").status is SignInStatus.NEEDS_CODE
    assert services.accounts.claim(learner, issued.code, "9999").status is SignInStatus.OK
    assert services.accounts.sign_in(learner, "2468").status is SignInStatus.WRONG
    assert [a for a in log_actions(services) if a[0] == hr_id and a[2] == learner] == [
        (hr_id, "issue-code", learner), (hr_id, "reset-credential", learner)]


def test_issuing_refuses_an_empty_or_unknown_selection(services):
    with pytest.raises(ServiceError) as empty:
        services.accounts.issue_codes(SYSTEM_USER, [])
    assert empty.value.code == "no-staff-selected"
    with pytest.raises(ServiceError) as unknown:
        services.accounts.issue_codes(SYSTEM_USER, [add(services, "U1", "learner"), 999])
    assert unknown.value.code == "staff-not-found" and unknown.value.detail == {"count": 1}


def test_the_demo_city_has_one_published_code_but_people_added_later_do_not(services):
    from datetime import date

    from dxtrainer.services.demo_org import generate

    generate(services, staff=12, months=1, today=date(2026, 11, 30))
    accounts = services.accounts
    assert accounts.settings().demo_code == DEMO_CODE
    hr = accounts.find("D0001")[0]
    assert accounts.sign_in(hr.id, "").status is SignInStatus.NEEDS_CODE
    assert accounts.claim(hr.id, "WRONG123", "dx2026ok").status is SignInStatus.WRONG
    assert accounts.claim(hr.id, DEMO_CODE.lower(), "dx2026ok").status is SignInStatus.OK
    later = add(services, "X1", "hr")  # e.g. a roster imported into the demo afterwards
    assert accounts.claim(later, DEMO_CODE, "dx2026ok").status is SignInStatus.NO_CODE


def test_first_run_creates_the_first_hr_admin_once(services):
    accounts = services.accounts
    assert accounts.needs_first_admin()
    with pytest.raises(ServiceError) as short:
        accounts.create_first_admin("0001", "山田 花子", "ヤマダ ハナコ", "人事課", "short")
    assert short.value.code == "bad-password"
    admin = accounts.create_first_admin("０００１", "山田 花子", "ヤマダ ハナコ", "人事課", "dx2026ok")
    assert admin.role is Role.HR_ADMIN and admin.staff_no == "0001" and admin.department == "人事課"
    assert not accounts.needs_first_admin() and accounts.hr_admin_count() == 1
    assert accounts.sign_in(admin.staff_id, "dx2026ok").status is SignInStatus.OK
    with pytest.raises(AccessDenied):
        accounts.create_first_admin("0002", "別人", "ベツジン", "人事課", "dx2026ok")


def test_a_training_room_can_drop_the_pin_for_learners_but_not_for_hr(services):
    from dxtrainer.services.container import set_meta

    learner = add(services, "L9", "learner")
    hr = add(services, "H9", "hr")
    assert services.accounts.pin_required() and services.accounts.idle_minutes() == 15
    with services.sessions.begin() as s:
        set_meta(s, "pin_required", "0")
        set_meta(s, "idle_minutes", "0")
    assert not services.accounts.pin_required() and services.accounts.idle_minutes() == 0
    assert services.accounts.sign_in(learner, "").status is SignInStatus.OK
    assert services.accounts.sign_in(hr, "").status is SignInStatus.NO_CODE


def test_find_by_number_or_name_when_the_list_is_hidden(services):
    accounts = services.accounts
    for number, name in (("A1", "山田 花子"), ("A2", "山田 花子"), ("A3", "佐藤 一郎")):
        with services.sessions.begin() as s:
            s.add(Staff(staff_no=number, name=name, kana="", role="learner", active=True,
                        created_at=datetime.now()))
    assert [p.staff_no for p in accounts.find("佐藤一郎")] == ["A3"]
    assert [p.staff_no for p in accounts.find("山田　花子")] == ["A1", "A2"]  # namesakes
    assert [p.staff_no for p in accounts.find("Ａ２")] == ["A2"]
    assert accounts.find("山田") == [] and accounts.find(" ") == []
    assert not accounts.settings().hide_staff_list
    assert accounts.change_settings(SYSTEM_USER, hide_staff_list=True).hide_staff_list


def test_a_locked_account_is_known_before_anything_is_asked(services):
    sid = add(services, "K1", "learner")
    first_sign_in(services, sid, "2468")
    for _ in range(5):
        services.accounts.sign_in(sid, "0000")
    [person] = services.accounts.find("K1")
    assert person.locked_until is not None and person.locked_until > datetime.now()


def test_next_step_says_what_to_ask_without_counting_a_failure(services):
    accounts = services.accounts
    sid = add(services, "N1", "learner")
    assert accounts.next_step(sid).status is SignInStatus.NO_CODE
    [issued] = accounts.issue_codes(SYSTEM_USER, [sid])
    assert accounts.next_step(sid).status is SignInStatus.NEEDS_CODE
    accounts.claim(sid, issued.code, "2468")
    for _ in range(6):
        assert accounts.next_step(sid).status is SignInStatus.NEEDS_SECRET
    assert accounts.sign_in(sid, "0000").attempts_left == 4  # the questions counted nothing
    assert accounts.next_step(999).status is SignInStatus.UNKNOWN


def test_expiries_nobody_tried_are_logged_when_hr_opens_the_staff_list(services):
    sid = add(services, "X9", "learner")
    services.accounts.issue_codes(SYSTEM_USER, [sid], now=datetime(2026, 1, 5, 9, 0))
    [row] = services.accounts.directory(SYSTEM_USER)
    assert not row.has_code and row.code_expires_at == datetime(2026, 1, 19, 9, 0)
    assert log_actions(services) == [(None, "issue-code", sid), (sid, "code-expired", sid)]
    services.accounts.directory(SYSTEM_USER)
    assert len(log_actions(services)) == 2  # logged once
