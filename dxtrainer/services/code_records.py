"""A freshly issued 初期コード as the screens, the notices and the CSV see it (no database here,
so the UI's PDF renderer may import it)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dxtrainer.i18n import _
from dxtrainer.services.records import Role


@dataclass(frozen=True)
class IssuedCode:
    """One person's new code, to be shown once, printed and exported; never stored in clear."""

    staff_id: int
    staff_no: str
    name: str
    department: str
    code: str  # formatted "ABCD-EFGH"
    expires_at: datetime
    role: Role = Role.LEARNER  # learners choose a PIN, everyone else a password


def write_codes_csv(rows: Sequence[IssuedCode], path: str | Path) -> Path:
    """UTF-8 with BOM, one row per person, for a mail merge in Word or Excel."""
    target = Path(path)
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow((_("職員番号"), _("氏名"), _("所属"), _("初期コード"), _("有効期限")))
        for row in rows:
            writer.writerow((row.staff_no, row.name, row.department, row.code,
                             row.expires_at.strftime("%Y/%m/%d %H:%M")))
    return target
