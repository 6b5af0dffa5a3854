"""Frozen records of the dashboards and reports. Values are unrounded shares (0..1) or None
where a small group is suppressed; one formatter rounds them for every view and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dxtrainer.domain.content import Category
from dxtrainer.domain.periods import Period


@dataclass(frozen=True)
class Kpi:
    value: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class DepartmentRow:
    department_id: int
    name: str
    path: str
    staff: int | None  # None when suppressed
    participation: float | None
    completion: float | None
    average_score: float | None
    has_children: bool
    suppressed: bool
    needs_retake: int | None = None  # staff with a 要再受講 lesson (None when suppressed)


@dataclass(frozen=True)
class HeatRow:
    department_id: int
    name: str
    mastery: dict[Category, float | None]


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    label: str
    participation: float | None
    answers: int | None


@dataclass(frozen=True)
class AssignmentStat:
    assignment_id: int
    title: str
    deadline: date
    targeted: int
    completed: int
    overdue: int  # not completed and past the deadline

    @property
    def completion(self) -> float:
        return self.completed / self.targeted if self.targeted else 0.0


@dataclass(frozen=True)
class Gain:
    """Mean shares right (0–1) before and after, for the people counted; None when suppressed
    or nobody in the group took both tests."""

    people: int | None
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass(frozen=True)
class GainRow:
    course_id: str
    course_title: str
    department_id: int | None  # None: the whole scope (the organisation or a manager's subtree)
    department: str  # path, 「総務部 › 情報政策課」; "" for the whole scope
    overall: Gain
    by_category: dict[Category, Gain]
    suppressed: bool


@dataclass(frozen=True)
class Dashboard:
    period: Period
    period_label: str
    scope_id: int | None
    scope_name: str
    category: Category | None
    active_staff: int | None
    participation: Kpi
    completion: Kpi
    average_score: Kpi
    departments: tuple[DepartmentRow, ...]
    heatmap: tuple[HeatRow, ...]
    trend: tuple[TrendPoint, ...]
    distribution: tuple[int, ...] | None  # people per 10-point band of average best score
    assignments: tuple[AssignmentStat, ...]
    min_group: int
    suppressed: bool  # the whole scope is below the minimum group size
    # 要再受講 (a lesson's `version` bump sent people back; counted as not completed above):
    needs_retake: int | None = None  # staff with at least one such lesson; None: suppressed
    needs_retake_lessons: int | None = None  # (person, lesson) pairs
    course_id: str | None = None  # lesson-based figures over this course's lessons only
    course_title: str = ""
    # 事後テスト − 事前テスト per course: the scope's row, then its departments (learning_gain.py)
    learning_gain: tuple[GainRow, ...] = ()


@dataclass(frozen=True)
class StaffProgressRow:
    staff_id: int
    staff_no: str
    name: str
    department: str
    role: str
    completion: float
    mastery: float
    average_score: float | None
    answers_in_period: int
    last_active: date | None
    needs_retake: int = 0  # lessons 要再受講 (completed at an older version only)
