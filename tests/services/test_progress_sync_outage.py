"""The server goes away in the middle of `import-progress --apply`: the command says so in words
(exit 1, no traceback), the database holds nothing of the half-done import, and the same file
imported again when the server is back brings everything in once.

The test starts a PostgreSQL cluster of its own. To stop it at a known point, another connection
holds the department roll-ups table (LOCK TABLE … IN EXCLUSIVE MODE: reading stays open, writing
waits); the import has then stored the bundle's records in its transaction and waits to rebuild
the roll-ups, and the cluster is stopped under it. Time budget: under 60 s (initdb, three
starts/stops and two command-line runs; about 15 s measured on a shared 2-core machine).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from dxtrainer.db.models import Answer, Attempt
from tests.conftest import REPO
from tests.hr_signin import as_hr
from tests.services.rollup_helpers import full_snapshot, rebuild
from tests.services.test_answer_journal import cluster  # noqa: F401 - the fixture
from tests.services.test_progress_sync import ROSTER, city, study, sync
from tests.services.test_training import rollup_snapshot

TIMEOUT = 120  # seconds


def _count(services, model) -> int:  # noqa: ANN001
    with services.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _waiting_on_a_lock(engine, timeout: float = 60.0) -> bool:  # noqa: ANN001
    """True once another backend waits for a lock (the import, at the roll-ups)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            waiting = conn.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND pid <> pg_backend_pid()"))
        if waiting:
            return True
        time.sleep(0.1)  # polling the server for a condition, with a deadline
    return False


def test_a_server_stopped_mid_import_keeps_nothing_half_done(cluster, tmp_path: Path):  # noqa: F811
    source = city(tmp_path / "pc.sqlite3", ROSTER)
    target = city(cluster.url, ROSTER)
    try:
        for no, _name in ROSTER:
            study(source, no)
        study(target, ROSTER[0][0])  # the central database has work of its own
        before = _count(target, Answer), _count(target, Attempt)
        bundle = tmp_path / "progress.json"
        bundle.write_bytes(sync(source).export(_hr()))
        command = [sys.executable, "-m", "dxtrainer", "--database", cluster.url,
                   "import-progress", str(bundle), "--apply", *as_hr(tmp_path, cluster.url)]
        target.close()

        holder = create_engine(cluster.url)
        blocker = holder.connect()
        blocker.execute(text("LOCK TABLE dept_period IN EXCLUSIVE MODE"))  # until it ends
        run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8")
        try:
            assert _waiting_on_a_lock(holder), "the import never reached the roll-ups"
            cluster.stop()  # the server goes away mid-import
            out, err = run.communicate(timeout=TIMEOUT)
        finally:
            if run.poll() is None:
                run.kill()
            blocker.invalidate()
            holder.dispose()
        assert run.returncode == 1, (out, err)
        assert "Traceback" not in out + err and "接続が切れました" in err, (out, err)

        cluster.start()
        target = city_again(cluster.url)
        assert (_count(target, Answer), _count(target, Attempt)) == before  # nothing half-done
        again = subprocess.run(command, cwd=REPO, capture_output=True, text=True,
                               encoding="utf-8", timeout=TIMEOUT)
        assert again.returncode == 0, (again.stdout, again.stderr)
        assert _count(target, Answer) == before[0] + _count(source, Answer)
        assert _count(target, Attempt) == before[1] + _count(source, Attempt)
        incremental = full_snapshot(target.sessions), rollup_snapshot(target)
        rebuild(target.sessions)
        assert (full_snapshot(target.sessions), rollup_snapshot(target)) == incremental
    finally:
        source.close()
        target.close()


def city_again(url: str):  # noqa: ANN201
    from dxtrainer.services.container import open_services
    from tests.conftest import SAMPLE_CONTENT

    return open_services(url, SAMPLE_CONTENT)


def _hr():  # noqa: ANN202
    from dxtrainer.services.records import SYSTEM_USER

    return SYSTEM_USER
