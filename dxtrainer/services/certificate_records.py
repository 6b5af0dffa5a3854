"""A 修了証 as the screens, the PDF and the CSV see it (no database here, so the UI's PDF
renderer may import it), and the verification code's alphabet and grouping."""

from __future__ import annotations

import csv
import io
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dxtrainer.i18n import _

# 32 symbols without look-alikes (no 0/O, 1/I), as the 初期コード: 12 of them carry 60 random bits.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
GROUP = 4


def new_code() -> str:
    """A fresh code from `secrets` (60 bits), stored without hyphens."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """ABCD-EFGH-JKLM: groups of four, for reading aloud and typing."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(text: str) -> str:
    """What a person typed: full-width, lower case, spaces and hyphens (any dash) are forgiven."""
    plain = unicodedata.normalize("NFKC", text).upper()
    return "".join(c for c in plain if c.isascii() and c.isalnum())


@dataclass(frozen=True)
class CertificateRow:
    """One issued 修了証 (valid or revoked)."""

    id: str
    code: str  # formatted "ABCD-EFGH-JKLM"
    staff_id: int
    staff_no: str
    name: str
    department: str  # 所属 at issue
    course_id: str
    course_title: str  # as printed
    issued_at: datetime
    revoked_at: datetime | None = None
    revoke_reason: str = ""

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def certificates_csv(rows: Sequence[CertificateRow]) -> bytes:
    """UTF-8 with BOM (Excel opens it as Japanese), one row per certificate."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow((_("確認コード"), _("職員番号"), _("氏名"), _("所属(発行時)"), _("コース"),
                     _("発行日"), _("状態"), _("取消日"), _("取消の理由")))
    for row in rows:
        writer.writerow((row.code, row.staff_no, row.name, row.department, row.course_title,
                         row.issued_at.strftime("%Y/%m/%d"),
                         _("取消") if row.revoked else _("有効"),
                         row.revoked_at.strftime("%Y/%m/%d") if row.revoked_at else "",
                         row.revoke_reason))
    return buffer.getvalue().encode("utf-8-sig")


def write_certificates_csv(rows: Sequence[CertificateRow], path: str | Path) -> Path:
    target = Path(path)
    target.write_bytes(certificates_csv(rows))
    return target
