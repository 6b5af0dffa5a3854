"""Two HR PCs import the same progress bundles into one database at the same moment while a
learner answers there: real processes, started together at a barrier, on SQLite and on
PostgreSQL. Afterwards every record is there exactly once, each was counted "new" by exactly one
of the two importers, the imported people's roll-ups equal the source's (nothing counted twice),
every roll-up equals a rebuild, and no process failed.

Time budget: under 15 s per engine on a shared 2-core machine (about 5-8 s measured: two spawned
Python processes and three rounds of imports), and under 10 s for the same through the command
line on PostgreSQL (about 4 s: two `dxtrainer import-progress --apply` started together).
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import Answer, Attempt, LessonVisit, Staff
from tests.conftest import REPO
from tests.hr_signin import as_hr
from tests.processes import database_url, run_together
from tests.services.rollup_helpers import full_snapshot, rebuild
from tests.services.test_progress_sync import city, learner, study, sync
from tests.services.test_training import rollup_snapshot

ROSTER = tuple((f"{1001 + n}", f"職員 {n}") for n in range(6))
LEARNER_NO = "1099"  # answers on the central database only, during the imports
LEARNER_ATTEMPTS = 6  # four answers each
IMPORTERS = 2
TIMEOUT = 120  # seconds a process may take before the test gives up on it


def _importer(url: str, bundles: list[bytes], start, barrier, out) -> None:  # noqa: ANN001
    """One HR PC: imports each bundle as soon as the other one does."""
    report: dict[str, Any] = {"error": None, "results": []}
    try:
        from dxtrainer.db.engine import make_engine, make_sessions
        from dxtrainer.services.progress_sync import ProgressSyncService
        from dxtrainer.services.records import SYSTEM_USER

        engine = make_engine(url)
        service = ProgressSyncService(make_sessions(engine), "hr-pc")
        start.wait(timeout=TIMEOUT)  # with the learner
        for bundle in bundles:
            barrier.wait(timeout=TIMEOUT)
            result = service.apply(SYSTEM_USER, bundle)
            report["results"].append((dict(result.new), dict(result.present),
                                      dict(result.updated), list(result.conflicts)))
        engine.dispose()
    except BaseException:  # noqa: BLE001 - everything goes back to the test
        report["error"] = traceback.format_exc()
        start.abort()  # the others need not wait for it
        barrier.abort()
    out.put(report)


def _learner(url: str, staff_id: int, start, out) -> None:  # noqa: ANN001
    """A learner on the same database, answering quizzes while the imports run."""
    report: dict[str, Any] = {"error": None, "answers": 0}
    try:
        import random
        import uuid

        from dxtrainer.content.loader import load_content
        from dxtrainer.db.engine import make_engine, make_sessions
        from dxtrainer.messages import admonition_titles
        from dxtrainer.services.content_service import ContentService
        from dxtrainer.services.records import CurrentUser, Role
        from dxtrainer.services.training import TrainingService
        from tests.conftest import SAMPLE_CONTENT
        from tests.services.rollup_helpers import response

        engine = make_engine(url)
        content = ContentService(load_content(SAMPLE_CONTENT), admonition_titles())
        training = TrainingService(make_sessions(engine), content, str(uuid.uuid4()),
                                   random.Random(7))
        user = CurrentUser(staff_id, LEARNER_NO, "", "", Role.LEARNER)
        quiz = content.index.quiz("sample-basics")
        rng = random.Random(7)
        start.wait(timeout=TIMEOUT)
        for _round in range(LEARNER_ATTEMPTS):
            attempt = training.new_attempt(user, "sample-basics")
            for shown in attempt.questions:
                training.submit_answer(user, attempt.id, shown.id,
                                       response(quiz.question(shown.id), rng.random() < 0.6))
                report["answers"] += 1
        engine.dispose()
    except BaseException:  # noqa: BLE001
        report["error"] = traceback.format_exc()
        start.abort()
    out.put(report)


def _bundles(source) -> list[bytes]:  # noqa: ANN001
    """Three bundles of one PC, each holding the last one's records and more: unfinished
    attempts first, then finished ones (updates) and new people's work."""
    attempts = {no: study(source, no, finish=False) for no, _name in ROSTER[:3]}
    bundles = [sync(source).export(_hr())]
    for no, attempt_id in attempts.items():
        source.training.finish_attempt(learner(source, no), attempt_id)
    for no, _name in ROSTER[3:]:
        study(source, no)
    bundles.append(sync(source).export(_hr()))
    study(source, ROSTER[0][0])  # one more attempt by the first person
    bundles.append(sync(source).export(_hr()))
    return bundles


def _hr():  # noqa: ANN202
    from dxtrainer.services.records import SYSTEM_USER

    return SYSTEM_USER


def _count(services, model) -> int:  # noqa: ANN001
    with services.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _person_rows(snapshot: tuple[list[tuple], ...], people: set[int]) -> list[list[tuple]]:
    """The per-person lists of a rollup_snapshot (staff id first), for these people only."""
    return [[r for r in snapshot[i] if r[0] in people] for i in (0, 1, 2, 3, 6)]


def _import_together(url: str | Path, tmp_path: Path) -> None:
    source = city(tmp_path / "pc.sqlite3", ROSTER)
    target = city(url, (*ROSTER, (LEARNER_NO, "受講 中")))
    try:
        with source.sessions() as s, target.sessions() as t:
            ids = dict(s.execute(select(Staff.staff_no, Staff.id)).all())
            here = dict(t.execute(select(Staff.staff_no, Staff.id)).all())
        assert ids == {no: i for no, i in here.items() if no in ids}
        bundles = _bundles(source)
        database = database_url(url)
        ctx = multiprocessing.get_context("spawn")
        start, barrier = ctx.Barrier(IMPORTERS + 1), ctx.Barrier(IMPORTERS)
        out = ctx.Queue()
        procs = [ctx.Process(target=_importer, args=(database, bundles, start, barrier, out))
                 for _ in range(IMPORTERS)]
        procs.append(ctx.Process(target=_learner, args=(database, here[LEARNER_NO], start,
                                                        out)))
        reports = run_together(procs, out, TIMEOUT)
        errors = [r["error"] for r in reports if r["error"]]
        assert not errors, errors[0]
        assert [p.exitcode for p in procs] == [0] * len(procs)
        [learned] = [r["answers"] for r in reports if "answers" in r]
        assert learned == LEARNER_ATTEMPTS * 4
        imports = [r for r in reports if "results" in r]

        assert _count(target, Answer) == _count(source, Answer) + learned
        for model in (Attempt, LessonVisit):
            assert _count(target, model) >= _count(source, model) > 0
        with source.sessions() as s, target.sessions() as t:
            for model in (Answer, Attempt):
                assert set(s.scalars(select(model.id))) <= set(t.scalars(select(model.id)))
            assert t.scalar(select(func.count()).where(
                Attempt.finished_at.is_(None), Attempt.staff_id != here[LEARNER_NO])) == 0
        for round_no, bundle_results in enumerate(zip(*(r["results"] for r in imports),
                                                      strict=True)):
            assert not any(c for _n, _p, _u, c in bundle_results)
            if round_no == 1:  # the three finished attempts: updated once, by one of the two
                updated = sum((Counter(u) for _n, _p, u, _c in bundle_results), Counter())
                assert updated["attempts"] == 3, bundle_results
        # every record was new to exactly one of the two importers
        total_new = sum((Counter(n) for r in imports for n, _p, _u, _c in r["results"]),
                        Counter())
        assert total_new["answers"] == _count(source, Answer)
        assert total_new["attempts"] == _count(source, Attempt)
        assert total_new["lesson_visits"] == _count(source, LessonVisit)
        # the imported people's roll-ups equal the source's own (incremental) ones, and every
        # roll-up (the learner's, kept incrementally meanwhile, too) equals a rebuild
        people = set(ids.values())
        assert _person_rows(rollup_snapshot(target), people) == _person_rows(
            rollup_snapshot(source), people)
        incremental = full_snapshot(target.sessions), rollup_snapshot(target)
        assert any(r[0] == here[LEARNER_NO] for r in incremental[0][1])
        rebuild(target.sessions)
        assert (full_snapshot(target.sessions), rollup_snapshot(target)) == incremental
    finally:
        source.close()
        target.close()


def test_two_imports_of_the_same_bundles_at_once_on_sqlite(tmp_path: Path) -> None:
    _import_together(tmp_path / "central.sqlite3", tmp_path)


def test_two_imports_of_the_same_bundles_at_once_on_postgresql(
        request: pytest.FixtureRequest, tmp_path: Path) -> None:
    _import_together(request.getfixturevalue("postgres_url"), tmp_path)


def test_two_hr_pcs_import_one_file_at_once_on_the_command_line(postgres_url: str,
                                                                 tmp_path: Path) -> None:
    """Both say what they did in words (exit 0, no traceback); each record is stored once."""
    source = city(tmp_path / "pc.sqlite3", ROSTER)
    target = city(postgres_url, ROSTER)
    try:
        for no, _name in ROSTER:
            study(source, no)
        bundle = tmp_path / "progress.json"
        bundle.write_bytes(sync(source).export(_hr()))
        hr = as_hr(tmp_path, postgres_url)
        command = [sys.executable, "-m", "dxtrainer", "--database", postgres_url,
                   "import-progress", str(bundle), "--apply", *hr]
        procs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, encoding="utf-8")
                 for _ in range(IMPORTERS)]
        said = [p.communicate(timeout=TIMEOUT) for p in procs]
        for (out, err), p in zip(said, procs, strict=True):
            assert p.returncode == 0, (out, err)
            assert "取り込みました" in out and "Traceback" not in out + err, (out, err)
        assert _count(target, Answer) == _count(source, Answer) > 0
        assert _count(target, Attempt) == _count(source, Attempt)
        assert rollup_snapshot(target) == rollup_snapshot(source)
    finally:
        source.close()
        target.close()
