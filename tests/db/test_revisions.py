"""db/revisions.py knows this app's Alembic revisions without importing Alembic: it must agree
with Alembic's own reading of the same files, and opening a database at head must not import
Alembic (nor Mako and Pygments, which it pulls in)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from dxtrainer.db import revisions
from dxtrainer.db.engine import (
    MIGRATIONS,
    SchemaState,
    current_revision,
    declared_writer_version,
    head_revision,
    make_engine,
    migrate,
    required_writer_version,
    schema_state,
    to_url,
)
from dxtrainer.db.probe import known_revisions

REPO = Path(__file__).resolve().parents[2]


def alembic_scripts():  # noqa: ANN201
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_the_revisions_read_as_text_are_alembics():
    scripts = alembic_scripts()
    theirs = [(s.revision, s.down_revision, getattr(s.module, "min_writer_version", None))
              for s in scripts.walk_revisions()]  # newest first
    ours = [(r.revision, r.down_revision, r.min_writer_version) for r in revisions.revisions()]
    assert ours == theirs
    assert head_revision() == scripts.get_current_head() == revisions.head()
    assert known_revisions() == {s.revision for s in scripts.walk_revisions()}
    assert required_writer_version() == declared_writer_version(
        s.module for s in scripts.walk_revisions())


def test_the_current_revision_is_read_with_plain_sql(db_path):
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(to_url(db_path))
    assert current_revision(engine) is None
    assert schema_state(engine) == SchemaState.EMPTY
    migrate(engine)
    with engine.connect() as conn:
        assert current_revision(engine) == MigrationContext.configure(conn).get_current_revision()
    assert current_revision(engine) == revisions.head()
    assert schema_state(engine) == SchemaState.CURRENT
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    assert schema_state(engine) == SchemaState.BEHIND
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    assert schema_state(engine) == SchemaState.AHEAD
    engine.dispose()


def test_a_revision_file_with_an_annotated_assignment_is_read(tmp_path):
    module = tmp_path / "0009_x.py"
    module.write_text('from alembic import op\nrevision: str = "0009"\n'
                      'down_revision: str | None = "0008"\nmin_writer_version = "0.4.0"\n',
                      encoding="utf-8")
    read = revisions._read(module)
    assert read is not None
    assert (read.revision, read.down_revision, read.min_writer_version) == ("0009", "0008", "0.4.0")


def test_opening_a_database_at_head_imports_no_alembic(db_path):
    # Budget: one subprocess opening a small SQLite file, about 3 s.
    from dxtrainer.services.container import open_services

    open_services(db_path).close()  # made and migrated here (that needs Alembic)
    script = ("import json, sys\n"
              "from dxtrainer.services.container import open_services\n"
              "open_services(sys.argv[1]).close()\n"
              "print(json.dumps([m for m in ('alembic', 'mako', 'pygments') if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
