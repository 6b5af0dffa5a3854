"""初期コード in bulk (CSV for a mail merge, progress, a lighter scrypt cost), codes for the people a
roster import adds, and learners continuing with the PC's Windows account."""

from __future__ import annotations

import csv
from datetime import datetime

from dxtrainer.db.models import Staff
from dxtrainer.services.initial_codes import CODE_COST, write_codes_csv
from dxtrainer.services.os_account import current_os_account
from dxtrainer.services.records import SYSTEM_USER, SignInStatus
from dxtrainer.services.roster import RosterService
from tests.conftest import first_sign_in


def add(services, number: str, role: str = "learner", os_account: str | None = None) -> int:
    with services.sessions.begin() as s:
        st = Staff(staff_no=number, name=f"職員{number}", kana="ショクイン", role=role,
                   active=True, created_at=datetime.now(), os_account=os_account)
        s.add(st)
        s.flush()
        return st.id


def test_many_codes_at_once_report_progress_and_export_a_mail_merge_csv(services, tmp_path):
    ids = [add(services, f"B{i:02d}") for i in range(25)]
    seen: list[tuple[int, int]] = []
    rows = services.accounts.issue_codes(SYSTEM_USER, ids, progress=lambda d, t: seen.append((d, t)))
    assert [r.staff_id for r in rows] == ids
    assert seen[0] == (0, 25) and seen[-1] == (25, 25) and len(seen) >= 3
    with services.sessions() as s:
        stored = s.get(Staff, ids[0]).code_hash
    assert stored.split("$")[1] == str(CODE_COST)
    path = write_codes_csv(rows, tmp_path / "codes.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["職員番号", "氏名", "所属", "初期コード", "有効期限"]
    assert len(table) == 26
    assert table[1][:2] == ["B00", "職員B00"] and table[1][3] == rows[0].code


def test_a_roster_import_reports_who_was_added_so_hr_can_issue_their_codes(services, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("職員番号,氏名,所属,役割,Windowsアカウント\n"
                    "3001,新人 一,市民課,職員,CITY\\Hajime\n"
                    "3002,新人 二,市民課,人事,\n", encoding="utf-8-sig")
    result = RosterService(services.sessions).apply(SYSTEM_USER, path)
    assert result.applied and len(result.added_ids) == 2
    issued = services.accounts.issue_codes(SYSTEM_USER, result.added_ids)
    assert [r.staff_no for r in issued] == ["3001", "3002"]
    assert [r.department for r in issued] == ["市民課", "市民課"]
    with services.sessions() as s:
        assert s.get(Staff, result.added_ids[0]).os_account == "city\\hajime"  # folded
        assert s.get(Staff, result.added_ids[1]).os_account is None


def test_a_learner_continues_with_the_pcs_account_only_where_allowed(services):
    accounts = services.accounts
    learner = add(services, "W1", os_account="city\\w1")
    add(services, "W2", role="hr", os_account="city\\boss")
    add(services, "W3", os_account="city\\twin")
    add(services, "W4", os_account="city\\twin")
    assert accounts.os_candidate("CITY\\W1") is None  # the organisation has not allowed it
    assert accounts.sign_in_with_os_account("CITY\\W1").status is SignInStatus.UNKNOWN
    accounts.change_settings(SYSTEM_USER, os_sign_in=True)
    assert accounts.os_candidate("CITY\\W1").id == learner
    result = accounts.sign_in_with_os_account("CITY\\W1")
    assert result.status is SignInStatus.OK and result.user.staff_id == learner
    assert accounts.os_candidate("city\\boss") is None  # never for a privileged role
    assert accounts.sign_in_with_os_account("city\\boss").status is SignInStatus.UNKNOWN
    assert accounts.os_candidate("city\\twin") is None  # two people: no guessing
    assert accounts.os_candidate(None) is None and accounts.os_candidate("city\\nobody") is None
    first_sign_in(services, learner, "2468")
    for _ in range(5):
        accounts.sign_in(learner, "0000")
    assert accounts.sign_in_with_os_account("city\\w1").status is SignInStatus.LOCKED


def test_the_os_account_comes_from_the_operating_system_not_the_environment(monkeypatch):
    import pwd

    real = current_os_account()
    monkeypatch.setenv("USERNAME", "someone-else")
    monkeypatch.setenv("USER", "someone-else")
    assert current_os_account() == real
    import os

    assert real == pwd.getpwuid(os.getuid()).pw_name
