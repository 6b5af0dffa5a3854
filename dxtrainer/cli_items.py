"""`dxtrainer item-stats`: how each question performs (facility, discrimination, choice shares,
flags, worst first) as CSV, JSON or Excel. Reads only, and names nobody: trainers and HR may run
it without the HR sign-in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("item-stats", parents=[common], help=_(
        "問題ごとの統計(正答率・識別力・選択肢ごとの割合・気づき)を書き出す。個人は含みません"))
    p.add_argument("--format", choices=["csv", "json", "xlsx"],
                   help=_("形式(省略すると -o の拡張子から決め、なければ csv)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("書き出すファイル(省略すると画面に出力)"))


def cmd_item_stats(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _err, _open, _refuse_output_or_database
    from dxtrainer.services.item_export import render
    from dxtrainer.services.records import SYSTEM_USER

    output = Path(args.output) if args.output else None
    fmt = args.format or (output.suffix.lower().lstrip(".") if output else "csv")
    if fmt not in ("csv", "json", "xlsx"):
        _err(_("形式が分かりません。--format に csv・json・xlsx のどれかを指定してください。"))
        return 2
    if fmt == "xlsx" and output is None:
        _err(_("Excel 形式は -o でファイルを指定してください。"))
        return 2
    if _refuse_output_or_database(args, output):
        return 2
    services = _open(args, writes=False, sign_in=False)
    try:
        stats, limits = services.items.report(SYSTEM_USER)  # aggregates only
    finally:
        services.close()
    data = render(stats, limits, fmt)
    if output is None:
        sys.stdout.write(data.decode("utf-8-sig" if fmt == "csv" else "utf-8"))
        return 0
    output.write_bytes(data)
    print(_("書き出しました: {path}(問題 {n} 問)").format(path=output, n=len(stats)))
    return 0


HANDLERS = {"item-stats": cmd_item_stats}
