"""`dxtrainer verify-certificate CODE`: whose 修了証 a verification code is, and whether it was
revoked. Reads only (the database is opened read-only) and asks for no sign-in: anyone handed a
certificate may check it. Exit 0 valid, 1 unknown code, 3 revoked."""

from __future__ import annotations

import argparse
from typing import Any

from dxtrainer.i18n import _

EXIT_UNKNOWN = 1
EXIT_REVOKED = 3


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("verify-certificate", parents=[common], help=_(
        "修了証の確認コードを調べ、だれの修了証か・取り消されていないかを表示する(読み取りのみ。"
        "終了コード: 有効 0、見つからない 1、取消 3)"))
    p.add_argument("code", metavar="CODE", help=_(
        "修了証に印刷された確認コード(ハイフン・大文字小文字・全角は区別しません)"))


def cmd_verify_certificate(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _announce, _database, paths_draft
    from dxtrainer.services.container import open_services
    from dxtrainer.services.export_tables import format_date

    database = _database(args)
    _announce(database)
    services = open_services(database, paths_draft(args), read_only=True)
    try:
        row = services.certificates.verify(args.code)
    finally:
        services.close()
    if row is None:
        print(_("確認コード「{code}」の修了証は見つかりません。コードを印刷のとおりに入力したか"
                "確かめてください。").format(code=args.code.strip()))
        return EXIT_UNKNOWN
    if row.revoked_at is not None:
        print(_("この修了証は取り消されています。"))
    else:
        print(_("この修了証は有効です。"))
    print(_("確認コード: {code}").format(code=row.code))
    print(_("氏名: {name}").format(name=row.name))
    print(_("所属(発行時): {department}").format(department=row.department or "—"))
    print(_("コース: {course}").format(course=row.course_title))
    print(_("発行日: {day}").format(day=format_date(row.issued_at.date())))
    if row.revoked_at is not None:
        print(_("取消日: {day}").format(day=format_date(row.revoked_at.date())))
        print(_("取消の理由: {reason}").format(reason=row.revoke_reason or "—"))
        return EXIT_REVOKED
    return 0


HANDLERS = {"verify-certificate": cmd_verify_certificate}
