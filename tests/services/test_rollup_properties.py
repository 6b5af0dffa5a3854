"""Property: whatever people do, in whatever order, the incremental roll-ups equal a rebuild.

Hypothesis plays random sequences of answers (right or wrong), resumed and abandoned attempts,
retries and better attempts, double submits, lessons read, transfers between departments and
April reorganisations (renamed and merged departments, everybody moved as roster import does:
organisation.transfer then after_transfers), across months, quarters and 年度. Time budget:
under 60 s (about 20 s here: 60 examples of up to 25 steps on a copy of one prepared database).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dxtrainer.content.loader import load_content
from dxtrainer.db.engine import make_engine, make_sessions
from dxtrainer.db.models import Department, Staff
from dxtrainer.messages import admonition_titles
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.organisation import after_transfers, transfer
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.training import TrainingService
from tests.conftest import SAMPLE_CONTENT
from tests.services.rollup_helpers import full_snapshot, rebuild, response

PEOPLE = 3
QUIZ = "sample-basics"
LESSONS = ("sample-basics", "sample-advanced")
INDEX = load_content(SAMPLE_CONTENT)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the content mirror, three departments and three people."""
    from dxtrainer.services.container import open_services

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    services = open_services(path, SAMPLE_CONTENT)
    try:
        with services.sessions.begin() as s:
            depts = [Department(code=c, name=n, active=True, valid_from=date(2025, 4, 1))
                     for c, n in (("a", "市民課"), ("b", "税務課"), ("c", "福祉課"))]
            s.add_all(depts)
            s.flush()
            s.add_all(Staff(staff_no=f"{100 + i}", name=f"職員 {i}", kana="", role="learner",
                            department_id=depts[i % 2].id, active=True,
                            created_at=datetime(2025, 4, 1)) for i in range(PEOPLE))
    finally:
        services.close()
    return path


@dataclass
class World:
    """One copy of the template database, its people and a clock the test moves."""

    training: TrainingService
    sessions: object
    people: list[CurrentUser]
    now: datetime = datetime(2026, 1, 20, 9, 0)
    last: dict[int, tuple[str, str]] = field(default_factory=dict)

    def tick(self) -> datetime:
        self.now += timedelta(seconds=7)  # every answer at its own moment
        return self.now


def _answer(world: World, person: int, attempt, rights: list[bool]) -> None:  # noqa: ANN001
    user = world.people[person]
    quiz = INDEX.quiz(QUIZ)
    todo = [q for q in attempt.questions if q.id not in attempt.feedback]
    for shown, right in zip(todo, rights, strict=False):
        world.training.submit_answer(user, attempt.id, shown.id,
                                     response(quiz.question(shown.id), right))
        world.last[person] = (attempt.id, shown.id)


def _play(world: World, step: tuple) -> None:
    kind, person = step[0], step[1]
    user = world.people[person]
    training = world.training
    if kind == "resume":  # the open attempt if any (else a new one), a few more answers
        _answer(world, person, training.start_or_resume(user, QUIZ), step[2])
    elif kind == "retry":  # a fresh attempt; an unfinished one is left as it is
        _answer(world, person, training.new_attempt(user, QUIZ), step[2])
    elif kind == "again" and person in world.last:  # double submit of the last answer
        attempt_id, question_id = world.last[person]
        training.submit_answer(user, attempt_id, question_id, True)
    elif kind == "read":
        training.open_lesson(user, LESSONS[step[2]])
        training.mark_read(user, LESSONS[step[2]])
    elif kind == "wait":
        world.now += timedelta(days=step[2], hours=step[3])
    elif kind == "transfer":
        with world.sessions.begin() as s:  # type: ignore[attr-defined]
            codes = ("a", "b", "c")
            target = s.scalar(select(Department.id).where(Department.code == codes[step[2]]))
            transfer(s, user.staff_id, target, world.now.date())
            after_transfers(s, world.now.date())
    elif kind == "april":
        _reorganise(world)


def _reorganise(world: World) -> None:
    """April 1st: every department with people is renamed (a new unit), the second one is
    merged into the first; everybody moves to the unit that replaced theirs."""
    april = date(world.now.year if world.now.month < 4 else world.now.year + 1, 4, 1)
    world.now = datetime.combine(april, datetime.min.time()) + timedelta(hours=8)
    with world.sessions.begin() as s:  # type: ignore[attr-defined]
        staffed = sorted(set(s.scalars(select(Staff.department_id))))
        merged = Department(code=f"m{april.year}", name=f"統合課{april.year}", active=True,
                            valid_from=april)
        renamed = Department(code=f"r{april.year}", name=f"新課{april.year}", active=True,
                             valid_from=april)
        s.add_all([merged, renamed])
        s.flush()
        target = {old: merged.id if i < 2 else renamed.id for i, old in enumerate(staffed)}
        for staff in s.scalars(select(Staff)).all():
            transfer(s, staff.id, target[staff.department_id], april)
        for old in staffed:
            dept = s.get(Department, old)
            dept.valid_to, dept.successor_id = april, target[old]
        after_transfers(s, april)


person = st.integers(0, PEOPLE - 1)
rights = st.lists(st.booleans(), min_size=1, max_size=4)
steps = st.lists(st.one_of(
    st.tuples(st.just("resume"), person, rights),
    st.tuples(st.just("retry"), person, rights),
    st.tuples(st.just("again"), person),
    st.tuples(st.just("read"), person, st.integers(0, len(LESSONS) - 1)),
    st.tuples(st.just("wait"), person, st.integers(0, 75), st.integers(0, 23)),
    st.tuples(st.just("transfer"), person, st.integers(0, 2)),
    st.tuples(st.just("april"), person),
), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=steps)
def test_incremental_rollups_equal_a_rebuild_whatever_happens(template: Path, steps) -> None:  # noqa: ANN001
    folder = Path(tempfile.mkdtemp(prefix="dx-rollups-"))
    try:
        path = folder / "db.sqlite3"
        shutil.copyfile(template, path)
        engine = make_engine(f"sqlite:///{path}")
        try:
            sessions = make_sessions(engine)
            with sessions() as s:
                ids = list(s.scalars(select(Staff.id).order_by(Staff.id)))
            people = [CurrentUser(i, "", "", "", Role.LEARNER) for i in ids]
            world = World(None, sessions, people)  # type: ignore[arg-type]
            world.training = TrainingService(
                sessions, ContentService(INDEX, admonition_titles()), "device", clock=world.tick)
            for step in steps:
                _play(world, step)
            incremental = full_snapshot(sessions)
            rebuild(sessions)
            assert full_snapshot(sessions) == incremental
        finally:
            engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
