"""`dxtrainer export-xapi`: learning records as xAPI 1.0.3 statements, to a JSON Lines file and/or
a Learning Record Store. HR sign-in; logged. The LRS's user and password come from a private file
(`--lrs-credentials`, one line「user:password」), never from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option, guard_command

    p = sub.add_parser("export-xapi", parents=[common], help=_(
        "学習記録を xAPI 1.0.3 のステートメントとして書き出す・LRS に送る(人事担当者のみ)"))
    p.add_argument("--since", metavar="YYYY-MM-DD", help=_("この日以降の記録だけ"))
    p.add_argument("-o", "--output", metavar="FILE.jsonl", help=_("書き出す JSON Lines ファイル"))
    p.add_argument("--lrs", metavar="URL", help=_("送り先の LRS(例: https://lrs.example.jp/xAPI)"))
    p.add_argument("--lrs-credentials", metavar="FILE",
                   help=_("LRS のユーザー名とパスワードを「user:password」の 1 行で書いたファイル"))
    p.add_argument("--home-page", metavar="URL", help=_(
        "職員番号のアカウントを置くホームページ(組織のアドレス)を設定する"))
    add_credentials_option(p)
    guard_command("export-xapi")


def cmd_export_xapi(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _err, _open, _refuse_output_or_database, since_date
    from dxtrainer.services.xapi import XapiService

    if not args.output and not args.lrs:
        _err(_("-o(ファイル)か --lrs(送り先)の少なくとも一方を指定してください。"))
        return 2
    ok, since = since_date(args.since)
    if not ok:
        return 2
    user = password = ""
    if args.lrs_credentials:
        try:
            user, _sep, password = Path(args.lrs_credentials).read_text(
                encoding="utf-8").strip().partition(":")
        except OSError as exc:
            _err(_("{path} を読めません({detail})。").format(path=args.lrs_credentials,
                                                          detail=exc.strerror or exc))
            return 2
    output = Path(args.output) if args.output else None
    if output is not None and _refuse_output_or_database(args, output):
        return 2
    services = _open(args)
    try:
        xapi = XapiService(services.sessions)
        if args.home_page:
            xapi.set_home_page(args.actor, args.home_page)
        statements = xapi.statements(args.actor, since)
    finally:
        services.close()
    if output is not None:
        output.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in statements),
                          encoding="utf-8")
        print(_("{n} 件のステートメントを書き出しました: {path}").format(n=len(statements),
                                                                 path=output))
    if args.lrs:
        result = xapi.send(statements, args.lrs, user, password)
        print(_("LRS に送りました: 新しく保存 {sent} 件、保存済み {already} 件").format(
            sent=result.sent, already=result.already))
    return 0


HANDLERS = {"export-xapi": cmd_export_xapi}
