"""`dxtrainer import-roster`: the staff roster (CSV or Excel) into the organisation. Without
--apply it only shows what would change; with it, an HR admin signs in and the change is made."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option

    p = sub.add_parser("import-roster", parents=[common],
                       help=_("職員名簿(CSV または Excel)を取り込む。既定は変更内容の確認だけ"))
    p.add_argument("file", metavar="FILE", help=_("名簿ファイル(.csv または .xlsx)"))
    p.add_argument("--full-sync", action="store_true",
                   help=_("名簿にない職員を無効にする(削除はしません)"))
    p.add_argument("--apply", action="store_true", help=_("確認だけでなく、実際に取り込む"))
    p.add_argument("--allow-errors", action="store_true",
                   help=_("エラーのある行を除いて、正しい行だけ取り込む"))
    add_credentials_option(p)


def cmd_import_roster(args: argparse.Namespace) -> int:
    from dxtrainer import roster_messages as say
    from dxtrainer.cli import _open
    from dxtrainer.services.records import SYSTEM_USER
    from dxtrainer.services.roster import RosterService, read_roster

    roster = read_roster(args.file)
    if roster.unreadable:  # before the database is opened: nothing to do with it
        for problem in roster.problems:
            print(say.format_roster_problem(problem), file=sys.stderr)
        return 2
    services = _open(args)
    try:
        service = RosterService(services.sessions)
        if args.apply:  # args.actor: the HR admin who signed in for it
            result = service.apply(args.actor, roster, full_sync=args.full_sync,
                                   allow_errors=args.allow_errors)
            plan = result.plan
        else:
            plan = service.preview(SYSTEM_USER, roster, full_sync=args.full_sync)
    finally:
        services.close()
    for line in say.plan_lines(plan):
        print(line)
    for problem in plan.errors:
        print(say.format_roster_problem(problem))
    print(say.plan_summary(plan))
    if not args.apply:
        if not plan.errors and not plan.is_empty:
            print(_("これは確認です。取り込むには --apply を付けて実行してください。"))
        return 1 if plan.errors else 0
    if not (result.applied and plan.is_empty):
        print(say.result_summary(result))
    if not result.applied:
        if not plan.file_errors:
            print(_("名簿を直して再度実行してください。正しい行だけ取り込むには --allow-errors を"
                    "付けてください。"))
        return 1
    return 0


HANDLERS = {"import-roster": cmd_import_roster}
