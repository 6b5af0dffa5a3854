"""Reading a staff roster (CSV or Excel, as HR keeps it) into rows and problems; never raises."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from dxtrainer.services.os_account import normalise_os_account
from dxtrainer.services.records import Role

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
    OS_ACCOUNT = "os_account"  # Windows account, for 「このPCのアカウントで続ける」


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
    Column.OS_ACCOUNT: ("Windowsアカウント", "Windowsユーザー", "Windowsユーザー名", "ログオン名",
                        "os_account", "windows account"),
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
    os_account: str | None = None  # None: not given, so left as it is; "" clears it


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
    os_account = None
    if Column.OS_ACCOUNT in columns:
        os_account = normalise_os_account(_text(_cell(cells, columns[Column.OS_ACCOUNT])))
    if problems:
        return None, problems
    return RosterRow(number, staff_no, name, kana or None, department, role, hired_on,
                     os_account), []


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
