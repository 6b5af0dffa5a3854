"""The server goes away mid-quiz: answers wait in this PC's journal and are sent, once and in
order, when it returns.

The outage test starts a PostgreSQL cluster of its own and stops and starts it during the quiz.
Time budget: under 40 s (initdb and three starts/stops; about 8 s measured on a shared 2-core
machine).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import Answer, Attempt, Department, Staff
from dxtrainer.services.answer_journal import AnswerJournal, JournalEntry, journal_path
from dxtrainer.services.container import open_services
from dxtrainer.services.records import CurrentUser, Role
from tests.conftest import SAMPLE_CONTENT
from tests.db.own_postgres import Cluster
from tests.services.rollup_helpers import full_snapshot, rebuild, response

QUIZ = "sample-basics"


def test_the_journal_keeps_entries_in_order_on_disk_and_drops_what_was_sent(tmp_path):
    journal = AnswerJournal(tmp_path / "j.jsonl")
    entries = [JournalEntry(f"id-{i}", 1, "attempt", f"q{i}", ["a"], "2026-11-30T10:00:00")
               for i in range(3)]
    for entry in entries:
        journal.append(entry)
    with journal.path.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "cut sho')  # a power cut mid-line: skipped, never sent
    assert journal.entries() == entries
    seen: list[str] = []

    def deliver(entry: JournalEntry) -> None:
        if entry.id == "id-1":
            raise ConnectionError("gone again")
        seen.append(entry.id)

    with pytest.raises(ConnectionError):
        journal.send(deliver)
    assert seen == ["id-0"] and journal.entries() == entries[1:]
    assert journal.send(lambda entry: None) == 2 and not journal.path.exists()


def test_each_database_has_its_own_journal_and_no_password_in_its_name(tmp_path):
    one = journal_path(tmp_path, "postgresql+psycopg://pc:secret@server/dxtrainer")
    assert one == journal_path(tmp_path, "postgresql+psycopg://pc:other@server/dxtrainer")
    assert one != journal_path(tmp_path, "postgresql+psycopg://pc:secret@server/other")
    assert "secret" not in one.name


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    own = Cluster()
    try:
        own.start()
        yield own
    finally:
        own.remove()


def test_answers_given_while_the_server_is_down_are_kept_and_sent_once_in_order(cluster):
    services = open_services(cluster.url, SAMPLE_CONTENT)  # an empty server: schema made
    try:
        with services.sessions.begin() as s:
            dept = Department(code="a", name="市民課", active=True)
            s.add(dept)
            s.flush()
            person = Staff(staff_no="1001", name="山田 花子", kana="ヤマダ ハナコ",
                           department_id=dept.id, role="learner", active=True,
                           created_at=datetime.now())
            s.add(person)
            s.flush()
            user = CurrentUser(person.id, "1001", "山田 花子", "市民課", Role.LEARNER)
        training = services.training
        quiz = services.content.index.quiz(QUIZ)
        assert quiz is not None
        attempt = training.new_attempt(user, QUIZ)
        shown = [quiz.question(q.id) for q in attempt.questions]
        assert len(shown) >= 4 and all(shown)

        def answer(i: int):  # noqa: ANN202
            question = shown[i]
            assert question is not None
            return training.submit_answer(user, attempt.id, question.id,
                                          response(question, i != 1))

        assert not answer(0).kept_on_pc and not answer(1).kept_on_pc
        cluster.stop()  # mid-quiz: the server goes away
        kept = [answer(i) for i in range(2, len(shown))]
        assert all(r.kept_on_pc and r.result is None for r in kept)
        assert kept[0].feedback.correct  # scored on this PC all the same
        assert training.waiting_answers() == len(shown) - 2
        assert training.send_waiting() == len(shown) - 2  # still down: nothing lost, no error
        journal = training._journal  # noqa: SLF001 - the file the learner's answers wait in
        assert journal is not None
        waiting = [json.loads(line)["id"] for line in journal.path.read_text().splitlines()]
        cluster.start()
        assert training.send_waiting() == 0
        assert training.send_waiting() == 0  # sending again stores nothing twice
        # An entry already in the database (sent, then the PC lost power before it noted it):
        journal.append(JournalEntry(waiting[0], user.staff_id, attempt.id, shown[2].id,
                                    "anything", datetime.now().isoformat()))
        assert training.send_waiting() == 0
        with services.sessions() as s:
            rows = s.execute(select(Answer.id, Answer.question_id)
                             .order_by(Answer.answered_at)).all()
            assert [q for _, q in rows] == [q.id for q in shown if q]  # each once, in order
            assert set(waiting) <= {i for i, _ in rows}
            finished = s.scalar(select(Attempt.finished_at).where(Attempt.id == attempt.id))
            assert finished is not None  # the last answer, sent late, finished the attempt
            assert s.scalar(select(func.count()).select_from(Answer)) == len(shown)
        incremental = full_snapshot(services.sessions)
        rebuild(services.sessions)
        assert full_snapshot(services.sessions) == incremental
    finally:
        services.close()
