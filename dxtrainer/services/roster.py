"""Staff roster import: show what a roster would change, then apply it in one transaction.

The file is read by roster_file.py (the CSV or Excel file HR already keeps) and the changes are
the records of roster_records.py: new staff, changes, transfers, leavers. Nobody is ever deleted.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Department, Membership, Staff
from dxtrainer.db.transactions import lock_organisation
from dxtrainer.services import organisation
from dxtrainer.services.backups import backup_before
from dxtrainer.services.organisation import load_tree, log_access, require_hr
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.reporting import bump_roster_version
from dxtrainer.services.roster_file import (  # all of these may also be imported from here
    HEADER_SEARCH_ROWS,  # noqa: F401
    MAX_DEPTH,
    Column,  # noqa: F401
    RosterFile,
    RosterProblem,
    RosterRow,
    read_roster,
)
from dxtrainer.services.roster_records import (  # all of these may also be imported from here
    FieldChange,
    ImportPlan,
    ImportResult,
    NewDepartment,
    RosterField,
    StaffAddition,
    StaffChange,
    StaffLeaver,
)

# ---- planning -------------------------------------------------------------------------------

def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass(eq=False)
class _Dept:
    """A department as the plan sees it: an existing row (id set) or one to create."""

    names: tuple[str, ...]  # from the top, as shown
    level: int
    id: int | None = None
    code: str = ""
    parent: _Dept | None = None

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(_name_key(n) for n in self.names)

    @property
    def path(self) -> str:
        return " › ".join(self.names)


class _DeptError(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class _Departments:
    """Finds a roster path among the active departments, by its full path from the top or by a
    unique ending (「総務課」 finds 総務部 › 総務課), and plans the ones that do not exist yet."""

    def __init__(self, session: Session) -> None:
        self.tree = load_tree(session)
        self.codes = {n.code for n in self.tree.nodes.values()}
        self.existing: dict[int, _Dept] = {}
        self.full: dict[tuple[str, ...], list[_Dept]] = {}
        self.ending: dict[tuple[str, ...], list[_Dept]] = {}
        for node in self.tree.nodes.values():
            dept = _Dept(self._names(node.id), node.level, node.id, node.code)
            self.existing[node.id] = dept
            if node.active:
                self.full.setdefault(dept.key, []).append(dept)
                for start in range(1, len(dept.key)):
                    self.ending.setdefault(dept.key[start:], []).append(dept)
        self.planned: dict[tuple[str, ...], _Dept] = {}
        self.created: list[_Dept] = []  # parents before children

    def _names(self, department_id: int) -> tuple[str, ...]:
        names: list[str] = []
        cursor: int | None = department_id
        while cursor is not None and cursor in self.tree.nodes and len(names) < 20:
            names.append(self.tree.nodes[cursor].name)
            cursor = self.tree.nodes[cursor].parent_id
        return tuple(reversed(names))

    def path(self, department_id: int | None) -> str:
        dept = self.existing.get(department_id) if department_id is not None else None
        return dept.path if dept else ""

    def resolve(self, names: tuple[str, ...]) -> _Dept:
        new: list[_Dept] = []
        dept = self._resolve(names, new)
        for made in new:
            self.planned[made.key] = made
            self.created.append(made)
            self.codes.add(made.code)
        return dept

    def _resolve(self, names: tuple[str, ...], new: list[_Dept]) -> _Dept:
        key = tuple(_name_key(n) for n in names)
        found = self.full.get(key) or self.ending.get(key, [])
        if len(found) > 1:
            raise _DeptError("ambiguous-department", value=" › ".join(names),
                             candidates=[d.path for d in found])
        if found:
            return found[0]
        planned = [d for d in (*self.planned.values(), *new) if d.key[-len(key):] == key]
        if len(planned) > 1:
            raise _DeptError("ambiguous-department", value=" › ".join(names),
                             candidates=[d.path for d in planned])
        if planned:
            return planned[0]
        parent = self._resolve(names[:-1], new) if len(names) > 1 else None
        full_key = (parent.key if parent else ()) + key[-1:]
        if full_key in self.planned:
            return self.planned[full_key]
        level = parent.level + 1 if parent else 1
        if level > MAX_DEPTH:
            raise _DeptError("department-too-deep", value=" › ".join(names), depth=MAX_DEPTH)
        full_names = (parent.names if parent else ()) + names[-1:]
        made = _Dept(full_names, level, None, self._code(full_names, new), parent)
        new.append(made)
        return made

    def _code(self, names: tuple[str, ...], new: list[_Dept]) -> str:
        """The path text (「総務部/総務課」), shortened with a hash if long; never one in use."""
        text = "/".join(names)
        if len(text) > 60:
            text = text[:47] + "~" + hashlib.sha1(text.encode()).hexdigest()[:12]
        taken = self.codes | {d.code for d in new}
        code, n = text, 1
        while code in taken:
            n += 1
            code = f"{text[:58]}~{n}"
        return code


@dataclass
class _Actions:
    adds: list[tuple[RosterRow, _Dept]] = field(default_factory=list)
    changes: list[tuple[int, RosterRow, _Dept, bool]] = field(default_factory=list)
    leavers: list[int] = field(default_factory=list)
    created: list[_Dept] = field(default_factory=list)


class _People:
    """Existing staff by number; a number Excel stripped of leading zeros still finds its
    person when exactly one all-digit number matches."""

    def __init__(self, session: Session) -> None:
        self.all = list(session.scalars(select(Staff).order_by(Staff.staff_no)))
        self.by_no = {s.staff_no: s for s in self.all}
        self.by_digits: dict[str, list[Staff]] = {}
        for s in self.all:
            if s.staff_no.isdigit():
                self.by_digits.setdefault(s.staff_no.lstrip("0"), []).append(s)

    def find(self, staff_no: str) -> Staff | None:
        if staff_no in self.by_no:
            return self.by_no[staff_no]
        if staff_no.isdigit():
            same = self.by_digits.get(staff_no.lstrip("0"), [])
            if len(same) == 1:
                return same[0]
        return None


def plan_import(session: Session, roster: RosterFile, full_sync: bool = False) -> ImportPlan:
    """What importing `roster` would change. Writes nothing."""
    return _plan(session, roster, full_sync)[0]


def _plan(session: Session, roster: RosterFile, full_sync: bool) -> tuple[ImportPlan, _Actions]:
    errors = list(roster.problems)
    actions = _Actions()
    if roster.unreadable:
        return ImportPlan(roster.path, full_sync, 0, (), (), (), (), tuple(errors)), actions
    departments = _Departments(session)
    people = _People(session)
    adds: list[StaffAddition] = []
    changes: list[StaffChange] = []
    handled: dict[int, int] = {}  # staff id -> row
    for row in roster.rows:
        staff = people.find(row.staff_no)
        if staff is not None and staff.id in handled:
            errors.append(RosterProblem(roster.path, row.row, "duplicate-staff-no",
                                        {"staff_no": row.staff_no, "first": handled[staff.id]}))
            continue
        try:
            dept = departments.resolve(row.department)
        except _DeptError as error:
            errors.append(RosterProblem(roster.path, row.row, error.code, error.params))
            continue
        if staff is None:
            adds.append(StaffAddition(row.row, row.staff_no, row.name, row.kana or "", dept.path,
                                      row.role or Role.LEARNER, row.hired_on))
            actions.adds.append((row, dept))
            continue
        handled[staff.id] = row.row
        found = _field_changes(staff, row, dept, departments)
        if found:
            changes.append(StaffChange(row.row, staff.id, staff.staff_no, row.name, found))
            actions.changes.append((staff.id, row, dept, not staff.active))
    leavers: list[StaffLeaver] = []
    if full_sync:
        present = {s.id for s in map(people.find, roster.staff_numbers) if s is not None}
        for staff in people.all:
            if staff.active and staff.id not in present:
                leavers.append(StaffLeaver(staff.id, staff.staff_no, staff.name,
                                           departments.path(staff.department_id)))
                actions.leavers.append(staff.id)
    actions.created = list(departments.created)
    if _leaves_no_hr(people, actions):
        errors.append(RosterProblem(roster.path, None, "no-hr-left"))
    errors.sort(key=lambda p: (p.row is not None, p.row or 0))
    read = len(roster.rows) + len({p.row for p in roster.problems if p.row is not None})
    plan = ImportPlan(
        roster.path, full_sync, read, tuple(adds), tuple(changes), tuple(leavers),
        tuple(NewDepartment(d.code, d.names[-1], d.path, d.level) for d in actions.created),
        tuple(errors))
    return plan, actions


def _field_changes(staff: Staff, row: RosterRow, dept: _Dept,
                   departments: _Departments) -> tuple[FieldChange, ...]:
    found: list[FieldChange] = []
    if not staff.active:
        found.append(FieldChange(RosterField.ACTIVE, "inactive", "active"))
    if row.name != staff.name:
        found.append(FieldChange(RosterField.NAME, staff.name, row.name))
    if row.kana is not None and row.kana != staff.kana:
        found.append(FieldChange(RosterField.KANA, staff.kana, row.kana))
    if row.role is not None and row.role.value != staff.role:
        found.append(FieldChange(RosterField.ROLE, staff.role, row.role.value))
    if dept.id is None or dept.id != staff.department_id:
        found.append(FieldChange(RosterField.DEPARTMENT, departments.path(staff.department_id),
                                 dept.path))
    if row.hired_on is not None and row.hired_on != staff.hired_on:
        found.append(FieldChange(RosterField.HIRED_ON,
                                 staff.hired_on.isoformat() if staff.hired_on else "",
                                 row.hired_on.isoformat()))
    if row.os_account is not None and row.os_account != (staff.os_account or ""):
        found.append(FieldChange(RosterField.OS_ACCOUNT, staff.os_account or "", row.os_account))
    return tuple(found)


def _leaves_no_hr(people: _People, actions: _Actions) -> bool:
    """Would the import demote or deactivate every active HR admin? (Nobody could then run it,
    or reset a password, again.)"""
    state = {s.id: (s.active, s.role) for s in people.all}
    before = sum(1 for active, role in state.values() if active and role == Role.HR_ADMIN)
    for staff_id, row, _dept, _reactivate in actions.changes:
        state[staff_id] = (True, row.role.value if row.role else state[staff_id][1])
    for staff_id in actions.leavers:
        state[staff_id] = (False, state[staff_id][1])
    after = sum(1 for active, role in state.values() if active and role == Role.HR_ADMIN)
    after += sum(1 for row, _dept in actions.adds if row.role is Role.HR_ADMIN)
    return before > 0 and after == 0


# ---- applying -------------------------------------------------------------------------------

def _execute(session: Session, actions: _Actions,
             today: date) -> tuple[dict[str, int], tuple[int, ...]]:
    """What was done, counted, and the ids of the people added (for their 初期コード)."""
    for dept in actions.created:
        row = Department(code=dept.code, name=dept.names[-1], level=dept.level, active=True,
                         parent_id=dept.parent.id if dept.parent else None, valid_from=today)
        session.add(row)
        session.flush()
        dept.id = row.id
    now = datetime.now()
    added = [Staff(staff_no=entry.staff_no, name=entry.name, kana=entry.kana or "",
                   department_id=dept.id, role=(entry.role or Role.LEARNER).value, active=True,
                   created_at=now, hired_on=entry.hired_on, os_account=entry.os_account or None)
             for entry, dept in actions.adds]
    session.add_all(added)
    session.flush()
    session.add_all(Membership(staff_id=staff.id, department_id=staff.department_id,
                               valid_from=today, valid_to=None) for staff in added)
    transferred = reactivated = 0
    for staff_id, entry, dept, reactivate in actions.changes:
        staff = session.get(Staff, staff_id)
        assert staff is not None  # planned in this same transaction
        staff.name = entry.name
        if entry.kana is not None:
            staff.kana = entry.kana
        if entry.role is not None:
            staff.role = entry.role.value
        if entry.hired_on is not None:
            staff.hired_on = entry.hired_on
        if entry.os_account is not None:
            staff.os_account = entry.os_account or None
        if reactivate:
            staff.active, staff.left_on = True, None
            reactivated += 1
        if staff.department_id != dept.id:
            organisation.transfer(session, staff_id, dept.id, today)
            transferred += 1
        elif reactivate:  # back in the same department: a new membership from today
            _close_memberships(session, staff_id, today)
            session.add(Membership(staff_id=staff_id, department_id=dept.id, valid_from=today,
                                   valid_to=None))
    for staff_id in actions.leavers:
        staff = session.get(Staff, staff_id)
        assert staff is not None
        staff.active, staff.left_on = False, today
        _close_memberships(session, staff_id, today)
    return {"added": len(actions.adds), "changed": len(actions.changes),
            "transferred": transferred, "reactivated": reactivated,
            "deactivated": len(actions.leavers), "departments_created": len(actions.created)}, \
        tuple(staff.id for staff in added)


def _close_memberships(session: Session, staff_id: int, today: date) -> None:
    for m in session.scalars(select(Membership).where(Membership.staff_id == staff_id,
                                                      Membership.valid_to.is_(None))):
        m.valid_to = today


class RosterService:
    """Roster import for HR admins (the command line acts as records.SYSTEM_USER, an HR admin).

    `apply` writes nothing unless the whole file can be applied; with `allow_errors` the good
    rows are applied and the bad ones skipped. It never raises for a bad file: the returned
    ImportResult has `applied` False and `plan.errors` says why. Non-HR users get AccessDenied.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def preview(self, user: CurrentUser, source: str | Path | RosterFile,
                full_sync: bool = False) -> ImportPlan:
        require_hr(user)
        roster = source if isinstance(source, RosterFile) else read_roster(source)
        with self._sessions() as s:
            return plan_import(s, roster, full_sync)

    def apply(self, user: CurrentUser, source: str | Path | RosterFile, full_sync: bool = False,
              allow_errors: bool = False, today: date | None = None) -> ImportResult:
        require_hr(user)
        roster = source if isinstance(source, RosterFile) else read_roster(source)
        today = today or date.today()
        with self._sessions.begin() as s:
            lock_organisation(s)  # another HR PC's import of the same file waits, then skips
            plan, actions = _plan(s, roster, full_sync)
            if plan.file_errors or (plan.row_errors and not allow_errors):
                return ImportResult(False, plan)
            backup_before(s.get_bind(), "roster-import")  # a checked copy first (SQLite)
            counts, added_ids = _execute(s, actions, today)
            if not plan.is_empty:
                organisation.after_transfers(s, today)
                bump_roster_version(s)
            skipped = len({p.row for p in plan.row_errors})
            log_access(s, user, "roster-import", detail=(  # the command line logs no actor
                f"{Path(roster.path).name[:200]}: full_sync={full_sync} "
                + " ".join(f"{k}={v}" for k, v in counts.items())
                + f" skipped_rows={skipped}"))
        return ImportResult(True, plan, skipped_rows=skipped, added_ids=added_ids, **counts)
