"""`dxtrainer issue-codes`: one-time 初期コード for chosen staff (HR), written at once as printable
notices (PDF, one A4 page a person) and a CSV for a mail merge; the codes are shown nowhere else."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option, guard_command

    p = sub.add_parser("issue-codes", parents=[common], help=_(
        "職員に初期コードを発行し、通知書(PDF)と差し込み印刷用の CSV を作る(人事担当者のみ)"))
    p.add_argument("staff_no", nargs="*", metavar=_("職員番号"), help=_("発行する職員の職員番号"))
    p.add_argument("--waiting", action="store_true", help=_(
        "PIN・パスワードが未設定で、使える初期コードもない職員全員に発行する"))
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help=_("通知書(PDF)と CSV を保存するフォルダ"))
    add_credentials_option(p)
    guard_command("issue-codes")


def cmd_issue_codes(args: argparse.Namespace) -> int:
    from datetime import datetime

    from dxtrainer.cli import _err, _open, _progress_printer
    from dxtrainer.services.code_records import write_codes_csv

    folder = Path(args.output)
    if not folder.is_dir():
        _err(_("{path} というフォルダがありません。通知書を保存する既存のフォルダを -o で指定して"
               "ください。").format(path=folder))
        return 2
    if not args.staff_no and not args.waiting:
        _err(_("発行する職員の職員番号を並べるか、--waiting を指定してください。"))
        return 2
    services = _open(args)
    try:
        people = services.accounts.directory(args.actor)
        by_number = {p.staff_no: p for p in people}
        chosen = [p for p in people if p.needs_code()] if args.waiting else []
        missing = []
        for number in args.staff_no:
            person = by_number.get(_normalise(number))
            if person is None or not person.active:
                missing.append(number)
            elif person not in chosen:
                chosen.append(person)
        if missing:
            _err(_("次の職員番号の職員が見つからないか、無効になっています: {numbers}").format(
                numbers="、".join(missing)))
            return 2
        if not chosen:
            print(_("初期コードが必要な職員はいません。"))
            return 0
        rows = services.accounts.issue_codes(args.actor, [p.id for p in chosen],
                                             progress=_progress_printer())
    finally:
        services.close()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    csv_path = write_codes_csv(rows, folder / f"初期コード-{stamp}.csv")
    pdf_path = folder / f"初期コード通知書-{stamp}.pdf"
    from dxtrainer.ui.code_notice_pdf import render_notices_headless

    pages = render_notices_headless(rows, pdf_path)
    print(_("{n} 人に初期コードを発行しました。通知書: {pdf}({pages} ページ)、CSV: {csv}").format(
        n=len(rows), pdf=pdf_path, pages=pages, csv=csv_path))
    print(_("コードはこの 2 つのファイルにだけ書かれています。配ったら、ファイルは安全な場所に移すか"
            "削除してください。"))
    return 0


def _normalise(number: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", number).strip()


HANDLERS = {"issue-codes": cmd_issue_codes}
