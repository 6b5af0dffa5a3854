"""Personal data as 改正個人情報保護法 expects of a 自治体 (in force for them since 2023-04):
everything held about one person for a 開示請求, the access log for HR, and anonymising leavers
after a retention period (aggregates kept, identity removed). HR only, every use logged."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, inspect, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from dxtrainer.db.meta import set_meta
from dxtrainer.db.models import (
    AccessLog,
    Answer,
    Attempt,
    Certificate,
    Department,
    LessonCompletion,
    LessonVisit,
    Membership,
    Meta,
    ReviewAnswer,
    ReviewCard,
    Staff,
    SurveyMark,
)
from dxtrainer.db.transactions import lock_organisation
from dxtrainer.i18n import _
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import log_access, require_hr
from dxtrainer.services.records import CurrentUser

PERSON_FORMAT = "dxtrainer-person/1"
DEFAULT_RETENTION_YEARS = 5
ANONYMOUS_NAME = "(匿名化済み)"
# Secrets are never disclosed, only whether one is set.
_SECRET_COLUMNS = {"credential", "code_hash"}
# Records that belong to one person, by their staff_id column, in the order they are listed.
_PERSONAL_RECORDS: tuple[tuple[str, Any], ...] = (
    ("memberships", Membership), ("lesson_visits", LessonVisit),
    ("lesson_completions", LessonCompletion), ("attempts", Attempt), ("answers", Answer),
    ("review_answers", ReviewAnswer), ("review_cards", ReviewCard),
    ("certificates", Certificate), ("survey_marks", SurveyMark))


@dataclass(frozen=True)
class AccessLogRow:
    at: datetime
    actor: str  # 「山田 花子(D0001)」, or 「コマンドライン」 as a code: "" means the command line
    action: str
    target: str
    department: str
    detail: str


@dataclass(frozen=True)
class Leaver:
    staff_id: int
    staff_no: str
    name: str
    left_on: date


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row_dict(row: Any) -> dict[str, object]:
    out: dict[str, object] = {}
    for column in inspect(type(row)).columns:
        value = getattr(row, column.key)
        if column.key in _SECRET_COLUMNS:
            out[f"{column.key}_set"] = value is not None
        else:
            out[column.key] = _plain(value)
    return out


class PersonalDataService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def export_person(self, user: CurrentUser, staff_no: str) -> dict[str, object]:
        """Everything held about the person with this 職員番号 (for a 開示請求), logged.
        Anonymous survey responses cannot be told apart by person and are not included; the
        survey marks say which courses' surveys the person answered or declined."""
        require_hr(user)
        with self._sessions.begin() as s:
            staff = s.scalar(select(Staff).where(Staff.staff_no == staff_no.strip()))
            if staff is None:
                raise ServiceError("unknown-staff-no", staff_no=staff_no)
            result: dict[str, object] = {
                "format": PERSON_FORMAT, "generated": datetime.now().isoformat(timespec="seconds"),
                "staff": _row_dict(staff),
                "department": s.scalar(select(Department.name)
                                       .where(Department.id == staff.department_id)),
            }
            for key, model in _PERSONAL_RECORDS:
                result[key] = [_row_dict(r) for r in s.scalars(
                    select(model).where(model.staff_id == staff.id))]
            result["access_log"] = [_row_dict(r) for r in s.scalars(
                select(AccessLog).where(or_(AccessLog.target_staff_id == staff.id,
                                            AccessLog.actor_id == staff.id))
                .order_by(AccessLog.at))]
            log_access(s, user, "export-person", staff_id=staff.id,
                       department_id=staff.department_id)
        return result

    def access_log(self, user: CurrentUser, since: date | None = None,
                   until: date | None = None, limit: int = 5000) -> list[AccessLogRow]:
        """The newest entries first: who opened whose record, issued codes, exported, changed
        settings. Reading it is itself logged."""
        require_hr(user)
        actor, target = aliased(Staff), aliased(Staff)
        query: Select = (select(AccessLog, actor.name, actor.staff_no, target.name,
                                target.staff_no, Department.name)
                         .outerjoin(actor, actor.id == AccessLog.actor_id)
                         .outerjoin(target, target.id == AccessLog.target_staff_id)
                         .outerjoin(Department, Department.id == AccessLog.department_id)
                         .order_by(AccessLog.at.desc(), AccessLog.id.desc()).limit(limit))
        if since is not None:
            query = query.where(AccessLog.at >= datetime.combine(since, datetime.min.time()))
        if until is not None:
            query = query.where(AccessLog.at < datetime.combine(until, datetime.min.time()))
        with self._sessions.begin() as s:
            rows = [AccessLogRow(entry.at, _who(a_name, a_no), entry.action, _who(t_name, t_no),
                                 dept or "", entry.detail)
                    for entry, a_name, a_no, t_name, t_no, dept in s.execute(query)]
            log_access(s, user, "read-access-log")
        return rows

    # -- retention ----------------------------------------------------------------------------

    def retention_years(self) -> int:
        with self._sessions() as s:
            row = s.get(Meta, "retention_years")
        try:
            return max(1, int(row.value)) if row else DEFAULT_RETENTION_YEARS
        except ValueError:
            return DEFAULT_RETENTION_YEARS

    def set_retention_years(self, user: CurrentUser, years: int) -> None:
        require_hr(user)
        if not 1 <= years <= 100:
            raise ServiceError("bad-retention-years")
        with self._sessions.begin() as s:
            set_meta(s, "retention_years", str(years))
            log_access(s, user, "retention-setting", detail=f"years={years}")

    def leavers_past_retention(self, user: CurrentUser, today: date | None = None
                               ) -> list[Leaver]:
        """The preview: people who left more than the retention period ago, not yet anonymised."""
        require_hr(user)
        cutoff = _years_before(today or date.today(), self.retention_years())
        with self._sessions() as s:
            return [Leaver(st.id, st.staff_no, st.name, st.left_on) for st in s.scalars(
                select(Staff).where(*_past_retention(cutoff)).order_by(Staff.left_on))
                    if st.left_on is not None]

    def anonymise_leavers(self, user: CurrentUser, staff_ids: list[int],
                          today: date | None = None) -> int:
        """Remove the identity of the previewed leavers (only those still past the period):
        name, kana, 職員番号 (replaced by a random one), Windows account and secrets. Their
        answers and completions stay, so every aggregate stays as it was. Logged per person."""
        require_hr(user)
        cutoff = _years_before(today or date.today(), self.retention_years())
        done = 0
        with self._sessions.begin() as s:
            lock_organisation(s)  # on two HR PCs at once: each person once, logged once
            due = set(s.scalars(select(Staff.id).where(*_past_retention(cutoff))))
            for staff_id in staff_ids:
                if staff_id not in due:
                    continue
                staff = s.get(Staff, staff_id)
                if staff is None:
                    continue
                staff.name = ANONYMOUS_NAME
                staff.kana = ""
                staff.staff_no = f"anon-{uuid.uuid4().hex[:12]}"
                staff.os_account = None
                staff.credential = None
                staff.code_hash = None
                staff.code_expires_at = None
                staff.active = False
                log_access(s, user, "anonymise", staff_id=staff_id)
                done += 1
        return done


def _past_retention(cutoff: date) -> tuple[ColumnElement[bool], ...]:
    """Left before `cutoff` and not anonymised yet."""
    return (Staff.left_on.is_not(None), Staff.left_on < cutoff, Staff.name != ANONYMOUS_NAME)


def _who(name: str | None, staff_no: str | None) -> str:
    return f"{name}({staff_no})" if name else ""


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def access_log_csv(rows: list[AccessLogRow]) -> bytes:
    """UTF-8 with a BOM (for Excel), like every other export."""
    from dxtrainer.messages import access_action_name

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("日時"), _("操作した人"), _("操作"), _("対象の職員"), _("所属"), _("詳細")])
    for r in rows:
        writer.writerow([r.at.strftime("%Y/%m/%d %H:%M:%S"), r.actor or _("コマンドライン"),
                         access_action_name(r.action), r.target, r.department, r.detail])
    return out.getvalue().encode("utf-8-sig")
