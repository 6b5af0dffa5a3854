"""Personal data commands (HR only, every use logged): `export-person` for a 開示請求,
`access-log` to read who opened whose records, `anonymise-leavers` after the retention period."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option, guard_command

    p = sub.add_parser("export-person", parents=[common], help=_(
        "一人の職員について保有しているすべての記録を書き出す(開示請求用、人事担当者のみ)"))
    p.add_argument("staff_no", metavar=_("職員番号"), help=_("書き出す職員の職員番号"))
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help=_("書き出す JSON ファイル"))
    add_credentials_option(p)
    guard_command("export-person")

    p = sub.add_parser("access-log", parents=[common], help=_(
        "アクセス記録(誰が誰の記録を見たか、初期コードの発行、書き出し)を CSV で書き出す(人事担当者のみ)"))
    p.add_argument("--since", metavar="YYYY-MM-DD", help=_("この日以降の記録だけ"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("書き出す CSV ファイル"))
    add_credentials_option(p)
    guard_command("access-log")

    p = sub.add_parser("anonymise-leavers", parents=[common], help=_(
        "保存期間を過ぎた退職者の氏名・職員番号を消す(集計は残る)。--apply なしでは一覧を表示するだけ"))
    p.add_argument("--years", type=int, metavar="N",
                   help=_("保存期間(退職からの年数)を変更する(既定 5 年)"))
    p.add_argument("--apply", action="store_true", help=_("一覧の職員を実際に匿名化する"))
    add_credentials_option(p)
    guard_command("anonymise-leavers")


def cmd_export_person(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _open, _refuse_output_or_database
    from dxtrainer.services.personal_data import PersonalDataService

    output = Path(args.output)
    if _refuse_output_or_database(args, output):
        return 2
    services = _open(args)
    try:
        data = PersonalDataService(services.sessions).export_person(args.actor, args.staff_no)
    finally:
        services.close()
    output.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    counts = sum(len(v) for v in data.values() if isinstance(v, list))
    print(_("書き出しました: {path}(記録 {n} 件)。この書き出しはアクセス記録に残ります。").format(
        path=output, n=counts))
    return 0


def cmd_access_log(args: argparse.Namespace) -> int:
    from dxtrainer.cli import export_since
    from dxtrainer.services.personal_data import PersonalDataService, access_log_csv

    done = export_since(args, lambda services, since: PersonalDataService(
        services.sessions).access_log(args.actor, since))
    if done is None:
        return 2
    output, rows = done
    output.write_bytes(access_log_csv(rows))
    print(_("書き出しました: {path}({n} 件)").format(path=output, n=len(rows)))
    return 0


def cmd_anonymise_leavers(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _open
    from dxtrainer.services.personal_data import PersonalDataService

    services = _open(args)
    try:
        service = PersonalDataService(services.sessions)
        if args.years is not None:
            service.set_retention_years(args.actor, args.years)
        years = service.retention_years()
        leavers = service.leavers_past_retention(args.actor)
        if not leavers:
            print(_("退職から {years} 年を過ぎた、匿名化の対象者はいません。").format(years=years))
            return 0
        print(_("退職から {years} 年を過ぎた職員({n} 人):").format(years=years, n=len(leavers)))
        for person in leavers:
            print(f"  {person.staff_no}  {person.name}  "
                  + _("退職日 {day}").format(day=person.left_on.isoformat()))
        if not args.apply:
            print(_("匿名化するには --apply を付けて実行してください。回答や修了の記録は集計のために"
                    "残り、氏名・職員番号・Windows アカウントが消えます。元には戻せません。"))
            return 0
        done = service.anonymise_leavers(args.actor, [p.staff_id for p in leavers])
    finally:
        services.close()
    print(_("{n} 人を匿名化しました。アクセス記録に残っています。").format(n=done))
    return 0


HANDLERS = {"export-person": cmd_export_person, "access-log": cmd_access_log,
            "anonymise-leavers": cmd_anonymise_leavers}
