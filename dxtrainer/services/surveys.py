"""研修アンケート: an optional survey at the end of a course, stored without the person.

A response keeps only course, department and month; a separate mark records that the person
answered (or declined), so nobody is asked twice. Both are written in one transaction. So that
no order links the two tables, the answering transaction rewrites its whole group of responses
(same course, department and month) in a shuffled order with fresh random ids: SQLite keeps the
rows in id order (WITHOUT ROWID), PostgreSQL in the order written, and on PostgreSQL every row of
the group then carries the same writing transaction (xmin), the last answerer's, whom the mark
table already shows as having answered. Writers take one lock row first, so two answers in the
same group cannot rewrite it from the same stale copy.

HR sees the distribution per course and department, and the comments; a manager sees only their
subtree's aggregates. Groups with fewer responses than the organisation's minimum group size
are suppressed, with the same subtraction rule as the dashboards (reporting.hidden_groups).
"""

from __future__ import annotations

import csv
import io
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Certificate, Meta, Staff, SurveyMark, SurveyResponse
from dxtrainer.db.upsert import dialect_insert
from dxtrainer.domain.content import ContentIndex
from dxtrainer.i18n import _
from dxtrainer.services import units
from dxtrainer.services.certificates import course_completed
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import allowed_root, load_tree, log_access, require_hr
from dxtrainer.services.records import CurrentUser
from dxtrainer.services.reporting import hidden_groups, min_group_size

LEVELS = (1, 2, 3, 4, 5)
MAX_COMMENT = 2000
LOCK_KEY = "survey_lock"


@dataclass(frozen=True)
class SurveyGroup:
    """One department's (or the whole scope's) answers; None figures when suppressed."""

    department_id: int | None
    name: str
    responses: int | None
    satisfaction: tuple[int, ...] | None  # how many chose 1..5
    usefulness: tuple[int, ...] | None
    suppressed: bool

    @staticmethod
    def mean(counts: tuple[int, ...] | None) -> float | None:
        if not counts or not sum(counts):
            return None
        return sum(level * n for level, n in zip(LEVELS, counts, strict=True)) / sum(counts)


@dataclass(frozen=True)
class SurveyResults:
    course_id: str
    course_title: str
    scope_id: int | None
    scope_name: str  # "" for the whole organisation
    total: SurveyGroup
    departments: tuple[SurveyGroup, ...]
    min_group: int


class SurveyService:
    def __init__(self, sessions: sessionmaker[Session],
                 index_source: Callable[[], ContentIndex]) -> None:
        self._sessions = sessions
        self._index_source = index_source

    @property
    def index(self) -> ContentIndex:
        return self._index_source()

    # ---- the learner ---------------------------------------------------------------------

    def pending(self, user: CurrentUser) -> list[str]:
        """Course ids whose survey `user` may answer now: completed (or certified) and not yet
        answered or declined."""
        index = self.index
        with self._sessions() as s:
            marked = set(s.scalars(select(SurveyMark.course_id)
                                   .where(SurveyMark.staff_id == user.staff_id)))
            certified = set(s.scalars(select(Certificate.course_id)
                                      .where(Certificate.staff_id == user.staff_id)))
            return [c.id for c in index.courses if c.id not in marked and (
                c.id in certified or course_completed(s, user.staff_id, c, index))]

    def answer(self, user: CurrentUser, course_id: str, satisfaction: int | None,
               usefulness: int | None, comment: str = "", today: date | None = None) -> None:
        """Store an answer (any part may be left out) and the mark, in one transaction. With
        nothing given it is the same as `decline`. Raises ServiceError("survey-not-open",
        "survey-answered", "survey-bad-level")."""
        for level in (satisfaction, usefulness):
            if level is not None and level not in LEVELS:
                raise ServiceError("survey-bad-level")
        text = comment.strip()[:MAX_COMMENT]
        month = (today or date.today()).strftime("%Y-%m")
        empty = satisfaction is None and usefulness is None and not text
        self._check_open(user, course_id)

        def work(s: Session) -> None:
            self._mark(s, user, course_id)
            if not empty:
                department = s.scalar(select(Staff.department_id)
                                      .where(Staff.id == user.staff_id))
                _add_shuffled(s, course_id, department, month, {
                    "satisfaction": satisfaction, "usefulness": usefulness, "comment": text})

        units.run(self._sessions, work)

    def decline(self, user: CurrentUser, course_id: str) -> None:
        """「回答しない」: only the mark, so the survey is not offered again."""
        self._check_open(user, course_id)
        units.run(self._sessions, lambda s: self._mark(s, user, course_id))

    def _check_open(self, user: CurrentUser, course_id: str) -> None:
        if course_id not in self.pending(user):
            with self._sessions() as s:
                answered = s.get(SurveyMark, (user.staff_id, course_id)) is not None
            raise ServiceError("survey-answered" if answered else "survey-not-open")

    @staticmethod
    def _mark(s: Session, user: CurrentUser, course_id: str) -> None:
        _lock(s)
        if s.get(SurveyMark, (user.staff_id, course_id)) is not None:
            raise ServiceError("survey-answered")
        s.add(SurveyMark(staff_id=user.staff_id, course_id=course_id))
        s.flush()

    # ---- HR and managers -----------------------------------------------------------------

    def results(self, user: CurrentUser, course_id: str,
                department_id: int | None = None) -> SurveyResults:
        """The distribution for one course: HR anywhere, a manager within their subtree (their
        own department when none is named). Raises AccessDenied."""
        course = self.index.course(course_id)
        title = course.title if course else course_id
        with self._sessions() as s:
            root = allowed_root(s, user, department_id)
            tree = load_tree(s)
            minimum = min_group_size(s)
            rows = s.execute(select(SurveyResponse.department_id, SurveyResponse.satisfaction,
                                    SurveyResponse.usefulness)
                             .where(SurveyResponse.course_id == course_id)).all()
        scope = set(tree.subtree(root))

        def group(dept: int | None, name: str, ids: set[int], hide: bool) -> SurveyGroup:
            mine = [r for r in rows if (root is None and dept is None) or r[0] in ids]
            sat, use = [0] * 5, [0] * 5
            for _d, a, b in mine:
                if a in LEVELS:
                    sat[a - 1] += 1
                if b in LEVELS:
                    use[b - 1] += 1
            if hide:
                return SurveyGroup(dept, name, None, None, None, True)
            return SurveyGroup(dept, name, len(mine), tuple(sat), tuple(use), False)

        in_scope = [r for r in rows if root is None or r[0] in scope]
        total = group(root, tree.path(root) if root is not None else "", scope,
                      len(in_scope) < minimum)
        children = list(tree.children.get(root, ()))
        groups = {c: set(tree.subtree(c)) for c in children}
        sizes = {c: sum(1 for r in rows if r[0] in ids) for c, ids in groups.items()}
        groups = {c: ids for c, ids in groups.items() if sizes[c] or tree.nodes[c].active}
        hidden = hidden_groups({c: sizes[c] for c in groups}, minimum)
        if total.suppressed:
            hidden = set(groups)
        departments = tuple(group(c, tree.nodes[c].name, ids, c in hidden)
                            for c, ids in groups.items())
        return SurveyResults(course_id, title, root,
                             tree.path(root) if root is not None else "", total, departments,
                             minimum)

    def comments_csv(self, user: CurrentUser, course_id: str | None = None) -> bytes:
        """HR only: the free-text comments (UTF-8 with BOM), by course, month and department;
        a department with fewer responses than the minimum group is left blank. Logged."""
        require_hr(user)
        index = self.index
        with self._sessions.begin() as s:
            tree = load_tree(s)
            minimum = min_group_size(s)
            stmt = select(SurveyResponse.course_id, SurveyResponse.department_id,
                          SurveyResponse.month, SurveyResponse.comment)
            if course_id is not None:
                stmt = stmt.where(SurveyResponse.course_id == course_id)
            rows = s.execute(stmt).all()
            log_access(s, user, "export-survey-comments", detail=f"course={course_id or ''}")
        sizes: dict[tuple[str, int | None], int] = {}
        for course, dept, _month, _text in rows:
            sizes[(course, dept)] = sizes.get((course, dept), 0) + 1
        out = []
        for course, dept, month, text in rows:
            if not text:
                continue
            known = course_title(index, course)
            shown = (tree.path(dept) if dept in tree.nodes and sizes[(course, dept)] >= minimum
                     else "—")
            out.append((known, month, shown, text))
        out.sort()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow((_("コース"), _("回答月"), _("所属"), _("コメント")))
        writer.writerows(out)
        return buffer.getvalue().encode("utf-8-sig")


def course_title(index: ContentIndex, course_id: str) -> str:
    course = index.course(course_id)
    return course.title if course else course_id


def _lock(s: Session) -> None:
    """Serialise survey writers on one row (PostgreSQL); SQLite has one writer anyway."""
    s.execute(dialect_insert(s.get_bind().dialect.name)(Meta)
              .values(key=LOCK_KEY, value="1").on_conflict_do_nothing())
    s.scalar(select(Meta.value).where(Meta.key == LOCK_KEY).with_for_update())


def _add_shuffled(s: Session, course_id: str, department: int | None, month: str,
                  new: dict[str, str | int | None]) -> None:
    """Rewrite the group with the new answer in a random order and with new random ids."""
    where = [SurveyResponse.course_id == course_id, SurveyResponse.month == month,
             SurveyResponse.department_id.is_(None) if department is None
             else SurveyResponse.department_id == department]
    group: list[dict[str, str | int | None]] = [
        {"satisfaction": a, "usefulness": b, "comment": c} for a, b, c in s.execute(
        select(SurveyResponse.satisfaction, SurveyResponse.usefulness, SurveyResponse.comment)
        .where(*where))]
    group.append(new)
    random.SystemRandom().shuffle(group)
    s.execute(delete(SurveyResponse).where(*where))
    s.execute(insert(SurveyResponse), [
        {"id": str(uuid.uuid4()), "course_id": course_id, "department_id": department,
         "month": month, **row} for row in group])
