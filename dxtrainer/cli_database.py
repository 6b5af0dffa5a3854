"""The commands that make or remake a whole database: `upgrade-database` brings one (a shared
server above all) to this app's schema, content mirror and roll-ups, after an HR sign-in and, for
SQLite, a backup; `demo` writes the demo city into an empty one, or remakes a demo; `rebuild`
recomputes the roll-ups from the records."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dxtrainer import __version__
from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option

    p = sub.add_parser("demo", parents=[common],
                       help=_("デモ用の組織と受講記録を作る(既定はデモ用データベース)"))
    p.add_argument("--staff", type=int, default=300, metavar="N", help=_("職員の人数"))
    p.add_argument("--months", type=int, default=14, metavar="M", help=_("受講記録の月数"))
    p.add_argument("--replace", action="store_true",
                   help=_("デモ用のデータベースを作り直す(人事担当者のみ。SQLite は先にバックアップを"
                          "作ります。実在の職員がいるデータベースは作り直しません)"))
    add_credentials_option(p)

    sub.add_parser("rebuild", parents=[common], help=_("集計(ロールアップ)を記録から作り直す"))

    p = sub.add_parser("upgrade-database", parents=[common],
                       help=_("データベースをこの版のアプリに合わせて更新する(形式・教材の登録・集計。"
                              "人事担当者のみ。SQLite は先にバックアップを作ります)"))
    add_credentials_option(p)


def cmd_upgrade_database(args: argparse.Namespace) -> int:
    from dxtrainer import paths
    from dxtrainer.cli import _announce, _content, _database, _err
    from dxtrainer.cli_signin import require_hr
    from dxtrainer.content.loader import load_content
    from dxtrainer.db.engine import (
        SchemaState,
        make_engine,
        may_write,
        schema_state,
        sqlite_path,
        stored_writer_version,
        to_url,
    )
    from dxtrainer.services.database_upgrade import StaffCheck, upgrade_database
    from dxtrainer.services.errors import ServiceError

    database = _database(args)
    _announce(database)
    label = paths.database_label(database)
    url = to_url(database)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        _err(_("データベース {db} が見つかりません。--database でファイルを指定してください。")
             .format(db=database))
        return 2
    engine = make_engine(url)
    try:
        state = schema_state(engine)
        if state == SchemaState.AHEAD or (
                state != SchemaState.EMPTY and not may_write(__version__,
                                                             stored_writer_version(engine))):
            raise ServiceError("database-newer-than-app", database=label)
        check = StaffCheck(engine)
        args.actor = None
        if check.has_staff():  # a database nobody uses yet has nothing to guard
            require_hr(args, check)
        if path is None:
            print(_("PostgreSQL のデータベースは、このコマンドではバックアップしません。更新の前に pg_dump で"
                    "バックアップを取ってあることを確かめてください。"), file=sys.stderr)
        result = upgrade_database(engine, load_content(_content(args)), args.actor)
    finally:
        engine.dispose()
    if result.backup is not None:
        print(_("更新の前にバックアップを作りました: {path}").format(path=result.backup))
    if result.from_revision == result.to_revision and not result.content_updated:
        print(_("データベース「{db}」は既にこの版のアプリに合っています(形式 {rev})。").format(
            db=label, rev=result.to_revision))
        return 0
    print(_("データベース「{db}」を更新しました: 形式 {old} → {new}、教材の登録 {content}、集計 {rollups}。"
            "書き込めるアプリは版 {writer} 以降です。").format(
        db=label, old=result.from_revision or _("なし"), new=result.to_revision,
        content=_("更新") if result.content_updated else _("変更なし"),
        rollups=_("作り直し") if result.rebuilt else _("変更なし"), writer=result.writer_version))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The demo city, only into an empty database; --replace makes a demo anew (HR, backup)."""
    from dxtrainer import paths
    from dxtrainer.cli import _database, _err, _open, _progress_printer
    from dxtrainer.cli_signin import require_hr
    from dxtrainer.services.demo import DemoTarget, clear_demo, demo_target, populate_demo
    from dxtrainer.services.errors import ServiceError

    if args.staff < 1 or not 1 <= args.months <= 120:
        _err(_("--staff は 1 以上、--months は 1〜120 で指定してください。"))
        return 2
    database = _database(args, demo=True)
    label = paths.database_label(database)
    services = _open(args, demo=True, writes=True, sign_in=False)
    target = demo_target(services)
    if target == DemoTarget.REAL:
        services.close()
        raise ServiceError("demo-holds-real-staff", database=label)
    if target == DemoTarget.DEMO and not args.replace:
        services.close()
        print(_("{db} には既にデモ用の組織があるため、何もしませんでした。作り直すには --replace を"
                "付けてください。").format(db=label))
        return 0
    if target == DemoTarget.DEMO:
        try:
            require_hr(args, services.accounts)
        except BaseException:
            services.close()
            raise
        backup = clear_demo(services)  # closes it
        if backup is not None:
            print(_("作り直す前にバックアップを作りました: {path}").format(path=backup))
        from dxtrainer.services.container import open_services

        services = open_services(database, paths.draft_content_dir(args.content))
    try:
        added = populate_demo(services, staff=args.staff, months=args.months,
                              progress=_progress_printer())
        if target == DemoTarget.DEMO:
            _log_demo_replaced(services, args.actor)
    finally:
        services.close()
    print(_("デモ用の組織を作りました(職員 {n} 人): {db}").format(n=added, db=label))
    return 0


def _log_demo_replaced(services, actor) -> None:  # noqa: ANN001
    """Logged in the new demo under the name of the HR admin of the old one (whose staff row
    went with it, so the entry carries the name instead of a link)."""
    from dataclasses import replace

    from dxtrainer.services.organisation import log_access

    with services.sessions.begin() as s:
        log_access(s, replace(actor, staff_id=0), "demo-replace",
                   detail=f"{actor.staff_no} {actor.name}")


def cmd_rebuild(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _open

    services = _open(args, writes=True)
    try:
        services.progress.rebuild_rollups()
    finally:
        services.close()
    print(_("集計を作り直しました。"))
    return 0


HANDLERS = {"demo": cmd_demo, "rebuild": cmd_rebuild, "upgrade-database": cmd_upgrade_database}
