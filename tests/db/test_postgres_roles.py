"""`setup-postgres-roles` on the PostgreSQL test server: the learner role may do exactly what
the allow-list in db/roles.py says (every table × INSERT/UPDATE/DELETE/TRUNCATE, and each
staff column), and a learner PC logged in through it signs in, reads, answers a quiz and a 復習.

Roles belong to the whole server, so every role made here has a unique prefix and is dropped at
the end. Time budget: under 20 s (about 5 s measured on a shared 2-core machine).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from dxtrainer.cli import main
from dxtrainer.db.models import AccessLog, Answer, Department, Staff
from dxtrainer.db.roles import ADMIN_READ_ONLY, LEARNER, LEARNER_SEQUENCES, setup_sql
from dxtrainer.services.container import open_services
from dxtrainer.services.records import SYSTEM_USER, SignInStatus
from tests.conftest import SAMPLE_CONTENT
from tests.hr_signin import as_hr
from tests.services.rollup_helpers import full_snapshot, rebuild, response

QUIZ = "sample-basics"


@pytest.fixture
def roles(postgres_url: str) -> Iterator[dict[str, str]]:
    """Unique names for the learner and admin roles and one PC's login; dropped afterwards."""
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    names = {"learner": prefix + "learner", "admin": prefix + "admin", "pc": prefix + "pc"}
    yield names
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            for name in (names["pc"], names["learner"], names["admin"]):
                if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}):
                    conn.execute(text(f"DROP OWNED BY {name}"))
                    conn.execute(text(f"DROP ROLE {name}"))
    finally:
        engine.dispose()


def _organisation(url: str) -> tuple[int, str]:
    """A department and a learner with a fresh 初期コード (issued by HR): (id, code)."""
    services = open_services(url, SAMPLE_CONTENT)
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
            staff_id = person.id
        [issued] = services.accounts.issue_codes(SYSTEM_USER, [staff_id])
        return staff_id, issued.code
    finally:
        services.close()


def _set_up(url: str, roles: dict[str, str], tmp_path) -> str:  # noqa: ANN001
    """Run the command as HR, add one PC's login in the learner role; the PC's URL."""
    hr = as_hr(tmp_path, url)
    assert main(["setup-postgres-roles", "--database", url, "--learner-role", roles["learner"],
                 "--admin-role", roles["admin"], *hr]) == 0
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE ROLE {roles['pc']} LOGIN PASSWORD 'pc-secret' "
                              f"IN ROLE {roles['learner']}"))
    finally:
        engine.dispose()
    return make_url(url).set(username=roles["pc"], password="pc-secret").render_as_string(
        hide_password=False)


def test_print_shows_the_sql_without_a_sign_in_or_a_server(capsys):
    assert main(["setup-postgres-roles", "--print", "--database", "postgresql+psycopg://nobody@"
                 "127.0.0.1:1/none"]) == 0
    out = capsys.readouterr().out
    assert "CREATE ROLE dxtrainer_learner NOLOGIN" in out
    assert "CREATE ROLE dxtrainer_hr NOLOGIN" in out
    assert "GRANT UPDATE (credential, code_hash" in out
    for line in out.splitlines():
        if line.endswith("TO dxtrainer_learner;"):
            assert "DELETE" not in line and "TRUNCATE" not in line


def test_the_command_line_names_the_same_roles():
    from dxtrainer import cli_roles
    from dxtrainer.db import roles

    assert (cli_roles.LEARNER_ROLE, cli_roles.ADMIN_ROLE) == (roles.LEARNER_ROLE, roles.ADMIN_ROLE)


def test_the_command_refuses_bad_role_names_and_sqlite(tmp_path, capsys):
    assert main(["setup-postgres-roles", "--print", "--learner-role", "x; DROP"]) == 2
    db = tmp_path / "local.sqlite3"
    hr = as_hr(tmp_path, db)
    assert main(["setup-postgres-roles", "--database", str(db), *hr]) == 1
    assert "PostgreSQL" in capsys.readouterr().err


def test_the_owner_or_a_superuser_is_never_made_a_role(postgres_url, tmp_path, capsys):
    _organisation(postgres_url)
    hr = as_hr(tmp_path, postgres_url)
    owner = make_url(postgres_url).username
    assert main(["setup-postgres-roles", "--database", postgres_url, "--admin-role", owner,
                 "--learner-role", f"t{uuid.uuid4().hex[:8]}_unused", *hr]) == 1
    assert "所有者" in capsys.readouterr().err


def test_no_learner_statement_grants_delete_or_truncate():
    for statement in setup_sql("l_role", "a_role"):
        if statement.endswith("TO l_role"):
            assert "DELETE" not in statement and "TRUNCATE" not in statement
    assert not any("TRUNCATE" in s for s in setup_sql("l_role", "a_role") if "GRANT" in s)


def test_the_learner_role_may_do_exactly_what_the_allow_list_says(postgres_url, roles, tmp_path):
    _organisation(postgres_url)
    _set_up(postgres_url, roles, tmp_path)
    pc, admin = roles["pc"], roles["admin"]
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            tables = set(conn.scalars(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
            # Every table has a decision, and the allow-list names no table that is gone.
            assert tables == set(LEARNER), (tables ^ set(LEARNER))
            wrong = []
            for table in sorted(tables):
                access = LEARNER[table]
                expected = {"SELECT": access.select, "INSERT": access.insert,
                            "UPDATE": access.update_all, "DELETE": False, "TRUNCATE": False,
                            "REFERENCES": False, "TRIGGER": False}
                for privilege, allowed in expected.items():
                    has = conn.scalar(text("SELECT has_table_privilege(:r, :t, :p)"),
                                      {"r": pc, "t": f"public.{table}", "p": privilege})
                    if has != allowed:
                        wrong.append((table, privilege, has))
                columns = conn.scalars(text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND table_name = :t"), {"t": table}).all()
                assert set(access.update) <= set(columns), (table, access.update)
                assert set(access.read) <= set(columns), (table, access.read)
                for column in columns:
                    for privilege, allowed in (
                            ("UPDATE", access.update_all or column in access.update),
                            ("SELECT", access.select or column in access.read)):
                        has = conn.scalar(text("SELECT has_column_privilege(:r, :t, :c, :p)"),
                                          {"r": pc, "t": f"public.{table}", "c": column,
                                           "p": privilege})
                        if has != allowed:
                            wrong.append((table, f"{privilege} ({column})", has))
                # The admin role: everything but TRUNCATE (and no writes to the schema revision).
                writes = table not in ADMIN_READ_ONLY
                for privilege, allowed in {"SELECT": True, "INSERT": writes, "UPDATE": writes,
                                           "DELETE": writes, "TRUNCATE": False}.items():
                    has = conn.scalar(text("SELECT has_table_privilege(:r, :t, :p)"),
                                      {"r": admin, "t": f"public.{table}", "p": privilege})
                    if has != allowed:
                        wrong.append((f"admin {table}", privilege, has))
            sequences = conn.scalars(text(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).all()
            assert set(LEARNER_SEQUENCES) <= set(sequences)
            for sequence in sequences:
                has = conn.scalar(text("SELECT has_sequence_privilege(:r, :s, 'USAGE')"),
                                  {"r": pc, "s": f"public.{sequence}"})
                if has != (sequence in LEARNER_SEQUENCES):
                    wrong.append((sequence, "USAGE", has))
            assert wrong == []
            # The command is logged; and the login itself is no superuser and owns nothing.
            assert conn.scalar(select(func.count()).select_from(AccessLog).where(
                AccessLog.action == "setup-postgres-roles")) == 1
            assert not conn.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"),
                                   {"r": pc})
    finally:
        engine.dispose()


def test_a_learner_pc_signs_in_and_completes_a_quiz_through_the_learner_role(
        postgres_url, roles, tmp_path):
    staff_id, code = _organisation(postgres_url)
    pc_url = _set_up(postgres_url, roles, tmp_path)
    services = open_services(pc_url)  # the published content, as every PC on the server
    try:
        assert services.shared and not services.read_only
        accounts = services.accounts
        assert accounts.claim(staff_id, "WRONG-CODE", "2468").status == SignInStatus.WRONG
        signed = accounts.claim(staff_id, code, "2468")  # credential, code_hash, access_log
        assert signed.status == SignInStatus.OK and signed.user is not None
        assert accounts.sign_in(staff_id, "0000").status == SignInStatus.WRONG
        user = accounts.sign_in(staff_id, "2468").user  # failed_attempts back to 0
        assert user is not None
        training = services.training
        training.open_lesson(user, "sample-basics")
        training.mark_read(user, "sample-basics")
        attempt = training.new_attempt(user, QUIZ)
        quiz = services.content.index.quiz(QUIZ)
        assert quiz is not None
        training.set_flag(user, attempt.id, attempt.questions[0].id, True)
        results = []
        for i, shown in enumerate(attempt.questions):
            question = quiz.question(shown.id)
            assert question is not None
            results.append(training.submit_answer(user, attempt.id, shown.id,
                                                  response(question, i != 0)))
        assert results[-1].result is not None
        for item in training.review_items(user):  # the one answered wrong: 復習 today
            training.answer_review(user, item.quiz_id, item.question.id,
                                   response(item.question, True))
        training.open_lesson(user, "sample-basics")  # a visit row changes, never made twice
    finally:
        services.close()
    owner = open_services(postgres_url)
    try:
        with owner.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Answer)) == len(attempt.questions)
            assert s.scalar(select(Staff.failed_attempts).where(Staff.id == staff_id)) == 0
        incremental = full_snapshot(owner.sessions)
        rebuild(owner.sessions)
        assert full_snapshot(owner.sessions) == incremental
        assert incremental[1]  # roll-ups were written through the learner role
    finally:
        owner.close()
