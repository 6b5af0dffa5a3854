"""xAPI 1.0.3 statements: one per answer, completion and quiz result, actors as accounts under the
configured home page, ids derived from our UUIDs (re-exporting gives the same ids); and a real
Learning Record Store (Ralph, started on loopback from its own venv: DXTRAINER_TEST_RALPH) accepts
them, returns them, and stores nothing new when they are sent again. About 10 s with Ralph.
The statements are also read from PostgreSQL, and the same records give the same statements
there as in a SQLite file (about 3 s)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import Answer, Attempt, LessonCompletion
from dxtrainer.services.records import SYSTEM_USER
from dxtrainer.services.xapi import VERBS, XapiService
from tests.services.test_progress_sync import city, study, sync

USER, PASSWORD = "dxtrainer", "lrs-test-pass"


@pytest.fixture
def studied(tmp_path: Path):
    services = city(tmp_path / "city.sqlite3")
    study(services, "1001")
    yield services
    services.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_studied(request, tmp_path: Path):
    services = city(tmp_path / "city.sqlite3" if request.param == "sqlite"
                    else request.getfixturevalue("postgres_url"))
    study(services, "1001")
    yield services
    services.close()


def test_statements_cover_answers_completions_and_results_with_stable_ids(any_studied):
    studied = any_studied
    xapi = XapiService(studied.sessions)
    xapi.set_home_page(SYSTEM_USER, "https://lms.city.example.lg.jp")
    statements = xapi.statements(SYSTEM_USER)
    with studied.sessions() as s:
        answers = s.scalar(select(func.count()).select_from(Answer))
        completions = s.scalar(select(func.count()).select_from(LessonCompletion))
        results = s.scalar(select(func.count()).select_from(Attempt)
                           .where(Attempt.finished_at.is_not(None)))
    verbs = [x["verb"]["id"].rsplit("/", 1)[1] for x in statements]
    assert verbs.count("answered") == answers > 0
    assert verbs.count("completed") == completions == 1
    assert verbs.count("passed") + verbs.count("failed") == results == 1
    first = statements[0]
    assert first["actor"] == {"objectType": "Agent", "account": {
        "homePage": "https://lms.city.example.lg.jp", "name": "1001"}}
    assert first["object"]["id"].startswith("https://lms.city.example.lg.jp/")
    assert first["timestamp"][-6] in "+-"  # with the offset, as xAPI requires
    assert {x["verb"]["id"] for x in statements} <= {v["id"] for v in VERBS.values()}
    again = xapi.statements(SYSTEM_USER)
    assert [x["id"] for x in again] == [x["id"] for x in statements]
    assert len({x["id"] for x in statements}) == len(statements)


def test_the_same_records_give_the_same_statements_on_postgresql(studied, postgres_url):
    """Records carried from a SQLite PC to the server by a progress bundle: the server's
    statements are the PC's, ids and all, so an LRS fed from both stores each once."""
    server = city(postgres_url)
    try:
        sync(server).apply(SYSTEM_USER, sync(studied).export(SYSTEM_USER))
        for services in (studied, server):
            XapiService(services.sessions).set_home_page(SYSTEM_USER, "https://city.example.jp")
        here = XapiService(studied.sessions).statements(SYSTEM_USER)
        there = XapiService(server.sessions).statements(SYSTEM_USER)
        key = lambda x: x["id"]  # noqa: E731
        assert sorted(there, key=key) == sorted(here, key=key) and here
        tomorrow = date.today() + timedelta(days=1)
        assert XapiService(server.sessions).statements(SYSTEM_USER, since=tomorrow) == []
    finally:
        server.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lrs(tmp_path: Path):
    ralph = os.environ.get("DXTRAINER_TEST_RALPH") or shutil.which("ralph")
    if not ralph:
        if os.environ.get("DXTRAINER_TEST_RALPH_REQUIRED"):
            pytest.fail("DXTRAINER_TEST_RALPH_REQUIRED is set but no Ralph LRS was found")
        pytest.skip("no Ralph LRS here (.ci/run installs one: DXTRAINER_TEST_RALPH)")
    home = tmp_path / "ralph"
    (home / "data").mkdir(parents=True)
    env = {**os.environ, "RALPH_APP_DIR": str(home), "RALPH_RUNSERVER_BACKEND": "fs"}
    subprocess.run([ralph, "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-A", USER,
                    "https://dxtrainer.invalid", "-w"], env=env, check=True,
                   capture_output=True, cwd=home)
    port = _free_port()
    server = subprocess.Popen(
        [ralph, "runserver", "-b", "fs", "--fs-default-directory-path", str(home / "data"),
         "-h", "127.0.0.1", "-p", str(port)], env=env, cwd=home,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/xAPI"
    deadline = time.monotonic() + 60
    while True:  # wait until it answers (it prints nothing we could wait on reliably)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("the Ralph LRS did not start")
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_a_real_lrs_accepts_the_statements_once(studied, lrs):
    xapi = XapiService(studied.sessions)
    statements = xapi.statements(SYSTEM_USER)
    first = xapi.send(statements, lrs, USER, PASSWORD)
    assert (first.sent, first.already) == (len(statements), 0)
    stored = xapi.fetch(lrs, USER, PASSWORD)
    assert sorted(x["id"] for x in stored) == sorted(x["id"] for x in statements)
    second = xapi.send(statements, lrs, USER, PASSWORD)
    assert second.sent == 0 and second.already == len(statements)
    assert len(xapi.fetch(lrs, USER, PASSWORD)) == len(statements)


def test_the_command_writes_json_lines_and_needs_hr(tmp_path: Path, capsys):
    import json

    from dxtrainer.cli import main
    from tests.hr_signin import as_hr

    db = tmp_path / "city.sqlite3"
    services = city(db)
    study(services, "1001")
    services.close()
    out = tmp_path / "x.jsonl"
    assert main(["--database", str(db), "export-xapi", "-o", str(out)]) == 1
    assert not out.exists()
    hr = as_hr(tmp_path, db)
    assert main(["--database", str(db), "export-xapi", "-o", str(out), "--home-page",
                 "https://city.example.jp", *hr]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all(x["actor"]["account"]["homePage"] == "https://city.example.jp"
                         for x in lines)
    assert "ステートメントを書き出しました" in capsys.readouterr().out
