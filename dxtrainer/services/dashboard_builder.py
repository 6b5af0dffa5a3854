"""One dashboard's figures from the roll-ups (ReportingService.dashboard builds one per call):
KPIs with their previous period, departments and the heatmap, the monthly trend and the score
distribution; with a course chosen, over its lessons and quizzes (course_figures.py). Groups under
the minimum size come back as None (groups.hidden_groups)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from dxtrainer.db.models import (
    DeptCategory,
    DeptPeriod,
    PersonPeriod,
    Staff,
)
from dxtrainer.domain.content import CATEGORY_ORDER, Category, ContentIndex, Course
from dxtrainer.domain.periods import Period, PeriodKind, period_label, period_of
from dxtrainer.services import course_figures
from dxtrainer.services.content_sync import needs_retake
from dxtrainer.services.groups import hidden_groups
from dxtrainer.services.organisation import Tree
from dxtrainer.services.report_records import (
    Dashboard,
    DepartmentRow,
    HeatRow,
    Kpi,
    TrendPoint,
)

if TYPE_CHECKING:
    from dxtrainer.services.reporting import StaffCounter


def _retakes(s: Session, category: Category | None) -> dict[int, Counter[int]]:
    """Department -> {staff id: lessons 要再受講} over active staff (by today's department)."""
    per_person = Counter(staff_id for staff_id, _lesson in s.execute(
        needs_retake(category=category.value if category else None)))
    out: dict[int, Counter[int]] = defaultdict(Counter)
    if per_person:
        for staff_id, department in s.execute(
                select(Staff.id, Staff.department_id).where(
                    Staff.id.in_(list(per_person)), Staff.active.is_(True),
                    Staff.department_id.is_not(None))):
            if department is not None:
                out[department][staff_id] = per_person[staff_id]
    return out


class DashboardBuilder:
    """One dashboard computation (a helper object so that the steps can share their inputs)."""

    def __init__(self, s: Session, tree: Tree, root: int | None, period: Period,
                 category: Category | None, today: date, minimum: int, index: ContentIndex,
                 counter: StaffCounter, course: Course | None = None) -> None:
        self.s, self.tree, self.root, self.period = s, tree, root, period
        self.category, self.today, self.minimum, self.index = category, today, minimum, index
        self.counter = counter
        self.previous = period.previous()
        self.trend_periods = [m for m in period_of(PeriodKind.FISCAL_YEAR, period.start).months()
                              if m.start <= today]
        keys = {period.key, self.previous.key, *(m.key for m in self.trend_periods)}
        self.rows: dict[str, dict[int, DeptPeriod]] = defaultdict(dict)
        for row in s.scalars(select(DeptPeriod).where(DeptPeriod.period_key.in_(keys))):
            self.rows[row.period_key][row.department_id] = row
        self.mastery: dict[int, dict[str, DeptCategory]] = defaultdict(dict)
        for cat_row in s.scalars(select(DeptCategory)):
            self.mastery[cat_row.department_id][cat_row.category] = cat_row
        cats = [category] if category else list(CATEGORY_ORDER)
        self.categories = cats
        self.lessons = Counter(lesson.category for lesson in index.lessons)
        self.questions: Counter = Counter()
        for quiz in index.quizzes:
            lesson = index.lesson(quiz.lesson_id)
            if lesson is not None:
                self.questions[lesson.category] += len(quiz.questions)
        self.now_counts = counter.counts(s, today)
        self.course = course
        self.course_bests: dict[str, course_figures.Bests] | None = None
        self.course_activity: dict[str, course_figures.Activity] | None = None
        if course is not None:  # lesson-based figures over the course's lessons only
            lessons = course_figures.course_lessons(index, course)
            self.lessons = Counter(lesson.category for lesson in lessons)
            self.questions = Counter()
            for lesson in lessons:
                found = index.quiz_for_lesson(lesson.id)
                if found is not None:
                    self.questions[lesson.category] += len(found.questions)
            self.mastery = course_figures.dept_category(s, index, course)  # type: ignore[assignment]
            self.course_bests = course_figures.period_bests(s, index, course, keys)
            self.course_activity = course_figures.period_activity(
                s, index, course, [period, self.previous, *self.trend_periods])
        self.retake = _retakes(s, category)

    def _retake(self, ids: list[int]) -> tuple[int, int]:
        """(staff, lessons) 要再受講 among the active staff of these departments."""
        found = [self.retake[i] for i in ids if i in self.retake]
        return sum(len(c) for c in found), sum(sum(c.values()) for c in found)

    def _as_of(self, period: Period) -> date:
        return min(period.end - timedelta(days=1), self.today)

    def _staff(self, ids: list[int], period: Period | None = None) -> int:
        counts = self.now_counts if period is None else self.counter.counts(
            self.s, self._as_of(period))
        return sum(counts.get(i, 0) for i in ids)

    def _sum(self, key: str, ids: list[int], field: str) -> float:
        rows = self.rows.get(key, {})
        return sum(getattr(rows[i], field) for i in ids if i in rows)

    def _participation(self, ids: list[int], period: Period) -> float | None:
        staff = self._staff(ids, period)
        if not staff:
            return None
        if self.course_activity is not None:
            people = self.course_activity[period.key].participants
            return sum(people.get(i, 0) for i in ids) / staff
        return self._sum(period.key, ids, "participants") / staff

    def _answers(self, ids: list[int], period: Period) -> int:
        if self.course_activity is not None:
            answers = self.course_activity[period.key].answers
            return sum(answers.get(i, 0) for i in ids)
        return int(self._sum(period.key, ids, "answers"))

    def _average(self, ids: list[int], period: Period) -> float | None:
        if self.course_bests is not None:
            rows = self.course_bests[period.key].departments
            total = sum(rows[i][0] for i in ids if i in rows)
            count = sum(rows[i][1] for i in ids if i in rows)
            return total / count if count else None
        n = self._sum(period.key, ids, "best_count")
        return self._sum(period.key, ids, "best_sum") / n if n else None

    def _completion(self, ids: list[int]) -> float | None:
        staff = self._staff(ids)
        lessons = sum(self.lessons[c] for c in self.categories)
        if not staff or not lessons:
            return None
        done = sum(self.mastery[i][c.value].lessons_completed for i in ids
                   for c in self.categories if c.value in self.mastery.get(i, {}))
        return min(done / (staff * lessons), 1.0)

    def _completion_kpi(self, ids: list[int]) -> Kpi:
        value = self._completion(ids)
        if value is None or self.category is not None or self.course is not None:
            return Kpi(value, None)
        lessons = sum(self.lessons.values())
        gained = self._sum(self.period.key, ids, "completions")
        return Kpi(value, max(value - gained / (self._staff(ids) * lessons), 0.0))

    def _mastery(self, ids: list[int], category: Category) -> float | None:
        staff = self._staff(ids)
        total = self.questions[category]
        if not staff or not total:
            return None
        got = sum(self.mastery[i][category.value].mastered for i in ids
                  if category.value in self.mastery.get(i, {}))
        return min(got / (staff * total), 1.0)

    def build(self) -> Dashboard:
        scope = self.tree.subtree(self.root)
        staff = self._staff(scope, self.period)
        suppressed = staff < self.minimum
        hide = (lambda v: None) if suppressed else (lambda v: v)  # noqa: E731
        participation = Kpi(hide(self._participation(scope, self.period)),
                            hide(self._participation(scope, self.previous)))
        completion = self._completion_kpi(scope)
        if suppressed:
            completion = Kpi(None, None)
        average = Kpi(hide(self._average(scope, self.period)),
                      hide(self._average(scope, self.previous)))
        departments, heat = self._departments()
        return Dashboard(
            period=self.period, period_label=period_label(self.period), scope_id=self.root,
            scope_name=self.tree.path(self.root) if self.root is not None else "",
            category=self.category, active_staff=None if suppressed else staff,
            participation=participation, completion=completion, average_score=average,
            departments=departments, heatmap=heat, trend=self._trend(scope, suppressed),
            distribution=None if suppressed else self._distribution(scope),
            assignments=(), min_group=self.minimum, suppressed=suppressed,
            needs_retake=None if suppressed else self._retake(scope)[0],
            needs_retake_lessons=None if suppressed else self._retake(scope)[1])

    def _departments(self) -> tuple[tuple[DepartmentRow, ...], tuple[HeatRow, ...]]:
        children = list(self.tree.children.get(self.root, ()))
        if not children and self.root is not None:
            children = [self.root]
        groups = {c: self.tree.subtree(c) for c in children}
        sizes = {c: self._staff(ids, self.period) for c, ids in groups.items()}
        groups = {c: ids for c, ids in groups.items()
                  if sizes[c] or self.tree.nodes[c].active}  # drop abolished, empty units
        hidden = hidden_groups({c: sizes[c] for c in groups}, self.minimum)
        rows, heat = [], []
        for c, ids in groups.items():
            node = self.tree.nodes[c]
            off = c in hidden
            rows.append(DepartmentRow(
                c, node.name, self.tree.path(c), None if off else sizes[c],
                None if off else self._participation(ids, self.period),
                None if off else self._completion(ids),
                None if off else self._average(ids, self.period),
                bool(self.tree.children.get(c)), off,
                None if off else self._retake(ids)[0]))
            heat.append(HeatRow(c, node.name, {
                cat: None if off else self._mastery(ids, cat) for cat in self.categories}))
        return tuple(rows), tuple(heat)

    def _trend(self, scope: list[int], suppressed: bool) -> tuple[TrendPoint, ...]:
        return tuple(
            TrendPoint(m, period_label(m),
                       None if suppressed else self._participation(scope, m),
                       None if suppressed else self._answers(scope, m))
            for m in self.trend_periods)

    def _distribution(self, scope: list[int]) -> tuple[int, ...]:
        bands = [0] * 10
        wanted = set(scope)
        if self.course_bests is not None:
            course = self.course_bests[self.period.key]
            departments = {sid: dept for sid, dept in self.s.execute(
                select(PersonPeriod.staff_id, PersonPeriod.department_id)
                .where(PersonPeriod.period_key == self.period.key,
                       PersonPeriod.staff_id.in_(list(course.people))))}
            for sid, (best_sum, count) in course.people.items():
                if count and (self.root is None or departments.get(sid) in wanted):
                    bands[min(int(best_sum / count * 10), 9)] += 1
            return tuple(bands)
        for dept, best_sum, count in self.s.execute(
                select(PersonPeriod.department_id, PersonPeriod.best_sum, PersonPeriod.best_count)
                .where(PersonPeriod.period_key == self.period.key, PersonPeriod.best_count > 0)):
            if self.root is None or dept in wanted:
                bands[min(int(best_sum / count * 10), 9)] += 1
        return tuple(bands)
