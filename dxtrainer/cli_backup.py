"""`dxtrainer backup` and `dxtrainer restore`: checked copies of a local SQLite database and
putting one back. A PostgreSQL server is backed up with pg_dump instead (both commands say so)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common], help=_(
        "データベースのバックアップを作る(既定はバックアップ用フォルダに作り、古いものを整理します)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("このファイルに保存する"))
    p.add_argument("--list", action="store_true", help=_("バックアップの一覧を表示する"))

    p = sub.add_parser("restore", parents=[common], help=_(
        "バックアップからデータベースを復元する(今のデータベースは先にバックアップします)"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", metavar="FILE", help=_("復元に使うバックアップのファイル"))
    which.add_argument("--latest", action="store_true", help=_("最新の使えるバックアップを使う"))


def _service(args: argparse.Namespace):  # noqa: ANN202
    from dxtrainer.cli import _database
    from dxtrainer.services.backups import BackupService

    return BackupService(_database(args))


def _fail(exc: Exception) -> int:
    from dxtrainer.backup_messages import backup_error_text
    from dxtrainer.cli import _err

    code = getattr(exc, "code", "")
    _err(backup_error_text(code, **getattr(exc, "detail", {})))
    return 2 if code in ("backup-server-database", "backup-no-database", "backup-missing",
                         "backup-bad-output",
                         "backup-is-live", "backup-not-ours", "backup-none") else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from dxtrainer.services.errors import ServiceError
    from dxtrainer.services.records import SYSTEM_USER

    service = _service(args)
    try:
        if args.list:
            return _print_list(service.entries(getattr(args, "actor", None) or SYSTEM_USER))
        made = service.take("manual", Path(args.output) if args.output else None)
    except ServiceError as exc:
        return _fail(exc)
    print(_("バックアップを作りました: {path}").format(path=made))
    return 0


def _print_list(entries: list) -> int:  # noqa: ANN001
    from dxtrainer.backup_messages import reason_name

    if not entries:
        print(_("バックアップはまだありません。"))
        return 0
    for e in entries:
        state = (_("職員 {staff} 人・回答 {answers} 件").format(staff=e.staff, answers=e.answers)
                 if e.restorable else _("使えません(壊れているか、別の版のデータベース)"))
        print(f"{e.taken_at:%Y/%m/%d %H:%M}  {reason_name(e.reason)}  "
              f"{e.size / 1_048_576:.1f} MB  {state}  {e.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from dxtrainer.services.errors import ServiceError
    from dxtrainer.services.records import SYSTEM_USER

    service = _service(args)
    actor = getattr(args, "actor", None) or SYSTEM_USER  # set by the HR sign-in gate
    try:
        if args.latest:
            entry = service.latest()
            if entry is None:
                raise ServiceError("backup-none")
            chosen = entry.path
        else:
            chosen = Path(args.file)
        result = service.restore(actor, chosen)
    except ServiceError as exc:
        return _fail(exc)
    print(_("{path} から復元しました(職員 {staff} 人・回答 {answers} 件)。").format(
        path=result.restored_from, staff=result.staff, answers=result.answers))
    if result.safety_copy is not None:
        print(_("復元する前のデータベースは {path} に残してあります。").format(path=result.safety_copy))
    return 0
