"""An offline PC prepared from the central database: roster, membership history, 必修研修 and the
published content arrive; no PIN, password or 初期コード travels; importing twice changes nothing;
an altered file is refused. The first case also runs from a central PostgreSQL server to an
offline SQLite PC and the other way (about 2 s each)."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dxtrainer.db.models import Assignment, ContentPublication, Department, Membership, Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.credentials import hash_secret
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.publishing import cache_root, published_folder
from dxtrainer.services.records import SYSTEM_USER
from dxtrainer.services.setup_bundle import SetupBundleService
from tests.conftest import SAMPLE_CONTENT


def central(path: Path | str):  # noqa: ANN201
    services = open_services(path, SAMPLE_CONTENT)
    with services.sessions.begin() as s:
        top = Department(code="100", name="総務部", level=1, active=True)
        s.add(top)
        s.flush()
        unit = Department(code="110", name="情報政策課", parent_id=top.id, level=2, active=True)
        s.add(unit)
        s.flush()
        for no, name, role in (("1001", "山田 花子", "learner"), ("1002", "佐藤 一郎", "manager")):
            person = Staff(staff_no=no, name=name, kana="", role=role, active=True,
                           department_id=unit.id, credential=hash_secret("secret-1234"),
                           code_hash=hash_secret("ABCD2345"), created_at=datetime.now())
            s.add(person)
            s.flush()
            s.add(Membership(staff_id=person.id, department_id=unit.id,
                             valid_from=date(2024, 4, 1), valid_to=None))
        s.add(Assignment(title="DX基礎研修", lesson_ids=["sample-basics"], course_id=None,
                         department_id=None, role=None, hired_after=None,
                         deadline=date(2027, 3, 31), created_at=datetime.now(), active=True))
    return services


def published_files(session) -> dict[str, bytes]:  # noqa: ANN001
    folder = published_folder(session)
    assert folder is not None
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def setup(services) -> SetupBundleService:  # noqa: ANN001
    return SetupBundleService(services.sessions, services.publishing)


def where(request, tmp_path: Path, engine: str, name: str) -> Path | str:  # noqa: ANN001
    return (tmp_path / f"{name}.sqlite3" if engine == "sqlite"
            else request.getfixturevalue("postgres_url"))


@pytest.mark.parametrize("central_on, offline_on", [
    ("sqlite", "sqlite"), ("postgresql", "sqlite"), ("sqlite", "postgresql")])
def test_an_offline_pc_gets_roster_assignments_and_content_but_no_secret(
        request, tmp_path: Path, central_on: str, offline_on: str):
    a = central(where(request, tmp_path, central_on, "central"))
    b = open_services(where(request, tmp_path, offline_on, "offline"), tmp_path / "nothing-yet")
    try:
        with a.sessions() as s:
            sent = published_files(s)
        shutil.rmtree(cache_root(), ignore_errors=True)  # the files come from the database
        data = setup(a).export(SYSTEM_USER)
        text = data.decode("utf-8")
        assert "scrypt" not in text and "credential" not in text and "code_hash" not in text
        result = setup(b).apply(SYSTEM_USER, data)
        assert (result.staff_added, result.departments) == (2, 2)
        assert result.publication is not None
        with b.sessions() as s:
            people = s.scalars(select(Staff).order_by(Staff.staff_no)).all()
            assert [(p.staff_no, p.role) for p in people] == [("1001", "learner"),
                                                              ("1002", "manager")]
            assert all(p.credential is None and p.code_hash is None for p in people)
            dept = s.scalar(select(Department).where(Department.code == "110"))
            assert dept.name == "情報政策課" and people[0].department_id == dept.id
            assert s.scalar(select(func.count()).select_from(Membership)) == 2
            assert s.scalar(select(Assignment.title)) == "DX基礎研修"
            publications = s.scalar(select(func.count()).select_from(ContentPublication))
        shutil.rmtree(cache_root(), ignore_errors=True)
        with b.sessions() as s:  # the offline PC serves the same files, read from its database
            assert published_files(s) == sent and sent
        again = setup(b).apply(SYSTEM_USER, data)
        assert (again.staff_added, again.staff_updated) == (0, 0)
        with b.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Staff)) == 2
            assert s.scalar(select(func.count()).select_from(Membership)) == 2
            assert s.scalar(select(func.count()).select_from(Assignment)) == 1
            assert s.scalar(select(func.count()).select_from(ContentPublication)) == publications
    finally:
        a.close()
        b.close()


def test_an_altered_setup_file_is_refused_with_nothing_written(tmp_path: Path):
    a = central(tmp_path / "central.sqlite3")
    b = open_services(tmp_path / "offline.sqlite3", SAMPLE_CONTENT)
    try:
        data = setup(a).export(SYSTEM_USER).replace("山田 花子".encode(), "山田 太郎".encode())
        with pytest.raises(ServiceError) as caught:
            setup(b).apply(SYSTEM_USER, data)
        assert caught.value.code == "bundle-altered"
        with b.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Staff)) == 0
    finally:
        a.close()
        b.close()
