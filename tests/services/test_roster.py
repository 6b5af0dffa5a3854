"""Roster import: the files offices really have, row problems, previews, transfers and leavers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import AccessLog, Answer, Department, Membership, Staff
from dxtrainer.roster_messages import describe_roster_problem, format_roster_problem
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import SYSTEM_USER, CurrentUser, Role
from dxtrainer.services.reporting import roster_version
from dxtrainer.services.rollups import rebuild
from dxtrainer.services.roster import (
    RosterField,
    RosterService,
    plan_import,
    read_roster,
)
from tests.services.test_reporting import hr_user, make_org, take_quiz
from tests.services.test_training import rollup_snapshot

TODAY = date(2026, 4, 1)
HEADER = "職員番号,氏名,フリガナ,所属,役割,採用日"
FIRST = [HEADER,
         "1001,山田 花子,ヤマダ ハナコ,総務部 総務課,,2020/04/01",
         "1002,佐藤 一郎,サトウ イチロウ,総務部 総務課 庶務係,管理職,",
         "1003,鈴木 次郎,スズキ ジロウ,市民部 市民課,研修担当,"]


def write_csv(tmp_path: Path, lines: list[str], encoding: str = "utf-8-sig",
              name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def roster(services) -> RosterService:
    return RosterService(services.sessions)


def staff_by_no(services) -> dict[str, Staff]:
    with services.sessions() as s:
        people = s.scalars(select(Staff)).all()
        s.expunge_all()
        return {p.staff_no: p for p in people}


def department_id(services, name: str) -> int:
    with services.sessions() as s:
        return s.scalar(select(Department.id).where(Department.name == name))


def count(services, model) -> int:
    with services.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


# ---- reading --------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_each_office_encoding_reads_the_same(tmp_path, encoding):
    path = write_csv(tmp_path, FIRST, encoding)
    result = read_roster(path)
    assert result.problems == ()
    assert result.encoding == {"utf-8-sig": "utf-8"}.get(encoding, encoding)
    first = result.rows[0]
    assert (first.row, first.staff_no, first.name, first.kana) == (2, "1001", "山田 花子",
                                                                    "ヤマダ ハナコ")
    assert first.department == ("総務部", "総務課")
    assert first.role is Role.LEARNER and first.hired_on == date(2020, 4, 1)
    assert result.rows[1].department == ("総務部", "総務課", "庶務係")
    assert result.rows[1].role is Role.MANAGER and result.rows[2].role is Role.TRAINER


def test_full_width_digits_stray_spaces_hiragana_and_separators_are_normalised(tmp_path):
    path = write_csv(tmp_path, [
        "職員番号,氏名,ふりがな,所属,役割,採用日",
        "１００１, 山田　　花子 ,やまだ　はなこ,総務部／総務課＞庶務係,HR admin,令和2年4月1日",
        "1002,佐藤一郎,ｻﾄｳ ｲﾁﾛｳ,総務部 › 総務課,所属長,R3.4.1",
        "1003,鈴木 次郎,,総務部　総務課,,2021-04-01",
        "1004,\ufa19田 ＡＢ,,総務部 総務課,,"])
    rows = read_roster(path).rows
    assert [r.staff_no for r in rows] == ["1001", "1002", "1003", "1004"]
    assert rows[3].name == "\ufa19田 AB"  # a 異体字 in a name is kept; full-width letters are not
    assert rows[0].name == "山田 花子" and rows[0].kana == "ヤマダ ハナコ"
    assert rows[0].department == ("総務部", "総務課", "庶務係")
    assert rows[0].role is Role.HR_ADMIN and rows[0].hired_on == date(2020, 4, 1)
    assert rows[1].name == "佐藤一郎" and rows[1].kana == "サトウ イチロウ"
    assert rows[1].role is Role.MANAGER and rows[1].hired_on == date(2021, 4, 1)
    assert rows[2].kana is None and rows[2].role is Role.LEARNER  # blank: kana kept, role 職員


def test_xlsx_with_english_headers_and_separate_columns(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Staff list 2026"])  # a title line above the header, as offices do
    sheet.append(["staff_no", "name", "kana", "division", "section", "unit", "role",
                  "hired_on"])
    sheet.append([1001, "Yamada Hanako", "やまだ はなこ", "総務部", "総務課", None, "hr",
                  datetime(2020, 4, 1)])
    sheet.append([None, None, None, None, None, None, None, None])
    sheet.append(["1002", "佐藤 一郎", None, "総務部", "総務課", "庶務係", None, None])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    result = read_roster(path)
    assert result.problems == () and result.encoding == "xlsx"
    first, second = result.rows
    assert (first.row, first.staff_no, first.kana) == (3, "1001", "ヤマダ ハナコ")
    assert first.department == ("総務部", "総務課") and first.role is Role.HR_ADMIN
    assert first.hired_on == date(2020, 4, 1)
    assert second.row == 5 and second.department == ("総務部", "総務課", "庶務係")
    assert second.role is Role.LEARNER


def test_whole_file_problems_are_reported_not_raised(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("職員番号,氏名,所属\n1,a,b\n".encode() + b"\x85\x40\n")
    assert [p.code for p in read_roster(bad).problems] == ["unreadable-encoding"]
    assert read_roster(tmp_path / "missing.csv").problems[0].code == "file-not-found"
    assert read_roster(tmp_path / "x.pdf").problems[0].code == "unsupported-format"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    assert read_roster(broken).problems[0].code == "unreadable"
    no_columns = write_csv(tmp_path, ["番号,名前", "1,a"], name="cols.csv")
    problem = read_roster(no_columns).problems[0]
    assert (problem.row, problem.code) == (None, "missing-columns")
    assert "所属" in describe_roster_problem(problem)
    for result in (read_roster(bad), read_roster(no_columns)):
        assert result.unreadable and result.rows == ()


def test_each_bad_row_is_reported_with_its_excel_row_and_nothing_is_written(services, tmp_path):
    path = write_csv(tmp_path, [
        HEADER,
        "1001,山田 花子,,総務部 総務課,,",
        ",名無し,,総務部 総務課,,",  # 3
        "1003,,,総務部 総務課,,",  # 4
        "1004,鈴木 次郎,,総務部 総務課,社長,",  # 5
        "1005,高橋 三郎,,,,",  # 6
        "1001,山田 花子,,総務部 総務課,,",  # 7
        "1007,伊藤 四郎,,総務部 総務課,,2020/02/30",  # 8
        "1008,渡辺 五郎,,総務部 総務課 庶務係 文書担当,,",  # 9
    ])
    plan = roster(services).preview(SYSTEM_USER, path)
    assert [(p.row, p.code) for p in plan.errors] == [
        (3, "missing-staff-no"), (4, "missing-name"), (5, "unknown-role"),
        (6, "missing-department"), (7, "duplicate-staff-no"), (8, "bad-date"),
        (9, "department-too-deep")]
    assert plan.errors[4].params["first"] == 2
    assert describe_roster_problem(plan.errors[0]) == (
        "名簿の3行目: 職員番号が空欄です。番号を入力して再度取り込んでください。")
    assert format_roster_problem(plan.errors[2]) == (
        f"{path}:5: error: 役割「社長」は使えません。空欄(職員)・管理職・研修担当・人事のどれかに"
        "してください。")
    assert [a.staff_no for a in plan.to_add] == ["1001"]

    result = roster(services).apply(SYSTEM_USER, path, today=TODAY)
    assert not result.applied and result.added == 0
    assert count(services, Staff) == 0 and count(services, Department) == 0

    result = roster(services).apply(SYSTEM_USER, path, allow_errors=True, today=TODAY)
    assert result.applied and result.added == 1 and result.skipped_rows == 7
    assert set(staff_by_no(services)) == {"1001"}


def test_import_creates_the_tree_staff_and_memberships_then_reimport_changes_nothing(
        services, tmp_path):
    path = write_csv(tmp_path, FIRST)
    plan = roster(services).preview(SYSTEM_USER, path)
    assert [(d.path, d.level, d.code) for d in plan.departments_to_create] == [
        ("総務部", 1, "総務部"), ("総務部 › 総務課", 2, "総務部/総務課"),
        ("総務部 › 総務課 › 庶務係", 3, "総務部/総務課/庶務係"), ("市民部", 1, "市民部"),
        ("市民部 › 市民課", 2, "市民部/市民課")]
    result = roster(services).apply(SYSTEM_USER, path, today=TODAY)
    assert result.applied and (result.added, result.departments_created) == (3, 5)
    people = staff_by_no(services)
    assert people["1002"].role == "manager" and people["1001"].hired_on == date(2020, 4, 1)
    assert people["1002"].department_id == department_id(services, "庶務係")
    with services.sessions() as s:
        unit = s.get(Department, department_id(services, "庶務係"))
        assert unit.parent_id == department_id(services, "総務課") and unit.valid_from == TODAY
        memberships = s.execute(select(Membership.staff_id, Membership.department_id,
                                       Membership.valid_from, Membership.valid_to)).all()
        version = roster_version(s)
    assert sorted(memberships) == sorted(
        (p.id, p.department_id, TODAY, None) for p in people.values())

    again = roster(services).preview(SYSTEM_USER, path)
    assert again.is_empty and again.errors == ()
    assert roster(services).apply(SYSTEM_USER, path, full_sync=True, today=TODAY).added == 0
    assert count(services, Membership) == 3 and count(services, Department) == 5
    with services.sessions() as s:
        assert roster_version(s) == version


def test_existing_departments_are_found_by_their_ending_and_ambiguity_is_an_error(
        services, tmp_path):
    org = make_org(services, {"a1": 1, "a2": 1, "b1": 1})
    with services.sessions.begin() as s:
        for parent in ("a1", "a2"):
            s.add(Department(code=f"{parent}-x", name="庶務係", level=3, active=True,
                             parent_id=org["_ids"][parent]))
    path = write_csv(tmp_path, [
        "職員番号,氏名,部,課,係", "0001,職員1,,a1課,", "0002,職員2,A部,a2課,",
        "2001,新人1,,a1課,窓口係", "2002,新人2,,,庶務係", "2003,新人3,A部,a1課,庶務係"])
    plan = plan_import_with(services, path)
    assert [(p.row, p.code) for p in plan.errors] == [(5, "ambiguous-department")]
    assert set(plan.errors[0].params["candidates"]) == {"A部 › a1課 › 庶務係",
                                                        "A部 › a2課 › 庶務係"}
    assert plan.to_change == ()  # 0001 and 0002 already sit there
    assert [(d.path, d.level) for d in plan.departments_to_create] == [("A部 › a1課 › 窓口係", 3)]
    assert [(a.staff_no, a.department) for a in plan.to_add] == [
        ("2001", "A部 › a1課 › 窓口係"), ("2003", "A部 › a1課 › 庶務係")]


def plan_import_with(services, path: Path, full_sync: bool = False):
    with services.sessions() as s:
        return plan_import(s, read_roster(path), full_sync)


def test_a_number_excel_stripped_of_its_zeros_still_finds_the_person(services, tmp_path):
    make_org(services, {"a1": 1})  # staff number "0001" in a1課
    path = write_csv(tmp_path, ["職員番号,氏名,所属", "1,職員1,a1課"])
    plan = plan_import_with(services, path, full_sync=True)
    assert plan.is_empty and plan.errors == ()


def test_a_transfer_is_previewed_as_a_change_and_old_answers_keep_their_department(
        services, tmp_path):
    roster(services).apply(SYSTEM_USER, write_csv(tmp_path, FIRST), today=TODAY)
    mover = staff_by_no(services)["1001"]
    user = CurrentUser(mover.id, mover.staff_no, mover.name, "", Role.LEARNER)
    take_quiz(services, user)
    moved = [*FIRST[:1], "1001,山田 花子,ヤマダ ハナコ,市民部 市民課,管理職,2020/04/01", *FIRST[2:]]
    path = write_csv(tmp_path, moved, name="april.csv")
    plan = roster(services).preview(SYSTEM_USER, path)
    (change,) = plan.to_change
    assert change.row == 2 and change.is_transfer and not change.is_reactivation
    assert [(c.field, c.old, c.new) for c in change.changes] == [
        (RosterField.ROLE, "learner", "manager"),
        (RosterField.DEPARTMENT, "総務部 › 総務課", "市民部 › 市民課")]

    later = date(2026, 5, 1)
    result = roster(services).apply(SYSTEM_USER, path, today=later)
    assert (result.changed, result.transferred) == (1, 1)
    old, new = department_id(services, "総務課"), department_id(services, "市民課")
    with services.sessions() as s:
        assert set(s.scalars(select(Answer.department_id))) == {old}
        assert s.get(Staff, mover.id).department_id == new
        assert s.get(Staff, mover.id).role == "manager"
        history = s.execute(select(Membership.department_id, Membership.valid_from,
                                   Membership.valid_to).where(Membership.staff_id == mover.id)
                            .order_by(Membership.valid_from)).all()
    assert history == [(old, TODAY, later), (new, later, None)]
    incremental = rollup_snapshot(services)
    with services.sessions.begin() as s:
        rebuild(s)
    assert rollup_snapshot(services) == incremental


def test_full_sync_deactivates_leavers_without_deleting_and_they_can_come_back(
        services, tmp_path):
    roster(services).apply(SYSTEM_USER, write_csv(tmp_path, FIRST), today=TODAY)
    without = write_csv(tmp_path, FIRST[:3], name="later.csv")
    assert roster(services).preview(SYSTEM_USER, without).is_empty  # not a full sync
    plan = roster(services).preview(SYSTEM_USER, without, full_sync=True)
    assert [(p.staff_no, p.department) for p in plan.to_deactivate] == [
        ("1003", "市民部 › 市民課")]

    left = date(2026, 6, 30)
    result = roster(services).apply(SYSTEM_USER, without, full_sync=True, today=left)
    assert result.deactivated == 1
    gone = staff_by_no(services)["1003"]
    assert not gone.active and gone.left_on == left and count(services, Staff) == 3
    with services.sessions() as s:
        assert s.scalars(select(Membership.valid_to)
                         .where(Membership.staff_id == gone.id)).all() == [left]

    back = date(2026, 10, 1)
    plan = roster(services).preview(SYSTEM_USER, write_csv(tmp_path, FIRST))
    assert [c.is_reactivation for c in plan.to_change] == [True]
    result = roster(services).apply(SYSTEM_USER, write_csv(tmp_path, FIRST), today=back)
    assert result.reactivated == 1
    again = staff_by_no(services)["1003"]
    assert again.active and again.left_on is None
    with services.sessions() as s:
        assert s.execute(select(Membership.valid_from, Membership.valid_to)
                         .where(Membership.staff_id == gone.id)
                         .order_by(Membership.valid_from)).all() == [(TODAY, left), (back, None)]


def test_only_hr_may_import_and_each_import_is_logged(services, tmp_path):
    path = write_csv(tmp_path, FIRST)
    for role in (Role.LEARNER, Role.MANAGER, Role.TRAINER):
        someone = CurrentUser(1, "", "", "", role)
        with pytest.raises(AccessDenied):
            roster(services).preview(someone, path)
        with pytest.raises(AccessDenied):
            roster(services).apply(someone, path)
    assert count(services, Staff) == 0
    hr = hr_user(services)
    assert roster(services).apply(hr, path, today=TODAY).applied
    with services.sessions() as s:
        log = s.scalars(select(AccessLog)).all()
    assert [(e.actor_id, e.action) for e in log] == [(hr.staff_id, "roster-import")]
    assert "added=3" in log[0].detail


def test_an_import_that_would_leave_no_hr_admin_is_refused(services, tmp_path):
    hr = hr_user(services)  # HR1, not in the file
    path = write_csv(tmp_path, FIRST)
    plan = roster(services).preview(hr, path, full_sync=True)
    assert [(p.row, p.code) for p in plan.errors] == [(None, "no-hr-left")]
    result = roster(services).apply(hr, path, full_sync=True, allow_errors=True, today=TODAY)
    assert not result.applied and count(services, Staff) == 1
    assert roster(services).apply(hr, path, today=TODAY).applied  # without full sync: fine
