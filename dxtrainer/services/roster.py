"""Staff roster import: read the CSV or Excel file HR already keeps, show what would change, then
apply it in one transaction (new staff, changes, transfers, leavers). Nobody is ever deleted."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Department, Membership, Staff
from dxtrainer.services import organisation
from dxtrainer.services.organisation import load_tree, log_access, require_hr
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.reporting import bump_roster_version

MAX_DEPTH = 3  # 部 › 課 › 係
HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common in office files


class Column(StrEnum):
    STAFF_NO = "staff_no"
    NAME = "name"
    KANA = "kana"
    DEPARTMENT = "department"
    DIVISION = "division"  # 部
    SECTION = "section"  # 課
    UNIT = "unit"  # 係
    ROLE = "role"
    HIRED_ON = "hired_on"


class RosterField(StrEnum):
    NAME = "name"
    KANA = "kana"
    ROLE = "role"
    DEPARTMENT = "department"
    HIRED_ON = "hired_on"
    ACTIVE = "active"


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-・()（）]", "", unicodedata.normalize("NFKC", text)).casefold()


_HEADERS: dict[str, Column] = {_header_key(alias): column for column, aliases in {
    Column.STAFF_NO: ("職員番号", "職員コード", "職員No", "職員ID", "番号", "staff_no",
                      "staff number", "number", "employee_no"),
    Column.NAME: ("氏名", "名前", "職員名", "name", "full name", "staff name"),
    Column.KANA: ("フリガナ", "ふりがな", "カナ", "かな", "氏名カナ", "氏名フリガナ", "カナ氏名",
                  "よみ", "kana", "furigana"),
    Column.DEPARTMENT: ("所属", "所属名", "所属部署", "部署", "部署名", "配属先", "department",
                        "dept"),
    Column.DIVISION: ("部", "部名", "局", "division"),
    Column.SECTION: ("課", "課名", "室", "section"),
    Column.UNIT: ("係", "係名", "担当", "unit", "team"),
    Column.ROLE: ("役割", "権限", "ロール", "role"),
    Column.HIRED_ON: ("採用日", "採用年月日", "入庁日", "入庁年月日", "hired_on", "hire date",
                      "hired"),
}.items() for alias in aliases}

_ROLES: dict[str, Role] = {_header_key(alias): role for role, aliases in {
    Role.LEARNER: ("", "職員", "一般", "一般職員", "受講者", "learner"),
    Role.MANAGER: ("管理職", "課長", "所属長", "manager"),
    Role.TRAINER: ("研修担当", "研修担当者", "trainer"),
    Role.HR_ADMIN: ("人事", "人事担当", "人事担当者", "hr", "HR admin"),
}.items() for alias in aliases}

_DEPT_SEPARATORS = re.compile(r"[\s/>›»]+")  # after NFKC: full-width space, ／ and ＞ are ASCII
_CJK_COMPAT = re.compile(r"([\uF900-\uFAFF\U0002F800-\U0002FA1F]+)")
_ERAS = {"令和": 2018, "r": 2018, "平成": 1988, "h": 1988, "昭和": 1925, "s": 1925}
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_ERA_DATE = re.compile(r"(令和|平成|昭和|[rhs])\s*(\d{1,2}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


# ---- records --------------------------------------------------------------------------------

@dataclass(frozen=True)
class RosterProblem:
    """One thing wrong in a roster. `row` is the row number Excel shows (the header is row 1);
    None means the whole file. `code` becomes a sentence in dxtrainer.roster_messages."""

    path: str
    row: int | None
    code: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RosterRow:
    row: int
    staff_no: str
    name: str
    kana: str | None  # None: not given (no column or a blank cell), so left as it is
    department: tuple[str, ...]  # 部, 課, 係 names from the top
    role: Role | None  # None: the file has no role column, so roles are left as they are
    hired_on: date | None


@dataclass(frozen=True)
class RosterFile:
    path: str
    rows: tuple[RosterRow, ...]  # the good rows only
    problems: tuple[RosterProblem, ...]
    staff_numbers: frozenset[str] = frozenset()  # every number in the file, bad rows included
    encoding: str = ""  # "utf-8", "cp932", "utf-16" or "xlsx"

    @property
    def unreadable(self) -> bool:
        return any(p.row is None for p in self.problems)


@dataclass(frozen=True)
class FieldChange:
    """old → new, as text: roles as Role values, departments as 「部 › 課」, dates ISO."""

    field: RosterField
    old: str
    new: str


@dataclass(frozen=True)
class StaffAddition:
    row: int
    staff_no: str
    name: str
    kana: str
    department: str
    role: Role
    hired_on: date | None


@dataclass(frozen=True)
class StaffChange:
    row: int
    staff_id: int
    staff_no: str
    name: str
    changes: tuple[FieldChange, ...]

    @property
    def is_transfer(self) -> bool:
        return any(c.field is RosterField.DEPARTMENT for c in self.changes)

    @property
    def is_reactivation(self) -> bool:
        return any(c.field is RosterField.ACTIVE for c in self.changes)


@dataclass(frozen=True)
class StaffLeaver:
    staff_id: int
    staff_no: str
    name: str
    department: str


@dataclass(frozen=True)
class NewDepartment:
    code: str
    name: str
    path: str  # 「総務部 › 総務課」
    level: int  # 1 部, 2 課, 3 係


@dataclass(frozen=True)
class ImportPlan:
    path: str
    full_sync: bool
    rows: int  # data rows read, bad ones included
    to_add: tuple[StaffAddition, ...]
    to_change: tuple[StaffChange, ...]
    to_deactivate: tuple[StaffLeaver, ...]
    departments_to_create: tuple[NewDepartment, ...]
    errors: tuple[RosterProblem, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing would change (re-importing the same file)."""
        return not (self.to_add or self.to_change or self.to_deactivate
                    or self.departments_to_create)

    @property
    def file_errors(self) -> tuple[RosterProblem, ...]:
        """Problems with the whole file or the whole import (row None): never applied."""
        return tuple(p for p in self.errors if p.row is None)

    @property
    def row_errors(self) -> tuple[RosterProblem, ...]:
        return tuple(p for p in self.errors if p.row is not None)


@dataclass(frozen=True)
class ImportResult:
    """`applied` is False when nothing was written: a file error, or row errors without
    allow_errors (then `plan.errors` says why)."""

    applied: bool
    plan: ImportPlan
    added: int = 0
    changed: int = 0
    transferred: int = 0
    reactivated: int = 0
    deactivated: int = 0
    departments_created: int = 0
    skipped_rows: int = 0


# ---- reading --------------------------------------------------------------------------------

def read_roster(path: str | Path) -> RosterFile:
    """Read a roster (.csv in UTF-8, UTF-8 with BOM or Shift_JIS/CP932; .xlsx, first sheet).
    Never raises for a bad file: file problems have row None, row problems their row number."""
    name = str(path)
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix not in (".csv", ".txt", ".tsv", ".xlsx", ".xlsm"):
        return _failed(name, "unsupported-format", suffix=source.suffix or "-")
    if not source.is_file():
        return _failed(name, "file-not-found")
    try:
        if suffix in (".xlsx", ".xlsm"):
            table, encoding = _read_xlsx(source), "xlsx"
        else:
            decoded = _decode(source.read_bytes())
            if decoded is None:
                return _failed(name, "unreadable-encoding")
            text, encoding = decoded
            table = _read_csv(text)
    except Exception as exc:  # noqa: BLE001 - a damaged file is the user's problem, told as such
        return _failed(name, "unreadable", detail=str(exc) or type(exc).__name__)
    return _parse(name, table, encoding)


def _failed(path: str, code: str, **params: object) -> RosterFile:
    return RosterFile(path, (), (RosterProblem(path, None, code, params),))


def _decode(data: bytes) -> tuple[str, str] | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's 「Unicode テキスト」
        attempts = [("utf-16", "utf-16")]
    else:
        attempts = [("utf-8-sig", "utf-8"), ("cp932", "cp932")]
    for codec, label in attempts:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, label
    return None


def _read_csv(text: str) -> list[list[object]]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook  # imported here: only HR ever needs it

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers store wrong dimensions; read every row
        return [list(r) for r in sheet.iter_rows(min_row=1, values_only=True)]
    finally:
        book.close()


def _parse(path: str, table: list[list[object]], encoding: str) -> RosterFile:
    if all(_text(c) == "" for cells in table for c in cells):
        return _failed(path, "no-rows")
    missing, columns, header_index = _find_header(table)
    if missing:
        return _failed(path, "missing-columns", columns=missing)
    rows: list[RosterRow] = []
    problems: list[RosterProblem] = []
    first_row: dict[str, int] = {}
    for index in range(header_index + 1, len(table)):
        cells = table[index]
        if all(_text(c) == "" for c in cells):
            continue
        number = index + 1
        parsed, row_problems = _parse_row(path, number, cells, columns)
        staff_no = _staff_no(_cell(cells, columns.get(Column.STAFF_NO)))
        if staff_no:
            if staff_no in first_row:
                row_problems.insert(0, RosterProblem(path, number, "duplicate-staff-no",
                                                     {"staff_no": staff_no,
                                                      "first": first_row[staff_no]}))
            else:
                first_row[staff_no] = number
        if row_problems:
            problems.extend(row_problems)
        elif parsed is not None:
            rows.append(parsed)
    if not rows and not problems:
        return _failed(path, "no-rows")
    return RosterFile(path, tuple(rows), tuple(problems), frozenset(first_row), encoding)


def _find_header(table: list[list[object]]) -> tuple[tuple[str, ...], dict[Column, int], int]:
    """(missing required columns, column positions, header row index)."""
    best: tuple[tuple[str, ...], dict[Column, int], int] | None = None
    for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns: dict[Column, int] = {}
        for position, cell in enumerate(cells):
            column = _HEADERS.get(_header_key(_text(cell)))
            if column is not None and column not in columns:
                columns[column] = position
        missing = tuple(c.value for c in (Column.STAFF_NO, Column.NAME) if c not in columns)
        if not any(c in columns for c in (Column.DEPARTMENT, Column.DIVISION, Column.SECTION,
                                          Column.UNIT)):
            missing += (Column.DEPARTMENT.value,)
        if best is None or len(missing) < len(best[0]):
            best = (missing, columns, index)
        if not missing:
            break
    assert best is not None  # the caller checked that the table is not empty
    return best


def _parse_row(path: str, number: int, cells: list[object],
               columns: dict[Column, int]) -> tuple[RosterRow | None, list[RosterProblem]]:
    problems: list[RosterProblem] = []

    def problem(code: str, **params: object) -> None:
        problems.append(RosterProblem(path, number, code, params))

    staff_no = _staff_no(_cell(cells, columns.get(Column.STAFF_NO)))
    if not staff_no:
        problem("missing-staff-no")
    name = _person_name(_cell(cells, columns.get(Column.NAME)))
    if not name:
        problem("missing-name", staff_no=staff_no)
    kana = _kana(_cell(cells, columns.get(Column.KANA))) if Column.KANA in columns else ""
    role: Role | None = None
    if Column.ROLE in columns:
        raw_role = _text(_cell(cells, columns[Column.ROLE]))
        role = _ROLES.get(_header_key(raw_role))
        if role is None:
            problem("unknown-role", value=raw_role)
    if Column.DEPARTMENT in columns:
        department = tuple(s for s in _DEPT_SEPARATORS.split(
            _text(_cell(cells, columns[Column.DEPARTMENT]))) if s)
    else:
        department = tuple(t for t in (_text(_cell(cells, columns.get(c))) for c in (
            Column.DIVISION, Column.SECTION, Column.UNIT)) if t)
    if not department:
        problem("missing-department", staff_no=staff_no)
    elif len(department) > MAX_DEPTH:
        problem("department-too-deep", value=" › ".join(department), depth=MAX_DEPTH)
    hired_on = None
    if Column.HIRED_ON in columns:
        raw_date = _cell(cells, columns[Column.HIRED_ON])
        try:
            hired_on = _date(raw_date)
        except ValueError:
            problem("bad-date", value=_text(raw_date))
    if problems:
        return None, problems
    return RosterRow(number, staff_no, name, kana or None, department, role, hired_on), []


def _cell(cells: list[object], position: int | None) -> object:
    return cells[position] if position is not None and position < len(cells) else None


def _text(value: object) -> str:
    """A cell as one line of NFKC text with single spaces (full-width digits become ASCII)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def _staff_no(value: object) -> str:
    return "".join(_text(value).split())


def _person_name(value: object) -> str:
    """NFKC, except CJK compatibility ideographs: a name's 異体字 is the person's own."""
    raw = "" if value is None else str(value)
    parts = _CJK_COMPAT.split(raw)
    text = "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))
    return " ".join(text.split())


def _kana(value: object) -> str:
    """Katakana with single spaces (hiragana and half-width katakana are converted)."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" or c in "ゝゞ" else c
                   for c in _text(value))


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 <= value <= 80000:  # an Excel serial day
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = _text(value).lower()
    if not text:
        return None
    if len(text) == 8 and text.isdigit():
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    found = _DATE.fullmatch(text)
    if found:
        return date(int(found[1]), int(found[2]), int(found[3]))
    found = _ERA_DATE.fullmatch(text)
    if found:
        year = _ERAS[found[1]] + (1 if found[2] == "元" else int(found[2]))
        return date(year, int(found[3]), int(found[4]))
    raise ValueError(text)


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

def _execute(session: Session, actions: _Actions, today: date) -> dict[str, int]:
    for dept in actions.created:
        row = Department(code=dept.code, name=dept.names[-1], level=dept.level, active=True,
                         parent_id=dept.parent.id if dept.parent else None, valid_from=today)
        session.add(row)
        session.flush()
        dept.id = row.id
    now = datetime.now()
    added = [Staff(staff_no=entry.staff_no, name=entry.name, kana=entry.kana or "",
                   department_id=dept.id, role=(entry.role or Role.LEARNER).value, active=True,
                   created_at=now, hired_on=entry.hired_on) for entry, dept in actions.adds]
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
            "deactivated": len(actions.leavers), "departments_created": len(actions.created)}


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
            plan, actions = _plan(s, roster, full_sync)
            if plan.file_errors or (plan.row_errors and not allow_errors):
                return ImportResult(False, plan)
            counts = _execute(s, actions, today)
            if not plan.is_empty:
                organisation.after_transfers(s, today)
                bump_roster_version(s)
            skipped = len({p.row for p in plan.row_errors})
            log_access(s, user, "roster-import", detail=(  # the command line logs no actor
                f"{Path(roster.path).name[:200]}: full_sync={full_sync} "
                + " ".join(f"{k}={v}" for k, v in counts.items())
                + f" skipped_rows={skipped}"))
        return ImportResult(True, plan, skipped_rows=skipped, **counts)
