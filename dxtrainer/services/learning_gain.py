"""Learning gain of a course: 事後テスト minus 事前テスト, per course, department and DSS-L category.

Only people who took both count. Each person's first finished pre-test and first finished post-test
are used (a retaken post-test, after its feedback was seen, would flatter the course). The
department is the one the post-test was taken in. Groups under the minimum size are suppressed,
and so is the smallest sibling that would reveal a single suppressed one by subtraction, as on the
dashboard. HR sees every department, a manager only their own subtree, learners nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.models import Answer, Attempt
from dxtrainer.domain.content import CATEGORY_ORDER, Category, ContentIndex, Course
from dxtrainer.domain.courses import Purpose
from dxtrainer.services.organisation import Tree, allowed_root, load_tree
from dxtrainer.services.records import CurrentUser
from dxtrainer.services.report_records import Gain, GainRow
from dxtrainer.services.reporting import min_group_size


@dataclass
class _Person:
    department_id: int | None
    pre: tuple[int, int]  # (right, asked)
    post: tuple[int, int]
    pre_cats: dict[Category, tuple[int, int]]
    post_cats: dict[Category, tuple[int, int]]


class LearningGainService:
    def __init__(self, sessions: sessionmaker[Session], index_source) -> None:  # noqa: ANN001
        self._sessions = sessions
        self._index_source = index_source

    def gains(self, user: CurrentUser, course_id: str | None = None,
              department_id: int | None = None) -> list[GainRow]:
        """For each course (or the one asked for): the scope's total row, then one row per
        department directly below the scope's root."""
        index: ContentIndex = self._index_source()
        courses = [c for c in index.courses if course_id in (None, c.id)]
        rows: list[GainRow] = []
        with self._sessions() as s:
            root = allowed_root(s, user, department_id)
            tree = load_tree(s)
            minimum = min_group_size(s)
            for course in courses:
                people = _people(s, index, course)
                rows.extend(_rows(course, people, tree, root, minimum))
        return rows


@dataclass(frozen=True)
class _Taken:
    """One finished course-test attempt: the columns a gain needs."""

    id: str
    staff_id: int
    purpose: str
    department_id: int | None
    correct_count: int
    question_count: int


def _people(s: Session, index: ContentIndex, course: Course) -> dict[int, _Person]:
    """Everyone with a finished pre- and post-test of `course`, with their first of each."""
    first: dict[tuple[int, str], _Taken] = {}
    # Sorted here, not by the database: an ORDER BY finished_at tempts the planner to walk a
    # time index through every attempt instead of the course index (ix_attempts_course).
    rows = list(s.execute(
        select(Attempt.finished_at, Attempt.id, Attempt.staff_id, Attempt.purpose,
               Attempt.department_id, Attempt.correct_count, Attempt.question_count)
        .where(Attempt.course_id == course.id,
               Attempt.purpose.in_([Purpose.PRE.value, Purpose.POST.value]),
               Attempt.finished_at.is_not(None))))
    rows.sort(key=lambda r: (r[0], r[1]))
    for _finished, attempt_id, staff_id, purpose, department_id, right, asked in rows:
        if (staff_id, purpose or "") not in first:  # each person's first pre- and post-test
            first[(staff_id, purpose or "")] = _Taken(attempt_id, staff_id, purpose or "",
                                                      department_id, right, asked)
    pre_value, post_value = Purpose.PRE.value, Purpose.POST.value
    pairs = {staff: (pre, first[(staff, post_value)])
             for (staff, purpose), pre in first.items()
             if purpose == pre_value and (staff, post_value) in first}
    wanted = [a.id for pair in pairs.values() for a in pair]
    by_attempt: dict[str, dict[Category, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0]))
    categories: dict[tuple[str, str], Category | None] = {}
    for chunk in _chunks(wanted, 500):
        for attempt_id, quiz_id, question_id, correct in s.execute(
                select(Answer.attempt_id, Answer.quiz_id, Answer.question_id, Answer.correct)
                .where(Answer.attempt_id.in_(chunk))):
            if (quiz_id, question_id) not in categories:
                categories[(quiz_id, question_id)] = _category(index, quiz_id, question_id)
            category = categories[(quiz_id, question_id)]
            if category is not None:
                tally = by_attempt[attempt_id][category]
                tally[0] += int(correct)
                tally[1] += 1
    out: dict[int, _Person] = {}
    for staff, (pre, post) in pairs.items():
        if not pre.question_count or not post.question_count:
            continue
        out[staff] = _Person(
            post.department_id, (pre.correct_count, pre.question_count),
            (post.correct_count, post.question_count),
            {c: (t[0], t[1]) for c, t in by_attempt[pre.id].items()},
            {c: (t[0], t[1]) for c, t in by_attempt[post.id].items()})
    return out


def _category(index: ContentIndex, quiz_id: str, question_id: str) -> Category | None:
    test = index.course_test(quiz_id)
    question = test.question(question_id) if test else None
    return question.category if question else None


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _rows(course: Course, people: dict[int, _Person], tree: Tree, root: int | None,
          minimum: int) -> list[GainRow]:
    scope = set(tree.subtree(root)) if root is not None else None
    inside = [p for p in people.values()
              if scope is None or p.department_id in scope]
    children = list(tree.children.get(root, ()))
    groups = {c: set(tree.subtree(c)) for c in children}
    members = {c: [p for p in inside if p.department_id in ids] for c, ids in groups.items()}
    members = {c: m for c, m in members.items() if m or tree.nodes[c].active}
    hidden = {c for c, m in members.items() if len(m) < minimum}
    if len(hidden) == 1 and len(members) > 1:
        shown = sorted((c for c in members if c not in hidden), key=lambda c: len(members[c]))
        hidden.add(shown[0])
    total_hidden = len(inside) < minimum
    rows = [_row(course, None, "" if root is None else tree.path(root), inside, total_hidden,
                 minimum)]
    for c, group in members.items():
        rows.append(_row(course, c, tree.path(c), group, c in hidden, minimum))
    return rows


def _row(course: Course, department_id: int | None, name: str, group: list[_Person],
         suppressed: bool, minimum: int) -> GainRow:
    """A category that fewer than `minimum` of the group were asked about is left out, as a
    small group is elsewhere (its figures are None)."""
    if suppressed:
        empty = Gain(None, None, None)
        return GainRow(course.id, course.title, department_id, name, empty,
                       {c: empty for c in CATEGORY_ORDER}, True)
    overall = _gain([(p.pre, p.post) for p in group])
    by_category = {}
    for category in CATEGORY_ORDER:
        pairs = [(p.pre_cats[category], p.post_cats[category]) for p in group
                 if category in p.pre_cats and category in p.post_cats]
        if pairs:
            by_category[category] = (_gain(pairs) if len(pairs) >= minimum
                                     else Gain(None, None, None))
    return GainRow(course.id, course.title, department_id, name, overall, by_category, False)


def _gain(pairs: list[tuple[tuple[int, int], tuple[int, int]]]) -> Gain:
    """Mean of each person's share right before and after (each person weighs the same)."""
    if not pairs:
        return Gain(0, None, None)
    pre = sum(r / n for (r, n), _post in pairs) / len(pairs)
    post = sum(r / n for _pre, (r, n) in pairs) / len(pairs)
    return Gain(len(pairs), pre, post)
