"""Many PCs answering at once: real processes, staff of one department, a rebuild among them.

Time budget: under 60 s per engine on 2 cores (15-30 s per engine measured on a shared 2-core
machine; starting nine Python processes is a good part of it). Each writer logs when each of its
transactions began and committed; on SQLite a "begin" is logged before BEGIN IMMEDIATE waits for
the write lock, so the intervals show writers queueing for it, on PostgreSQL running together.
"""

from __future__ import annotations

import multiprocessing
import random
import time
import traceback
import uuid
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import event, select

from dxtrainer.db.models import Answer, Department, Staff
from tests.conftest import SAMPLE_CONTENT
from tests.services.rollup_helpers import full_snapshot, rebuild, response
from tests.services.test_training import rollup_snapshot

WRITERS = 8
ROUNDS = 5  # attempts per writer, four answers each, with two lessons read along the way
QUIZ = "sample-basics"
TIMEOUT = 120  # seconds a process may take before the test gives up on it


def _logging_engine(url: str, report: dict[str, Any]):  # noqa: ANN202
    """An engine that logs (begin, commit) times of its committed transactions."""
    from dxtrainer.db.engine import make_engine

    engine = make_engine(url)
    opened: dict[int, float] = {}

    def begun(conn) -> None:  # noqa: ANN001
        opened.setdefault(id(conn), time.time())

    def sent(conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.startswith("BEGIN"):  # SQLite: logged before it waits for the lock
            opened[id(conn)] = time.time()

    def committed(conn) -> None:  # noqa: ANN001
        start = opened.pop(id(conn), None)
        if start is not None:
            report["intervals"].append((start, time.time()))

    event.listen(engine, "before_cursor_execute", sent)
    event.listen(engine, "begin", begun)
    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", lambda conn: opened.pop(id(conn), None))
    return engine


def _writer(url: str, staff_id: int, seed: int, barrier, out) -> None:  # noqa: ANN001
    """One PC: answers quizzes (some right, some wrong) and reads lessons, as fast as it can."""
    report: dict[str, Any] = {"who": f"writer {staff_id}", "error": None, "answers": [],
                              "intervals": []}
    try:
        from dxtrainer.content.loader import load_content
        from dxtrainer.db.engine import make_sessions
        from dxtrainer.messages import admonition_titles
        from dxtrainer.services.content_service import ContentService
        from dxtrainer.services.records import CurrentUser, Role
        from dxtrainer.services.training import TrainingService

        sessions = make_sessions(_logging_engine(url, report))
        content = ContentService(load_content(SAMPLE_CONTENT), admonition_titles())
        training = TrainingService(sessions, content, str(uuid.uuid4()), random.Random(seed))
        user = CurrentUser(staff_id, "", "", "", Role.LEARNER)
        quiz = content.index.quiz(QUIZ)
        rng = random.Random(seed)
        barrier.wait(timeout=TIMEOUT)
        for round_no in range(ROUNDS):
            attempt = training.new_attempt(user, QUIZ)
            for shown in attempt.questions:
                question = quiz.question(shown.id)
                training.submit_answer(user, attempt.id, shown.id,
                                       response(question, rng.random() < 0.7))
                report["answers"].append((attempt.id, shown.id))
            lesson = {1: "sample-basics", 3: "sample-advanced"}.get(round_no)
            if lesson:
                training.open_lesson(user, lesson)
                training.mark_read(user, lesson)
    except BaseException:  # noqa: BLE001 - everything goes back to the test
        report["error"] = traceback.format_exc()
    out.put(report)


def _rebuilder(url: str, barrier, writers_done, out) -> None:  # noqa: ANN001
    """Another PC running `dxtrainer rebuild` over and over while the others answer."""
    report: dict[str, Any] = {"who": "rebuild", "error": None, "answers": [], "intervals": [],
                              "rebuilds": 0}
    try:
        from dxtrainer.content.loader import load_content
        from dxtrainer.db.engine import make_sessions
        from dxtrainer.services.progress import ProgressService

        sessions = make_sessions(_logging_engine(url, report))
        index = load_content(SAMPLE_CONTENT)
        progress = ProgressService(sessions, lambda: index)
        barrier.wait(timeout=TIMEOUT)
        while True:
            progress.rebuild_rollups()
            report["rebuilds"] += 1
            if writers_done.wait(0.5):
                break
    except BaseException:  # noqa: BLE001
        report["error"] = traceback.format_exc()
    out.put(report)


def _overlapping(reports: list[dict[str, Any]]) -> set[str]:
    """The processes that had a transaction open while another process had one open."""
    spans = sorted((start, end, r["who"]) for r in reports for start, end in r["intervals"])
    found: set[str] = set()
    for i, (start, end, who) in enumerate(spans):
        for other_start, other_end, other in spans[i + 1:]:
            if other_start >= end:
                break
            if other != who and other_end > start:
                found.update((who, other))
    return found


def _answer_together(url: str) -> None:
    from dxtrainer.services.container import open_services

    services = open_services(url, SAMPLE_CONTENT)  # the schema and content mirror, once
    try:
        with services.sessions.begin() as s:
            dept = Department(code="shimin", name="市民課", active=True)
            s.add(dept)
            s.flush()
            people = [Staff(staff_no=f"{2000 + i}", name=f"職員 {i}", kana="", role="learner",
                            department_id=dept.id, active=True, created_at=datetime.now())
                      for i in range(WRITERS)]
            s.add_all(people)
            s.flush()
            ids = [p.id for p in people]
    finally:
        services.close()

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WRITERS + 1)
    writers_done = ctx.Event()
    out = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, staff_id, n, barrier, out))
             for n, staff_id in enumerate(ids)]
    procs.append(ctx.Process(target=_rebuilder, args=(url, barrier, writers_done, out)))
    for p in procs:
        p.start()
    reports = []
    try:
        while len([r for r in reports if r["who"] != "rebuild"]) < WRITERS:
            reports.append(out.get(timeout=TIMEOUT))
        writers_done.set()
        if not any(r["who"] == "rebuild" for r in reports):
            reports.append(out.get(timeout=TIMEOUT))
    finally:
        writers_done.set()
        for p in procs:
            p.join(timeout=TIMEOUT)
            if p.is_alive():
                p.kill()

    errors = {r["who"]: r["error"] for r in reports if r["error"]}
    assert not errors, errors
    assert [p.exitcode for p in procs] == [0] * len(procs)
    [rebuilder] = [r for r in reports if r["who"] == "rebuild"]
    assert rebuilder["rebuilds"] >= 1
    overlapping = _overlapping(reports)
    assert len(overlapping) >= WRITERS // 2, overlapping

    from dxtrainer.db.engine import make_engine, make_sessions

    engine = make_engine(url)
    try:
        sessions = make_sessions(engine)
        given = sorted(tuple(a) for r in reports for a in r["answers"])
        assert len(given) == WRITERS * ROUNDS * 4
        with sessions() as s:
            stored = sorted(tuple(r) for r in s.execute(select(Answer.attempt_id,
                                                               Answer.question_id)))
        assert stored == given  # every answer stored, once
        incremental = full_snapshot(sessions), rollup_snapshot(SimpleNamespace(sessions=sessions))
        assert incremental[0][0]
        rebuild(sessions)
        assert (full_snapshot(sessions),
                rollup_snapshot(SimpleNamespace(sessions=sessions))) == incremental
    finally:
        engine.dispose()


def test_many_writers_and_a_rebuild_on_sqlite(tmp_path: Path) -> None:
    _answer_together(f"sqlite:///{tmp_path / 'shared.sqlite3'}")


def test_many_writers_and_a_rebuild_on_postgresql(postgres_url: str) -> None:
    _answer_together(postgres_url)


def test_writers_take_the_write_lock_first_readers_do_not(tmp_path: Path) -> None:
    """SQLite: a write transaction starts with BEGIN IMMEDIATE, a reading session with a plain
    BEGIN, and an engine opened read-only only ever with a plain BEGIN."""
    from sqlalchemy import text

    from dxtrainer.db.engine import make_engine, make_sessions, migrate

    path = tmp_path / "db.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    read_only = None
    try:
        migrate(engine)
        sent: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
        sessions = make_sessions(engine)
        with sessions.begin() as s:
            s.execute(text("SELECT 1"))
        with sessions() as s:
            s.execute(text("SELECT 1"))
        assert [x for x in sent if x.startswith("BEGIN")] == ["BEGIN IMMEDIATE", "BEGIN"]
        read_only = make_engine(f"sqlite:///{path}", read_only=True)
        sent.clear()
        event.listen(read_only, "before_cursor_execute", lambda *a: sent.append(a[2]))
        with make_sessions(read_only).begin() as s:
            assert s.scalar(select(Staff.id)) is None
        assert [x for x in sent if x.startswith("BEGIN")] == ["BEGIN"]
    finally:
        engine.dispose()
        if read_only is not None:
            read_only.dispose()


def test_a_busy_database_is_retried_then_reported_in_words(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Another program holds the write lock: the unit of work is tried five times, readers go
    on reading meanwhile, and then it fails as ServiceError("database-busy"), worded from the
    catalogue. Once the lock is released, the same unit goes through."""
    import sqlite3

    import pytest
    from sqlalchemy import text

    from dxtrainer.db.engine import make_engine, make_sessions, migrate
    from dxtrainer.messages import service_error_text
    from dxtrainer.services import units
    from dxtrainer.services.errors import ServiceError

    path = tmp_path / "db.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    event.listen(engine, "connect",  # wait 50 ms for the lock instead of 5 s
                 lambda con, _r: con.execute("PRAGMA busy_timeout=50"))
    engine.dispose()
    monkeypatch.setattr(units, "PAUSE", 0.001)
    sessions = make_sessions(engine)
    tries: list[int] = []

    def work(s) -> int:  # noqa: ANN001
        tries.append(1)
        s.execute(text("DELETE FROM meta WHERE key = 'nothing'"))
        return s.scalar(select(Staff.id).limit(1)) or 0

    blocker = sqlite3.connect(path)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(ServiceError) as raised:
            units.run(sessions, work)
        assert raised.value.code == "database-busy" and len(tries) == units.ATTEMPTS
        assert service_error_text("database-busy").startswith("ほかの端末がデータベースを使っているため")
        with sessions() as s:  # a reader is not held up by the writer
            assert s.scalar(select(Staff.id)) is None
    finally:
        blocker.rollback()
        blocker.close()
    assert units.run(sessions, work) == 0
    engine.dispose()
