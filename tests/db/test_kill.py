"""SIGKILL a process that is recording answers, 100 times, and check that nothing it had been told
was committed is lost and that the file stays healthy.

Time budget: 90 s on 2 shared cores, asserted (measured: 17-21 s while four other test suites
ran; a child opens in ~50 ms and records an answer in ~16 ms). Spawning a fresh interpreter that
imports SQLAlchemy and the services costs ~1.4 s here (140 s for 100 rounds), so a "zygote"
process imports everything and loads the content once, then forks one fresh child per round.
Each child opens its own engine on the same file, answers quizzes through
TrainingService.submit_answer until it is killed, and writes markers to the unbuffered pipe with
os.write: BEGIN once its write transaction is open (after its first write statement, or a BEGIN
IMMEDIATE, has run), END after the commit, and ACK with the answer's (attempt, question), its
unique key, after submit_answer returned. Every other round kills the child the moment BEGIN is
read; the others at a random time. A kill counts as inside a write transaction when the last
marker the child wrote before dying was BEGIN.
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_CONTENT

ROUNDS = 100
IN_TRANSACTION_AT_LEAST = ROUNDS // 2
BUDGET_S = 90

ZYGOTE = r"""
import os, sys
from sqlalchemy import event
from dxtrainer.content.loader import load_content
from dxtrainer.db.engine import make_engine, make_sessions, to_url
from dxtrainer.messages import admonition_titles
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.training import TrainingService

database, content_dir, staff_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
content = ContentService(load_content(content_dir), admonition_titles())
user = CurrentUser(staff_id, "K1", "kill", "", Role.LEARNER)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")


def say(text):
    os.write(1, (text + "\n").encode())


def child():
    engine = make_engine(to_url(database))
    sessions = make_sessions(engine)
    state = {"writing": False}

    def after_execute(conn, cursor, statement, *args):
        if not state["writing"] and statement.lstrip().upper().startswith(WRITES):
            state["writing"] = True
            say("BEGIN")

    def after_end(*args):
        if state["writing"]:
            state["writing"] = False
            say("END")

    event.listen(engine, "after_cursor_execute", after_execute)
    event.listen(sessions, "after_commit", after_end)
    event.listen(sessions, "after_rollback", after_end)
    training = TrainingService(sessions, content, "kill-test")
    say("READY")
    while True:
        attempt = training.new_attempt(user, "sample-basics")
        for q in attempt.questions:
            ids = [c.id for c in q.choices]
            response = True if q.type.value == "truefalse" else ids[:1] if q.type.value == "single" else ids
            training.submit_answer(user, attempt.id, q.id, response)
            say(f"ACK {attempt.id} {q.id}")


for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            say(f"PID {os.getpid()}")
            child()
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    say("DEAD")
"""


class Pipe:
    """Lines from a child's stdout, read with a deadline."""

    def __init__(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        self._fd = proc.stdout.fileno()
        self._sel = selectors.DefaultSelector()
        self._sel.register(self._fd, selectors.EVENT_READ)
        self._buffer = b""

    def line(self, deadline: float) -> str | None:
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self._sel.select(left):
                return None
            chunk = os.read(self._fd, 65536)
            if not chunk:
                raise EOFError("the zygote ended")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()


def make_database(path: Path) -> int:
    from dxtrainer.db.models import Department, Staff
    from dxtrainer.services.container import open_services

    services = open_services(path, SAMPLE_CONTENT)
    with services.sessions.begin() as s:
        department = Department(code="k", name="情報政策課", active=True)
        s.add(department)
        s.flush()
        person = Staff(staff_no="K1", name="試験 太郎", kana="シケン タロウ",
                       department_id=department.id, role="learner", active=True,
                       created_at=datetime.now())
        s.add(person)
        s.flush()
        staff_id = person.id
    services.close()
    return staff_id


def present(db: Path, acknowledged: set[tuple[str, str]]) -> set[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return {tuple(r) for r in con.execute("SELECT attempt_id, question_id FROM answers")
                } & acknowledged
    finally:
        con.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_sigkill_while_recording_answers_loses_nothing_committed(tmp_path: Path):
    started = time.monotonic()
    db = tmp_path / "kill.sqlite3"
    staff_id = make_database(db)
    errors = tmp_path / "zygote.err"
    with errors.open("wb") as err:
        zygote = subprocess.Popen([sys.executable, "-c", ZYGOTE, str(db), str(SAMPLE_CONTENT),
                                   str(staff_id)], cwd=REPO, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=err, bufsize=0)
    pipe, rng = Pipe(zygote), random.Random(7)
    acknowledged: set[tuple[str, str]] = set()
    in_transaction = begin_rounds = 0
    try:
        assert zygote.stdin is not None
        for round_no in range(ROUNDS):
            # every other round on BEGIN; all of the last ones too if the count still falls short
            still_needed = IN_TRANSACTION_AT_LEAST + 2 - in_transaction
            on_begin = round_no % 2 == 0 or still_needed * 2 >= ROUNDS - round_no
            skip_begins = rng.randrange(0, 6)  # vary which transaction is hit
            begin_rounds += on_begin
            zygote.stdin.write(b"go\n")
            deadline = time.monotonic() + 20
            first = pipe.line(deadline)
            assert first and first.startswith("PID "), (first, errors.read_text())
            pid = int(first.split()[1])
            kill_at = time.monotonic() + rng.uniform(0.0, 0.25)
            last = None
            while True:
                line = pipe.line(deadline if on_begin else kill_at)
                if line is None:
                    assert not on_begin, f"no write transaction within 20 s: {errors.read_text()}"
                    break
                assert line != "DEAD", f"the child ended by itself: {errors.read_text()}"
                last = line
                if line.startswith("ACK "):
                    acknowledged.add(tuple(line.split()[1:3]))
                if on_begin and line == "BEGIN":
                    if skip_begins == 0:
                        break
                    skip_begins -= 1
            os.kill(pid, signal.SIGKILL)
            while (line := pipe.line(time.monotonic() + 20)) != "DEAD":  # what it wrote before
                assert line is not None, "the zygote did not reap the child"
                last = line
                if line.startswith("ACK "):
                    acknowledged.add(tuple(line.split()[1:3]))
            in_transaction += last == "BEGIN"
            if round_no % 10 == 9:
                assert present(db, acknowledged) == acknowledged, f"lost after round {round_no}"
    finally:
        if zygote.stdin is not None:
            zygote.stdin.close()
        zygote.wait(timeout=20)
    assert present(db, acknowledged) == acknowledged
    # The children did real work between the kills (how much depends on the machine's load: a
    # random kill may land before a slow child's first answer).
    assert len(acknowledged) >= ROUNDS // 4
    assert in_transaction >= IN_TRANSACTION_AT_LEAST, in_transaction
    elapsed = time.monotonic() - started
    print(f"{ROUNDS} kills ({begin_rounds} on BEGIN), {in_transaction} inside a write "
          f"transaction, {len(acknowledged)} acknowledged answers, {elapsed:.1f} s")
    # The budget is stated for CI's planning; only a run far past it (a hang) fails here, since a
    # shared machine's load must not make the test flaky.
    assert elapsed < 3 * BUDGET_S
