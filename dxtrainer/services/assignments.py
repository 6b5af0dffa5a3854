"""Required training (必修研修): HR assigns lessons to a group with a deadline; learners see
theirs on Home; HR and managers see who has not finished (未修了者一覧) for reminders (督促).
A lesson left out of statistics for a bad field is required of nobody until it is fixed.
An assignment may name a course (`course_id`): then it requires the course's lessons, in course
order, and its 事後テスト passed (course_progress.course_completed's rule)."""

from __future__ import annotations

import builtins
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Assignment, LessonCompletion, Staff
from dxtrainer.domain.content import ContentIndex, Course
from dxtrainer.services import course_progress
from dxtrainer.services.content_sync import completion_is_current
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import (
    Tree,
    allowed_root,
    load_tree,
    log_access,
    require_hr,
)
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.report_records import AssignmentStat


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    title: str
    lesson_ids: tuple[str, ...]
    department_id: int | None
    department: str  # 「全庁」 is the UI's word for None
    role: str | None
    hired_after: date | None
    deadline: date
    course_id: str | None = None  # a course: its lessons and its 事後テスト


@dataclass(frozen=True)
class MyAssignment:
    id: int
    title: str
    deadline: date
    lessons: tuple[str, ...]
    completed: int
    overdue: bool
    course_id: str | None = None
    post_passed: bool = False  # a course's 事後テスト (always False without a course)

    @property
    def done(self) -> bool:
        return self.completed >= len(self.lessons) and (
            self.course_id is None or self.post_passed)


@dataclass(frozen=True)
class OutstandingRow:
    staff_id: int
    staff_no: str
    name: str
    department: str
    remaining: tuple[str, ...]  # lesson titles not yet completed
    overdue: bool
    post_test: bool = False  # a course's 事後テスト is still to be passed


@dataclass(frozen=True)
class ReminderList:
    """督促 for one 必修研修: who in the viewer's part of the organisation has not finished.
    Names and status only, never scores; not suppressed for small groups, by design."""

    info: AssignmentInfo
    targeted: int
    rows: tuple[OutstandingRow, ...]


class AssignmentService:
    def __init__(self, sessions: sessionmaker[Session], index_source) -> None:  # noqa: ANN001
        self._sessions = sessions
        self._index_source = index_source

    @property
    def index(self) -> ContentIndex:
        return self._index_source()

    def create(self, user: CurrentUser, title: str, lesson_ids: list[str], deadline: date, *,
               department_id: int | None = None, role: str | None = None,
               hired_after: date | None = None, course_id: str | None = None) -> AssignmentInfo:
        """A 必修研修 of lessons, or of a course (`course_id`; `lesson_ids` is then ignored and
        the course's lessons are stored, in course order, for older app versions to read)."""
        require_hr(user)
        if course_id is not None:
            course = self.index.course(course_id)
            if course is None:
                raise ServiceError("assignment-incomplete")
            lesson_ids = list(course.lesson_ids)
        known = {lesson.id for lesson in self.index.lessons}
        lessons = [x for x in dict.fromkeys(lesson_ids) if x in known]
        if not title.strip() or not lessons:
            raise ServiceError("assignment-incomplete")
        if role is not None:
            Role(role)
        with self._sessions.begin() as s:
            row = Assignment(title=title.strip(), lesson_ids=lessons, course_id=course_id,
                             department_id=department_id,
                             role=role, hired_after=hired_after, deadline=deadline,
                             created_by=user.staff_id or None, created_at=datetime.now(),
                             active=True)
            s.add(row)
            s.flush()
            return self._info(load_tree(s), row)

    def remove(self, user: CurrentUser, assignment_id: int) -> None:
        """Withdraw an assignment (kept in the table, no longer shown)."""
        require_hr(user)
        with self._sessions.begin() as s:
            row = s.get(Assignment, assignment_id)
            if row is not None:
                row.active = False

    def restore(self, user: CurrentUser, assignment_id: int) -> None:
        """Undo `remove`."""
        require_hr(user)
        with self._sessions.begin() as s:
            row = s.get(Assignment, assignment_id)
            if row is not None:
                row.active = True

    def list(self, user: CurrentUser) -> list[AssignmentInfo]:
        with self._sessions() as s:
            allowed_root(s, user, None)
            rows = s.scalars(select(Assignment).where(Assignment.active.is_(True))
                             .order_by(Assignment.deadline)).all()
            tree = load_tree(s)  # once for the whole list
            return [self._info(tree, r) for r in rows]

    def _info(self, tree: Tree, row: Assignment) -> AssignmentInfo:
        return AssignmentInfo(row.id, row.title, tuple(row.lesson_ids), row.department_id,
                              tree.path(row.department_id) if row.department_id else "",
                              row.role, row.hired_after, row.deadline, row.course_id)

    # ---- who is targeted, who has finished ----------------------------------------------

    def _course(self, row: Assignment) -> Course | None:
        return self.index.course(row.course_id) if row.course_id else None

    def _required(self, row: Assignment) -> builtins.list[str]:
        """The assignment's lessons that count: one with a bad field is left out until fixed.
        A course's lessons are read from the course as it is now (in course order)."""
        uncounted = {lesson.id for lesson in self.index.uncounted}
        course = self._course(row)
        lessons = course.lesson_ids if course is not None else row.lesson_ids
        return [x for x in lessons if x not in uncounted]

    def _passed(self, s: Session, row: Assignment,
                staff_ids: builtins.list[int]) -> set[int] | None:
        """Who passed the course's 事後テスト (None: the assignment is not a course)."""
        if not row.course_id:
            return None
        return course_progress.post_passed(s, staff_ids, row.course_id)

    def _complete(self, required: builtins.list[str], done: set[str],
                  passed: set[int] | None, staff_id: int) -> bool:
        return len(done) >= len(required) and (passed is None or staff_id in passed)

    def _targets(self, s: Session, row: Assignment,
                 scope: builtins.list[int] | None) -> builtins.list[Staff]:
        return list(s.scalars(self._target_filter(s, select(Staff), row, scope)))

    @staticmethod
    def _target_filter(s: Session, query: Select, row: Assignment,
                       scope: builtins.list[int] | None) -> Select:
        query = query.where(Staff.active.is_(True))
        if row.department_id is not None:
            query = query.where(Staff.department_id.in_(load_tree(s).subtree(row.department_id)))
        if scope is not None:
            query = query.where(Staff.department_id.in_(scope))
        if row.role:
            query = query.where(Staff.role == row.role)
        if row.hired_after:
            query = query.where(Staff.hired_on > row.hired_after)
        return query

    def _done_lessons(self, s: Session, row: Assignment,
                      staff_ids: builtins.list[int]) -> dict[int, set[str]]:
        done: dict[int, set[str]] = defaultdict(set)
        done.update(course_progress.completed_lessons(s, staff_ids, self._required(row)))
        return done

    def stats(self, user: CurrentUser, department_id: int | None = None,
              today: date | None = None) -> builtins.list[AssignmentStat]:
        today = today or date.today()
        with self._sessions() as s:
            root = allowed_root(s, user, department_id)
            scope = None if root is None else load_tree(s).subtree(root)
            out = []
            for row in s.scalars(select(Assignment).where(Assignment.active.is_(True))
                                 .order_by(Assignment.deadline)):
                total, complete = course_progress.count_complete(
                    s, self._target_filter(s, select(Staff.id), row, scope),
                    self._required(row), row.course_id)
                late = (total - complete) if today > row.deadline else 0
                out.append(AssignmentStat(row.id, row.title, row.deadline, total, complete,
                                          late))
            return out

    def outstanding(self, user: CurrentUser, assignment_id: int,
                    department_id: int | None = None,
                    today: date | None = None) -> builtins.list[OutstandingRow]:
        """未修了者一覧: targeted people who have not completed every lesson, by department.
        HR anywhere, a manager within their own subtree; every opening is logged."""
        today = today or date.today()
        with self._sessions.begin() as s:
            root = allowed_root(s, user, department_id)
            row = s.get(Assignment, assignment_id)
            if row is None:
                raise ServiceError("assignment-not-found")
            log_access(s, user, "outstanding-list", department_id=root,
                       detail=str(assignment_id))
            tree = load_tree(s)
            return self._outstanding(s, tree, row, None if root is None else tree.subtree(root),
                                     today)[1]

    def reminders(self, user: CurrentUser,
                  today: date | None = None) -> builtins.list[ReminderList]:
        """督促: for each 必修研修 that reaches the viewer's part of the organisation (a
        manager's own subtree, HR's whole organisation), who has not finished. Learners and
        trainers are refused. Every opening is logged, as HR's drill-down is."""
        today = today or date.today()
        with self._sessions.begin() as s:
            root = allowed_root(s, user, None)
            log_access(s, user, "outstanding-list", department_id=root, detail="reminders")
            tree = load_tree(s)
            scope = None if root is None else tree.subtree(root)
            out = []
            for row in s.scalars(select(Assignment).where(Assignment.active.is_(True))
                                 .order_by(Assignment.deadline, Assignment.id)):
                targeted, rows = self._outstanding(s, tree, row, scope, today)
                if targeted:
                    out.append(ReminderList(self._info(tree, row), targeted, tuple(rows)))
            return out

    def _outstanding(self, s: Session, tree: Tree, row: Assignment,
                     scope: builtins.list[int] | None,
                     today: date) -> tuple[int, builtins.list[OutstandingRow]]:
        titles = {lesson.id: lesson.title for lesson in self.index.lessons}
        required = self._required(row)
        people = self._targets(s, row, scope)
        ids = [p.id for p in people]
        done = self._done_lessons(s, row, ids)
        passed = self._passed(s, row, ids)
        out = [OutstandingRow(
            p.id, p.staff_no, p.name, tree.path(p.department_id) if p.department_id else "",
            tuple(titles.get(x, x) for x in required if x not in done[p.id]),
            today > row.deadline, passed is not None and p.id not in passed)
            for p in people if not self._complete(required, done[p.id], passed, p.id)]
        return len(people), sorted(out, key=lambda r: (r.department, r.staff_no))

    def mine(self, user: CurrentUser, today: date | None = None) -> builtins.list[MyAssignment]:
        """The learner's own assignments, soonest deadline first."""
        today = today or date.today()
        with self._sessions() as s:
            me = s.get(Staff, user.staff_id)
            if me is None:
                return []
            tree = load_tree(s)
            done = set(s.scalars(select(LessonCompletion.lesson_id)
                                 .where(LessonCompletion.staff_id == me.id,
                                        completion_is_current())))
            out = []
            for row in s.scalars(select(Assignment).where(Assignment.active.is_(True))
                                 .order_by(Assignment.deadline)):
                if row.department_id is not None and (
                        me.department_id not in tree.subtree(row.department_id)):
                    continue
                if row.role and me.role != row.role:
                    continue
                if row.hired_after and not (me.hired_on and me.hired_on > row.hired_after):
                    continue
                required = self._required(row)
                count = sum(1 for x in required if x in done)
                passed = self._passed(s, row, [me.id])
                complete = self._complete(required, {x for x in required if x in done}, passed,
                                          me.id)
                out.append(MyAssignment(row.id, row.title, row.deadline, tuple(required),
                                        count, today > row.deadline and not complete,
                                        row.course_id, bool(passed and me.id in passed)))
            return out


def count_overdue(stats: list[AssignmentStat]) -> int:
    return sum(s.overdue for s in stats)

