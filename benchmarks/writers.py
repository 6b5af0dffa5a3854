"""Concurrent writers (issue 7), run by `python3 benchmarks/dashboard.py --concurrent`.

N processes, staff of one department, answer the bundled quizzes as fast as they can for T
seconds on a fresh database, in phases: with roll-ups; without them (the same unit of work with
roll-ups switched off); and on SQLite with `synchronous=NORMAL` instead of the default FULL.
Prints answers per second, the p50/p99 of one answer's commit (the whole submit_answer call),
and whether the roll-ups equal a rebuild afterwards. PostgreSQL phases run in a schema of their
own, dropped at the end. Also prints how many SQL statements one answer costs.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import tempfile
import time
import traceback
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url

from dxtrainer import paths
from dxtrainer.db import models
from dxtrainer.db.engine import make_engine, make_sessions
from dxtrainer.services import rollups

BEFORE = "21-45"  # statements per answer before issue 7 (measured on commit 6d16468)
ROLLUP_TABLES = (models.PersonQuestionState, models.PersonCategoryRollup, models.PersonQuizBest,
                 models.PersonPeriod, models.PersonQuizPeriodBest, models.DeptPeriod,
                 models.DeptCategory)


class _NoRollups:
    """Stands in for rollups.PersonRollups when measuring the commit without roll-ups."""

    def __init__(self, _session: object, staff_id: int) -> None:
        self.staff_id = staff_id

    def answer(self, *_args: object) -> None: ...

    def attempt_finished(self, *_args: object) -> None: ...

    def lesson_completed(self, *_args: object) -> None: ...

    def apply(self) -> None: ...


def _response(question, right: bool):  # noqa: ANN001, ANN202
    kind = question.type.value
    if kind == "truefalse":
        return bool(question.answer) if right else not question.answer
    if kind == "ordering":
        order = list(question.correct_order)
        return order if right else order[1:] + order[:1]
    ids = sorted(question.correct_ids)
    wrong = [c.id for c in question.choices if not c.correct]
    return ids if right or not wrong else wrong[:1]


def _training(url: str, synchronous: str | None, with_rollups: bool):  # noqa: ANN202
    from dxtrainer.content.loader import load_content
    from dxtrainer.messages import admonition_titles
    from dxtrainer.services.content_service import ContentService
    from dxtrainer.services.training import TrainingService

    engine = make_engine(url)
    if synchronous:
        def pragma(dbapi_connection, _record) -> None:  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.close()

        event.listen(engine, "connect", pragma)  # after make_engine's FULL
    if not with_rollups:
        rollups.PersonRollups = _NoRollups  # type: ignore[assignment, misc]
    content = ContentService(load_content(paths.content_dir()), admonition_titles())
    return engine, TrainingService(make_sessions(engine), content, str(uuid.uuid4()))


def _writer(url: str, staff_id: int, seconds: float, with_rollups: bool,
            synchronous: str | None, barrier, out) -> None:  # noqa: ANN001
    from dxtrainer.services.records import CurrentUser, Role

    timings: list[float] = []
    error = None
    try:
        engine, training = _training(url, synchronous, with_rollups)
        user = CurrentUser(staff_id, "", "", "", Role.LEARNER)
        quizzes = list(training.index.quizzes)
        rng = random.Random(staff_id)
        barrier.wait(timeout=120)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            quiz = rng.choice(quizzes)
            attempt = training.new_attempt(user, quiz.id)
            for shown in attempt.questions:
                answer = _response(quiz.question(shown.id), rng.random() < 0.7)
                started = time.perf_counter()
                training.submit_answer(user, attempt.id, shown.id, answer)
                timings.append((time.perf_counter() - started) * 1000)
                if time.monotonic() >= end:
                    break
        engine.dispose()
    except BaseException:  # noqa: BLE001 - reported by the parent
        error = traceback.format_exc()
    out.put({"timings": timings, "error": error})


def _fresh(base: str, label: str) -> tuple[str, Any]:
    """A new empty database for one phase, and how to remove it afterwards."""
    if base == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="dx-writers-"))
        return f"sqlite:///{folder / 'bench.sqlite3'}", lambda: None
    schema = f"dxbench_{os.getpid()}_{label}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()

    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), drop


def _prepare(url: str, writers: int) -> list[int]:
    from dxtrainer.services.container import open_services

    services = open_services(url, paths.content_dir())
    try:
        with services.sessions.begin() as s:
            dept = models.Department(code="bench", name="ベンチ課", active=True)
            s.add(dept)
            s.flush()
            people = [models.Staff(staff_no=f"B{i:04d}", name=f"職員 {i}", kana="",
                                   role="learner", department_id=dept.id, active=True,
                                   created_at=datetime.now()) for i in range(writers)]
            s.add_all(people)
            s.flush()
            return [p.id for p in people]
    finally:
        services.close()


def snapshot(sessions) -> list[list[tuple]]:  # noqa: ANN001
    """Every roll-up row (floats rounded; department category rows at zero left out)."""
    out = []
    with sessions() as s:
        for model in ROLLUP_TABLES:
            rows = [tuple(round(v, 9) if isinstance(v, float) else v for v in row)
                    for row in s.execute(select(*model.__table__.c))]
            if model is models.DeptCategory:
                rows = [r for r in rows if r[2] or r[3]]
            out.append(sorted(rows))
    return out


def equals_rebuild(url: str) -> bool:
    engine = make_engine(url)
    try:
        sessions = make_sessions(engine)
        before = snapshot(sessions)
        with sessions.begin() as s:
            rollups.rebuild(s)
        return snapshot(sessions) == before
    finally:
        engine.dispose()


def phase(base: str, label: str, writers: int, seconds: float, with_rollups: bool = True,
          synchronous: str | None = None) -> dict[str, Any]:
    url, drop = _fresh(base, label)
    try:
        ids = _prepare(url, writers)
        ctx = multiprocessing.get_context("spawn")
        barrier, out = ctx.Barrier(writers), ctx.Queue()
        procs = [ctx.Process(target=_writer, args=(url, i, seconds, with_rollups, synchronous,
                                                    barrier, out)) for i in ids]
        for p in procs:
            p.start()
        results = [out.get(timeout=seconds + 180) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        errors = [r["error"] for r in results if r["error"]]
        timings = sorted(t for r in results for t in r["timings"])
        return {"answers": len(timings), "per_second": len(timings) / seconds,
                "p50": _pct(timings, 0.50), "p99": _pct(timings, 0.99), "errors": errors,
                "equal": equals_rebuild(url) if with_rollups and not errors else None}
    finally:
        drop()


def _pct(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] if values else float("nan")


def statements_per_answer(base: str) -> dict[str, list[int]]:
    """SQL statements sent for each submit_answer (and mark_read) by one person, counted with
    a before_cursor_execute event, on a fresh database."""
    url, drop = _fresh(base, "count")
    try:
        [staff_id] = _prepare(url, 1)
        from dxtrainer.services.records import CurrentUser, Role

        engine, training = _training(url, None, True)
        user = CurrentUser(staff_id, "", "", "", Role.LEARNER)
        counts = {"answer": [], "last answer of an attempt": [], "mark_read": []}
        sent = [0]
        event.listen(engine, "before_cursor_execute", lambda *_a: sent.__setitem__(0, sent[0] + 1))
        for quiz in list(training.index.quizzes)[:3]:
            for right in (False, True):
                attempt = training.new_attempt(user, quiz.id)
                for n, shown in enumerate(attempt.questions):
                    sent[0] = 0
                    training.submit_answer(user, attempt.id, shown.id,
                                           _response(quiz.question(shown.id), right))
                    last = n == len(attempt.questions) - 1
                    counts["last answer of an attempt" if last else "answer"].append(sent[0])
            sent[0] = 0
            training.mark_read(user, quiz.lesson_id)
            counts["mark_read"].append(sent[0])
        engine.dispose()
        return counts
    finally:
        drop()


def run(writers: int, seconds: float, postgres: str | None) -> int:
    """Every phase on SQLite, then on PostgreSQL when a URL is given; prints the figures."""
    problems = 0
    for label, base in (("SQLite", "sqlite"), ("PostgreSQL", postgres)):
        if not base:
            print("PostgreSQL: skipped (give --postgres URL or DXTRAINER_TEST_POSTGRES_URL)")
            continue
        counts = statements_per_answer(base)
        print(f"{label}: SQL statements per call (before issue 7: {BEFORE} per answer)")
        for what, values in counts.items():
            print(f"  {what:27}: {min(values)}-{max(values)} (mean {sum(values) / len(values):.1f})")
        print(f"{label}: {writers} writer processes, one department, {seconds:g} s per phase",
              flush=True)
        on = phase(base, "on", writers, seconds)
        off = phase(base, "off", writers, seconds, with_rollups=False)
        rows = [("with roll-ups", on), ("without roll-ups", off)]
        if label == "SQLite":
            rows.append(("with roll-ups, sync=NORMAL", phase(base, "full", writers, seconds,
                                                           synchronous="NORMAL")))
        for name, r in rows:
            print(f"  {name:26}: {r['answers']:6} answers, {r['per_second']:7.1f}/s, commit "
                  f"p50 {r['p50']:6.1f} ms, p99 {r['p99']:6.1f} ms"
                  + (f", {len(r['errors'])} ERRORS" if r["errors"] else ""))
            for error in r["errors"][:2]:
                print("    " + error.strip().splitlines()[-1])
            problems += len(r["errors"])
        ratio = on["p99"] / off["p99"]
        print(f"  p99 with / without roll-ups: {ratio:.1f}x (target <= 2x)")
        print(f"  roll-ups equal a rebuild: {'yes' if on['equal'] else 'NO'}", flush=True)
        problems += not on["equal"]
    return 1 if problems else 0
