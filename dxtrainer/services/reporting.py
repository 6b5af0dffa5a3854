"""Department literacy dashboards, computed from the roll-ups (never a scan of the answers).

Definitions (DESIGN.md): participation = staff with an answer in the period ÷ active staff at the
period's end; average score = mean of each person's best attempt per quiz in the period;
completion = completed lessons ÷ (staff × lessons), by each person's current department, with
the change being the lessons completed during the period; mastery = questions whose latest
answer is right ÷ (staff × questions). Groups under the minimum size are suppressed, and so is
a sibling that would reveal a suppressed one by subtraction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import (
    Membership,
    Meta,
    PersonCategoryRollup,
    PersonPeriod,
    PersonQuizBest,
    Staff,
)
from dxtrainer.domain.content import Category, ContentIndex
from dxtrainer.domain.periods import Period
from dxtrainer.services.content_sync import needs_retake
from dxtrainer.services.dashboard_builder import DashboardBuilder
from dxtrainer.services.groups import (  # both may also be imported from here
    hidden_groups,  # noqa: F401
    min_group_size,
)
from dxtrainer.services.organisation import allowed_root, load_tree, log_access, require_hr
from dxtrainer.services.records import CurrentUser
from dxtrainer.services.report_records import Dashboard, StaffProgressRow


def roster_version(session: Session) -> str:
    row = session.get(Meta, "roster_version")
    return row.value if row else "0"


def bump_roster_version(session: Session) -> None:
    row = session.get(Meta, "roster_version")
    if row is None:
        session.add(Meta(key="roster_version", value="1"))
    else:
        row.value = str(int(row.value) + 1)


class StaffCounter:
    """Active staff per department on a given day, from the membership history (cached per
    roster version, so dashboards do not recount 10,000 people on every refresh)."""

    def __init__(self) -> None:
        self._version: str | None = None
        self._rows: list[tuple[int, date, date | None, date | None]] = []
        self._cache: dict[date, Counter[int]] = {}

    def counts(self, session: Session, day: date) -> Counter[int]:
        version = roster_version(session)
        if version != self._version:
            self._rows = [
                (d, f, t, left) for d, f, t, left in session.execute(
                    select(Membership.department_id, Membership.valid_from, Membership.valid_to,
                           Staff.left_on).join(Staff, Staff.id == Membership.staff_id))
            ]
            self._version = version
            self._cache = {}
        if day not in self._cache:
            counter: Counter[int] = Counter()
            for dept, start, end, left in self._rows:
                if start <= day and (end is None or end > day) and (left is None or left > day):
                    counter[dept] += 1
            self._cache[day] = counter
        return self._cache[day]


class ReportingService:
    def __init__(self, sessions: sessionmaker[Session], index_source,  # noqa: ANN001
                 assignments=None, gains=None) -> None:  # noqa: ANN001
        self._sessions = sessions
        self._gains = gains  # a LearningGainService, for 学習効果
        self._index_source = index_source
        self._counter = StaffCounter()
        self._assignments = assignments  # an AssignmentService, for the assignment tiles

    @property
    def index(self) -> ContentIndex:
        return self._index_source()

    def dashboard(self, user: CurrentUser, period: Period, department_id: int | None = None,
                  category: Category | None = None, today: date | None = None,
                  course_id: str | None = None) -> Dashboard:
        """`course_id`: completion, mastery and scores over that course's lessons only, and
        participation and answers over its quizzes and 事前・事後テスト."""
        today = today or date.today()
        course = self.index.course(course_id) if course_id else None
        with self._sessions() as s:
            root = allowed_root(s, user, department_id)
            tree = load_tree(s)
            minimum = min_group_size(s)
            board = DashboardBuilder(s, tree, root, period, category, today, minimum, self.index,
                             self._counter, course).build()
        if course is not None:
            board = replace(board, course_id=course.id, course_title=course.title)
        if self._assignments is not None:
            stats = self._assignments.stats(user, department_id, today)
            board = replace(board, assignments=tuple(stats))
        if self._gains is not None:
            board = replace(board, learning_gain=tuple(self._gains.gains(user, course_id,
                                                                          department_id)))
        return board


    def visible_departments(self, user: CurrentUser) -> list[tuple[int | None, str, int]]:
        """(id, path, depth) of what `user` may choose: HR the whole tree with 全庁 (None)
        first, a manager their own subtree. Abolished units are left out."""
        with self._sessions() as s:
            root = allowed_root(s, user, None)
            tree = load_tree(s)
        out: list[tuple[int | None, str, int]] = [] if root is not None else [(None, "", 0)]

        def walk(node: int, depth: int) -> None:
            if tree.nodes[node].active:
                out.append((node, tree.path(node), depth))
                for child in tree.children.get(node, ()):
                    walk(child, depth + 1)

        for top in ([root] if root is not None else tree.children.get(None, ())):
            walk(top, 1)
        return out

    def staff_progress(self, user: CurrentUser, department_id: int | None,
                       period: Period) -> list[StaffProgressRow]:
        """Each person in a department subtree with their progress. HR admins only; every
        opening is written to the access log."""
        require_hr(user)
        index = self.index
        lessons = len(index.lessons)
        questions = sum(len(q.questions) for q in index.quizzes)
        with self._sessions.begin() as s:
            tree = load_tree(s)
            scope = tree.subtree(department_id)
            log_access(s, user, "staff-list", department_id=department_id,
                       detail=period.key)
            people = list(s.execute(select(Staff).where(Staff.active.is_(True),
                                                        Staff.department_id.in_(scope))).scalars())
            ids = [p.id for p in people]
            sums: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
            for sid, done, mastered in s.execute(
                    select(PersonCategoryRollup.staff_id,
                           func.sum(PersonCategoryRollup.lessons_completed),
                           func.sum(PersonCategoryRollup.mastered))
                    .where(PersonCategoryRollup.staff_id.in_(ids))
                    .group_by(PersonCategoryRollup.staff_id)):
                sums[sid] = [int(done or 0), int(mastered or 0)]
            activity = {r.staff_id: r for r in s.scalars(select(PersonPeriod).where(
                PersonPeriod.period_key == period.key, PersonPeriod.staff_id.in_(ids)))}
            retakes = Counter(staff_id for staff_id, _lesson in s.execute(needs_retake(ids)))
            last = dict(s.execute(select(PersonQuizBest.staff_id, func.max(PersonQuizBest.last_at))
                                  .where(PersonQuizBest.staff_id.in_(ids))
                                  .group_by(PersonQuizBest.staff_id)).all())
            rows = []
            for p in people:
                act = activity.get(p.id)
                rows.append(StaffProgressRow(
                    p.id, p.staff_no, p.name, tree.path(p.department_id) if p.department_id
                    else "", p.role, min(sums[p.id][0] / lessons, 1.0) if lessons else 0.0,
                    min(sums[p.id][1] / questions, 1.0) if questions else 0.0,
                    act.best_sum / act.best_count if act and act.best_count else None,
                    act.answers if act else 0,
                    last[p.id].date() if p.id in last and last[p.id] else None,
                    retakes[p.id]))
            return sorted(rows, key=lambda r: (r.department, r.staff_no))
