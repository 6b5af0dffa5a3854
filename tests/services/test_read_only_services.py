"""A healthy database in a folder nobody may write: opened read-only, HR signs in and reads the
dashboard; anything that would write is refused in words, and the file stays as it was."""

from __future__ import annotations

import shutil
from datetime import date, datetime

from dxtrainer.db.models import Department, Staff
from dxtrainer.db.probe import known_revisions
from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.services.container import open_services
from dxtrainer.services.failures import as_service_error
from tests.conftest import SAMPLE_CONTENT, first_sign_in
from tests.db.unprivileged import run_unprivileged, shared_folder


def test_a_read_only_folder_still_shows_reports_and_refuses_writes_in_words():
    known_revisions()
    period = period_of(PeriodKind.FISCAL_YEAR, date.today())
    with shared_folder() as base:
        content = base / "content"  # the checkout may sit where nobody cannot read
        shutil.copytree(SAMPLE_CONTENT, content)
        for path in [content, *content.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        folder = base / "db"
        folder.mkdir()
        folder.chmod(0o777)
        db = folder / "shared.sqlite3"
        services = open_services(db, content)
        with services.sessions.begin() as s:
            dept = Department(code="a", name="人事課", active=True)
            s.add(dept)
            s.flush()
            hr = Staff(staff_no="0001", name="山田 花子", kana="ヤマダ ハナコ", role="hr",
                       department_id=dept.id, active=True, created_at=datetime.now())
            s.add(hr)
            s.flush()
            hr_id = hr.id
        user = first_sign_in(services, hr_id, "dx2026ok").user
        services.reporting.dashboard(user, period)  # loads what the child will need
        services.training.mark_read(user, "sample-advanced")
        services.close()
        before = db.read_bytes()
        folder.chmod(0o555)

        def look_and_try_to_write() -> list:
            ro = open_services(db, content, read_only=True)
            try:
                me = ro.accounts.sign_in(hr_id, "dx2026ok").user
                board = ro.reporting.dashboard(me, period)
                try:
                    ro.training.mark_read(me, "sample-basics")
                    refused = "written"
                except Exception as exc:  # noqa: BLE001 - the code is what we check
                    refused = as_service_error(exc).code
                return [me.name, type(board).__name__, refused, ro.read_only]
            finally:
                ro.close()

        assert run_unprivileged(look_and_try_to_write) == [
            "山田 花子", "Dashboard", "database-read-only-session", True]
        assert db.read_bytes() == before
        assert [p.name for p in folder.iterdir()] == ["shared.sqlite3"]
