"""PostgreSQL roles with least privilege: the one allow-list of what a learner PC may do.

`dxtrainer setup-postgres-roles` turns this into SQL (GRANT statements), and the test
tests/db/test_postgres_roles.py checks the server's privileges against it, table by table. A
table missing here fails that test: every new table needs a decision, written down with why.

The learner role is a group role (NOLOGIN): each PC (or each person) logs in with a role that is
a member of it. Which rows are a learner's own (their attempts, their answers) is enforced by
the app, not by the database: the learner role may insert progress for anyone. No DELETE and no
TRUNCATE anywhere, and nothing on the organisation (departments, memberships, assignments,
settings). The admin role, for HR's tools, reads and writes every table (DELETE included: a
roll-up rebuild deletes and remakes roll-ups) but never TRUNCATEs and never changes the schema:
`upgrade-database` and this command run with the database owner's login.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEARNER_ROLE = "dxtrainer_learner"
# Not "dxtrainer_admin": the deployment guide names the database's owner so, and the owner's
# own privileges must never be revoked by this command (services/postgres_roles.py refuses).
ADMIN_ROLE = "dxtrainer_hr"


@dataclass(frozen=True)
class Access:
    """What the learner role may do to one table. `update` names the columns it may UPDATE
    (a column privilege); `update_all` grants UPDATE on every column (roll-up upserts);
    `read` names the only columns it may SELECT when `select` is false."""

    why: str
    select: bool = True
    read: tuple[str, ...] = ()
    insert: bool = False
    update: tuple[str, ...] = ()
    update_all: bool = False


_ROLLUP = "roll-up kept by the atomic upserts in db/upsert.py: INSERT … ON CONFLICT DO UPDATE"

LEARNER: dict[str, Access] = {
    # --- read only -----------------------------------------------------------------------------
    "alembic_version": Access("start-up checks the schema revision (db/engine.schema_state)"),
    "meta": Access("device id, settings (PIN required, idle minutes), oldest writer version"),
    "departments": Access("the sign-in list and home screen show department names"),
    "memberships": Access("read with the roster; written only by HR's roster import"),
    "assignments": Access("the home screen shows the learner's 必修研修 and deadlines"),
    "content_items": Access("content mirror: compared at start-up, joined by reports"),
    "content_questions": Access("content mirror of questions and their categories"),
    "content_publications": Access("which publication to show (published by trainers/HR)"),
    "content_blobs": Access("the published files' bytes, copied to the PC at start-up"),
    "content_files": Access("the published files of each publication"),
    # --- sign-in -------------------------------------------------------------------------------
    "staff": Access(
        "sign-in reads the person's row; services/accounts.py writes only these columns: the "
        "PIN set at first sign-in, the 初期コード used or expired, the failure count and lock",
        update=("credential", "code_hash", "code_expires_at", "failed_attempts",
                "locked_until")),
    "access_log": Access(
        "sign-in logs 初期コード used/expired (services/initial_codes.log_code_event); "
        "learners read no log: only the new row's id, which INSERT … RETURNING id needs",
        select=False, read=("id",), insert=True),
    # --- the learner's own progress (the app checks it is theirs) -----------------------------
    "attempts": Access(
        "a quiz attempt is made, then scored and finished (services/training.py)",
        insert=True, update=("correct_count", "question_count", "finished_at", "score",
                             "passed", "flags")),
    "answers": Access("every answer, committed as given; never changed", insert=True),
    "lesson_visits": Access("first and last opening of a lesson, and when its end was read",
                            insert=True, update=("last_opened_at", "read_at")),
    "lesson_completions": Access("a completed lesson; never changed", insert=True),
    "review_answers": Access("answers given in 復習; never changed", insert=True),
    "review_cards": Access("each question's review schedule moves with every answer",
                           insert=True, update=("card", "due", "reviews", "updated_at")),
    "certificates": Access("a 修了証 is issued on the learner's PC when a course is completed; "
                           "only HR revokes", insert=True),
    "survey_responses": Access("anonymous 研修アンケート answers: written, never read back by "
                               "learners", select=False, insert=True),
    "survey_marks": Access("that the person answered the survey (so nobody is asked twice)",
                           insert=True),
    # --- roll-ups, in the same transaction as the answers ------------------------------------
    "person_question_state": Access(_ROLLUP, insert=True, update_all=True),
    "person_category_rollup": Access(_ROLLUP, insert=True, update_all=True),
    "person_quiz_best": Access(_ROLLUP, insert=True, update_all=True),
    "person_period": Access(_ROLLUP, insert=True, update_all=True),
    "person_quiz_period_best": Access(_ROLLUP, insert=True, update_all=True),
    "dept_period": Access(_ROLLUP, insert=True, update_all=True),
    "dept_category": Access(_ROLLUP, insert=True, update_all=True),
}

# Sequences behind integer keys of tables the learner inserts into.
LEARNER_SEQUENCES: dict[str, str] = {
    "access_log_id_seq": "the id of the sign-in events above",
}

# What the admin role only reads (it writes every other table of the allow-list).
ADMIN_READ_ONLY: dict[str, str] = {
    "alembic_version": "the schema revision changes only by upgrade-database, as the owner",
}

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def valid_role_name(name: str) -> bool:
    """A plain lower-case identifier (no quoting needed, nothing to inject)."""
    return bool(_NAME.match(name))


def setup_sql(learner: str = LEARNER_ROLE, admin: str = ADMIN_ROLE,
              tables: list[str] | None = None) -> list[str]:
    """The statements that create (when missing) both roles and set their privileges anew on
    `tables` (by default every table of the allow-list). Safe to run again, e.g. after
    `upgrade-database` added a table."""
    for name in (learner, admin):
        if not valid_role_name(name):
            raise ValueError(f"not a plain role name: {name!r}")
    names = sorted(LEARNER) if tables is None else sorted(tables)
    sql = [_create_role(learner), _create_role(admin),
           f"GRANT USAGE ON SCHEMA public TO {learner}, {admin}"]
    for role in (learner, admin):  # table-level REVOKE also takes back column privileges
        sql.append(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
        sql.append(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}")
    for table in names:
        access = LEARNER.get(table)
        if access is None:
            continue  # no decision: nothing granted (and the test fails)
        kinds = [k for k, on in (("SELECT", access.select), ("INSERT", access.insert),
                                 ("UPDATE", access.update_all)) if on]
        if kinds:
            sql.append(f"GRANT {', '.join(kinds)} ON TABLE {table} TO {learner}")
        if access.read and not access.select:
            sql.append(f"GRANT SELECT ({', '.join(access.read)}) ON TABLE {table} TO {learner}")
        if access.update and not access.update_all:
            sql.append(f"GRANT UPDATE ({', '.join(access.update)}) ON TABLE {table} TO {learner}")
    for sequence in sorted(LEARNER_SEQUENCES):
        sql.append(f"GRANT USAGE ON SEQUENCE {sequence} TO {learner}")
    written = [t for t in names if t in LEARNER and t not in ADMIN_READ_ONLY]
    if written:
        sql.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {', '.join(written)} "
                   f"TO {admin}")
    for table in sorted(set(names) & set(ADMIN_READ_ONLY)):
        sql.append(f"GRANT SELECT ON TABLE {table} TO {admin}")
    sql.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {admin}")
    return sql


def _create_role(name: str) -> str:
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') "
            f"THEN CREATE ROLE {name} NOLOGIN; END IF; END $$")
