"""`dxtrainer upgrade-database`: brings a database (a shared server above all) to this app's
schema, content mirror and roll-ups, after an HR sign-in and, for SQLite, a backup."""

from __future__ import annotations

import argparse
import sys

from dxtrainer import __version__
from dxtrainer.i18n import _


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
