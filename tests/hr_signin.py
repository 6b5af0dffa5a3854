"""An HR admin with a password, and a --credentials file for the command line's HR sign-in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from tests.conftest import SAMPLE_CONTENT

HR_NO = "9000"
HR_PASSWORD = "jinji2026pass"


def add_hr_admin(database: str | Path, staff_no: str = HR_NO, password: str = HR_PASSWORD,
                 role: str = "hr") -> int:
    """The person's id (added once; a second call finds them)."""
    from dxtrainer.db.models import Staff
    from dxtrainer.services.container import open_services
    from dxtrainer.services.credentials import hash_secret

    services = open_services(database, SAMPLE_CONTENT)
    try:
        with services.sessions.begin() as s:
            found = s.scalar(select(Staff.id).where(Staff.staff_no == staff_no))
            if found is not None:
                return found
            person = Staff(staff_no=staff_no, name="人事 太郎", kana="ジンジ タロウ", role=role,
                           active=True, credential=hash_secret(password),
                           created_at=datetime.now())
            s.add(person)
            s.flush()
            return person.id
    finally:
        services.close()


def credentials_file(folder: Path, staff_no: str = HR_NO, password: str = HR_PASSWORD,
                     name: str = "hr.txt") -> Path:
    path = folder / name
    path.write_text(f"{staff_no}\n{password}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def as_hr(folder: Path, database: str | Path) -> list[str]:
    """The options that sign the HR admin in (made first when the database has none)."""
    add_hr_admin(database)
    return ["--credentials", str(credentials_file(folder))]
