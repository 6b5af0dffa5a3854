"""Accounts: passwords for staff who see others' data, HR resets, the first HR admin."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from dxtrainer.db.models import AccessLog, Staff
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import Role, SignInStatus


def add(services, number: str, role: str) -> int:
    with services.sessions.begin() as s:
        st = Staff(staff_no=number, name=f"職員{number}", kana="ショクイン", role=role,
                   active=True, created_at=datetime.now())
        s.add(st)
        s.flush()
        return st.id


def test_trainers_managers_and_hr_need_a_password_not_a_pin(services):
    for role in ("trainer", "manager", "hr"):
        sid = add(services, f"P-{role}", role)
        assert services.accounts.sign_in(sid, "", new_pin="1234").status \
            is SignInStatus.BAD_NEW_PIN
        assert services.accounts.sign_in(sid, "", new_pin="abcdefgh").status \
            is SignInStatus.BAD_NEW_PIN  # letters only
        assert services.accounts.sign_in(sid, "", new_pin="dx2026ok").status is SignInStatus.OK
        assert services.accounts.sign_in(sid, "dx2026ok").user.role is Role(role)


def test_hr_resets_a_forgotten_pin_and_it_is_logged(services):
    learner = add(services, "L1", "learner")
    services.accounts.sign_in(learner, "", new_pin="2468")
    for _ in range(5):
        services.accounts.sign_in(learner, "0000")
    assert services.accounts.sign_in(learner, "2468").status is SignInStatus.LOCKED
    hr_id = add(services, "H1", "hr")
    hr = services.accounts.sign_in(hr_id, "", new_pin="hr-pass-1").user
    other = services.accounts.sign_in(add(services, "L2", "learner"), "", new_pin="1357").user
    with pytest.raises(AccessDenied):
        services.accounts.reset_credential(other, learner)
    summary = services.accounts.reset_credential(hr, learner)
    assert not summary.has_credential
    assert services.accounts.sign_in(learner, "").status is SignInStatus.NEEDS_NEW_PIN
    assert services.accounts.sign_in(learner, "", new_pin="9999").status is SignInStatus.OK
    with services.sessions() as s:
        log = s.scalars(select(AccessLog)).all()
    assert [(e.actor_id, e.action, e.target_staff_id) for e in log] == [
        (hr_id, "reset-credential", learner)]


def test_first_run_creates_the_first_hr_admin_once(services):
    accounts = services.accounts
    assert accounts.needs_first_admin()
    with pytest.raises(ValueError):
        accounts.create_first_admin("0001", "山田 花子", "ヤマダ ハナコ", "人事課", "short")
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
    assert services.accounts.sign_in(hr, "").status is SignInStatus.NEEDS_NEW_PIN
