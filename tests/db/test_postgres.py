"""The same organisation on PostgreSQL gives the same figures as on SQLite (run when
DXTRAINER_TEST_POSTGRES_URL names an empty database you may wipe; .ci/run starts one when the
machine has PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.services.container import open_services
from dxtrainer.services.demo_org import generate
from dxtrainer.services.records import SYSTEM_USER
from dxtrainer.services.rollups import rebuild
from tests.conftest import SAMPLE_CONTENT
from tests.services.test_training import rollup_snapshot


@pytest.fixture
def pg_services(postgres_url):
    services = open_services(postgres_url, SAMPLE_CONTENT)
    yield services
    services.close()


def test_postgres_and_sqlite_agree_on_the_dashboard(pg_services, tmp_path):
    today = date.today()
    lite = open_services(tmp_path / "same.sqlite3", SAMPLE_CONTENT)
    try:
        for services in (pg_services, lite):
            generate(services, staff=80, months=8, today=today, seed=11)
        period = period_of(PeriodKind.FISCAL_YEAR, today)
        boards = [s.reporting.dashboard(SYSTEM_USER, period, today=today)
                  for s in (pg_services, lite)]
        assert boards[0].participation == boards[1].participation
        assert boards[0].completion == boards[1].completion
        assert boards[0].average_score.value == pytest.approx(boards[1].average_score.value)
        assert [r.staff for r in boards[0].departments] == [r.staff for r in boards[1].departments]
    finally:
        lite.close()
    before = rollup_snapshot(pg_services)
    with pg_services.sessions.begin() as s:
        rebuild(s)
    assert rollup_snapshot(pg_services) == before
