"""Two HR PCs change the organisation at the same moment: real processes, started together at a
barrier before each step, on SQLite and on PostgreSQL. They import the same roster file, the same
setup bundle (roster, 必修研修 and content), anonymise the same leavers and change the same
settings. Afterwards every person, department and assignment is there once, the content was
published once, each leaver was anonymised (and logged) once, the settings hold one of the values
written, and neither process failed.

Time budget: under 20 s per engine on a shared 2-core machine (two spawned Python processes that
each open the services).
"""

from __future__ import annotations

import multiprocessing
import shutil
import traceback
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import AccessLog, Assignment, ContentPublication, Department, Meta, Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.personal_data import ANONYMOUS_NAME
from dxtrainer.services.records import SYSTEM_USER
from dxtrainer.services.setup_bundle import SetupBundleService
from tests.conftest import SAMPLE_CONTENT
from tests.processes import database_url, run_together
from tests.services.test_roster import HEADER, write_csv
from tests.services.test_setup_bundle import central

HR_PCS = 2
TIMEOUT = 120  # seconds a process may take before the test gives up on it
TODAY = date(2026, 11, 30)
ROSTER = [HEADER, *(f"{2001 + n},職員 {n},ショクイン,市民部 市民課 窓口係,,2024/04/01"
                    for n in range(20))]
LEAVERS = 5  # left in 2015: past the five-year retention


def _hr_pc(url: str, roster: str, bundle: bytes, leavers: list[int], number: int,
           barrier, out) -> None:  # noqa: ANN001
    """One HR PC: each step as soon as the other PC is ready for it too."""
    report: dict[str, Any] = {"error": None}
    try:
        from dxtrainer.services.container import open_services
        from dxtrainer.services.records import SYSTEM_USER
        from dxtrainer.services.setup_bundle import SetupBundleService
        from dxtrainer.services.xapi import XapiService

        services = open_services(url)
        barrier.wait(timeout=TIMEOUT)
        report["roster"] = services.roster.apply(SYSTEM_USER, roster, today=TODAY).applied
        barrier.wait(timeout=TIMEOUT)
        setup = SetupBundleService(services.sessions, services.publishing)
        report["setup"] = setup.apply(SYSTEM_USER, bundle, today=TODAY).publication
        barrier.wait(timeout=TIMEOUT)
        report["anonymised"] = services.personal.anonymise_leavers(SYSTEM_USER, leavers, TODAY)
        barrier.wait(timeout=TIMEOUT)
        services.personal.set_retention_years(SYSTEM_USER, 6 + number)
        XapiService(services.sessions).set_home_page(SYSTEM_USER, f"https://pc{number}.example")
        services.close()
    except BaseException:  # noqa: BLE001 - everything goes back to the test
        report["error"] = traceback.format_exc()
        barrier.abort()  # the other one need not wait for it
    out.put(report)


def _change_together(url: Path | str, tmp_path: Path) -> None:
    source = central(tmp_path / "central.sqlite3")
    target = open_services(url, SAMPLE_CONTENT)
    try:
        edited = tmp_path / "edited"  # the central database's content is newer than this one's
        shutil.copytree(SAMPLE_CONTENT, edited)
        with (edited / "lessons" / "sample-basics.md").open("a", encoding="utf-8") as f:
            f.write("\n追記した段落です。\n")
        assert source.publishing.publish(SYSTEM_USER, edited).publication is not None
        bundle = SetupBundleService(source.sessions, source.publishing).export(SYSTEM_USER)
        with target.sessions.begin() as s:
            people = [Staff(staff_no=f"9{n:03}", name=f"退職 {n}", kana="", role="learner",
                            active=False, left_on=date(2015, 3, 31), created_at=datetime.now())
                      for n in range(LEAVERS)]
            s.add_all(people)
            s.flush()
            leavers = [p.id for p in people]
            before = s.scalar(select(func.count()).select_from(ContentPublication))
        roster = write_csv(tmp_path, ROSTER)
        database = database_url(url)
        ctx = multiprocessing.get_context("spawn")
        barrier, out = ctx.Barrier(HR_PCS), ctx.Queue()
        procs = [ctx.Process(target=_hr_pc, args=(database, str(roster), bundle, leavers, n,
                                                  barrier, out))
                 for n in range(HR_PCS)]
        reports = run_together(procs, out, TIMEOUT)
        errors = [r["error"] for r in reports if r["error"]]
        assert not errors, errors[0]
        assert [p.exitcode for p in procs] == [0] * HR_PCS
        assert all(r["roster"] for r in reports)
        assert sum(r["anonymised"] for r in reports) == LEAVERS
        assert len({r["setup"] for r in reports}) == 1  # both name the one new publication

        with target.sessions() as s:
            numbers = s.scalars(select(Staff.staff_no)).all()
            assert len(numbers) == len(set(numbers)) == 20 + 2 + LEAVERS
            codes = s.scalars(select(Department.code)).all()
            assert len(codes) == len(set(codes))
            names = s.scalars(select(Department.name)).all()
            assert sorted(names) == sorted(set(names))  # the roster's 市民部 … made once
            assert s.scalar(select(func.count()).select_from(Assignment)) == 1
            assert s.scalar(select(func.count()).select_from(ContentPublication)) == before + 1
            assert s.scalar(select(func.count()).where(Staff.name == ANONYMOUS_NAME)) == LEAVERS
            assert s.scalar(select(func.count()).where(AccessLog.action == "anonymise")) \
                == LEAVERS
            assert s.scalar(select(func.count()).where(AccessLog.action == "roster-import")) \
                == HR_PCS
            settings = dict(s.execute(select(Meta.key, Meta.value).where(
                Meta.key.in_(["retention_years", "xapi_home_page"]))).all())
        assert settings["retention_years"] in {"6", "7"}
        assert settings["xapi_home_page"] in {"https://pc0.example", "https://pc1.example"}
    finally:
        source.close()
        target.close()


def test_two_hr_pcs_change_the_organisation_at_once_on_sqlite(tmp_path: Path) -> None:
    _change_together(tmp_path / "city.sqlite3", tmp_path)


def test_two_hr_pcs_change_the_organisation_at_once_on_postgresql(
        request: pytest.FixtureRequest, tmp_path: Path) -> None:
    _change_together(request.getfixturevalue("postgres_url"), tmp_path)


def _set_up(url: str, number: int, barrier, out) -> None:  # noqa: ANN001
    """はじめての設定 on one PC of a new shared server."""
    report: dict[str, Any] = {"error": None, "admin": None}
    try:
        from dxtrainer.services.container import open_services
        from dxtrainer.services.organisation import AccessDenied

        services = open_services(url)
        barrier.wait(timeout=TIMEOUT)
        try:
            report["admin"] = services.accounts.create_first_admin(
                f"100{number}", f"人事 {number}", "", "人事課", "first-admin-2026").staff_no
        except AccessDenied:
            report["admin"] = "refused"
        services.close()
    except BaseException:  # noqa: BLE001
        report["error"] = traceback.format_exc()
        barrier.abort()
    out.put(report)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_two_pcs_setting_up_one_new_server_make_one_first_admin(
        request: pytest.FixtureRequest, tmp_path: Path, engine: str) -> None:
    url = (request.getfixturevalue("postgres_url") if engine == "postgresql"
           else tmp_path / "new.sqlite3")
    open_services(url, SAMPLE_CONTENT).close()
    database = database_url(url)
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(HR_PCS), ctx.Queue()
    procs = [ctx.Process(target=_set_up, args=(database, n, barrier, out)) for n in range(HR_PCS)]
    reports = run_together(procs, out, TIMEOUT)
    assert not any(r["error"] for r in reports), [r["error"] for r in reports]
    admins = sorted(r["admin"] for r in reports)
    assert admins[-1] == "refused" and admins[0].startswith("100"), admins
    services = open_services(url)
    try:
        assert services.accounts.hr_admin_count() == 1
        with services.sessions() as s:
            assert s.scalar(select(func.count()).where(Department.name == "人事課")) == 1
    finally:
        services.close()
