"""Shared fixtures: offscreen Qt, Japanese messages, a temporary database and the test content."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DXTRAINER_LANG"] = "ja"
os.environ.setdefault("DXTRAINER_THEME", "light")

import pytest  # noqa: E402

from dxtrainer import i18n  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_CONTENT = FIXTURES / "content"
REPO = Path(__file__).parent.parent

i18n.install("ja")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user-data folder or database."""
    monkeypatch.setenv("DXTRAINER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DXTRAINER_DATABASE_URL", raising=False)
    monkeypatch.delenv("DXTRAINER_CONTENT", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def services(db_path: Path):
    from dxtrainer.services.container import open_services

    svc = open_services(db_path, SAMPLE_CONTENT)
    yield svc
    svc.close()


@pytest.fixture
def staff(services):
    """Two learners in two departments; returns their ids."""
    from datetime import datetime

    from dxtrainer.db.models import Department, Staff

    with services.sessions.begin() as s:
        a = Department(code="a", name="市民課", active=True)
        b = Department(code="b", name="税務課", active=True)
        s.add_all([a, b])
        s.flush()
        one = Staff(staff_no="1001", name="山田 花子", kana="ヤマダ ハナコ", department_id=a.id,
                    role="learner", active=True, created_at=datetime.now())
        two = Staff(staff_no="1002", name="佐藤 一郎", kana="サトウ イチロウ", department_id=b.id,
                    role="learner", active=True, created_at=datetime.now())
        s.add_all([one, two])
        s.flush()
        return one.id, two.id


def first_sign_in(services, staff_id: int, secret: str):
    """The only way into a new account: HR issues a 初期コード, and the person exchanges it for
    their own PIN or password. Returns the SignInResult."""
    from dxtrainer.services.records import SYSTEM_USER

    [issued] = services.accounts.issue_codes(SYSTEM_USER, [staff_id])
    return services.accounts.claim(staff_id, issued.code, secret)


@pytest.fixture
def user(services, staff):
    return first_sign_in(services, staff[0], "1234").user


@pytest.fixture
def other_user(services, staff):
    return first_sign_in(services, staff[1], "5678").user


def postgres_url_or_skip() -> str:
    """The test server's URL. Skips when none is configured, but fails when .ci/run started one
    (DXTRAINER_TEST_POSTGRES_REQUIRED): a server that cannot be reached there is a real failure."""
    url = os.environ.get("DXTRAINER_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("DXTRAINER_TEST_POSTGRES_REQUIRED"):
            pytest.fail("DXTRAINER_TEST_POSTGRES_REQUIRED is set but no URL is configured")
        pytest.skip("no PostgreSQL test database configured (DXTRAINER_TEST_POSTGRES_URL)")
    return url


@pytest.fixture
def postgres_url() -> str:
    """An empty PostgreSQL database (its public schema dropped and made anew) for one test."""
    from sqlalchemy import create_engine, text

    url = postgres_url_or_skip()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
    return url
