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
    from dxtrainer.cli_signin import add_credentials_option, guard_command

    add_credentials_option(p)
    guard_command("restore")


def _service(args: argparse.Namespace):  # noqa: ANN202
    from dxtrainer.cli import _announce, _database
    from dxtrainer.services.backups import BackupService

    database = _database(args)
    _announce(database)
    return BackupService(database)


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
    try:
        if args.latest:
            entry = service.latest()
            if entry is None:
                raise ServiceError("backup-none")
            chosen = entry.path
        else:
            chosen = Path(args.file)
        _sign_in_for_restore(args, chosen)
        result = service.restore(args.actor or SYSTEM_USER, chosen)
    except ServiceError as exc:
        return _fail(exc)
    print(_("{path} から復元しました(職員 {staff} 人・回答 {answers} 件)。").format(
        path=result.restored_from, staff=result.staff, answers=result.answers))
    if result.safety_copy is not None:
        print(_("復元する前のデータベースは {path} に残してあります。").format(path=result.safety_copy))
    return 0


def _sign_in_for_restore(args: argparse.Namespace, backup: Path) -> None:
    """Restoring replaces the organisation's data, so an HR admin signs in first (`args.actor`):
    against the current database, or, when that cannot be opened (it is damaged: the very reason
    to restore), against a scratch copy of the backup, where the person must be HR too."""
    import shutil
    import tempfile

    from dxtrainer.cli import _database
    from dxtrainer.cli_signin import require_hr
    from dxtrainer.db.engine import make_engine, to_url
    from dxtrainer.db.probe import DatabaseOpenError
    from dxtrainer.services.database_upgrade import StaffCheck
    from dxtrainer.services.errors import ServiceError
    from dxtrainer.services.failures import opening_error

    url = to_url(_database(args))
    try:
        engine = make_engine(url)
    except DatabaseOpenError as exc:
        if exc.code != "damaged":
            raise opening_error(exc, url) from exc
        engine = None
    if engine is not None:
        try:
            require_hr(args, StaffCheck(engine))
        finally:
            engine.dispose()
        return
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "check.sqlite3"
        try:
            shutil.copyfile(backup, copy)
        except OSError as exc:
            raise ServiceError("backup-missing", path=str(backup)) from exc
        engine = make_engine(to_url(copy))
        try:
            require_hr(args, StaffCheck(engine))
        finally:
            engine.dispose()


HANDLERS = {"backup": cmd_backup, "restore": cmd_restore}
