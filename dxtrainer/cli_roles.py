"""`dxtrainer setup-postgres-roles`: least-privilege roles for a shared PostgreSQL server
(HR sign-in, logged); `--print` only shows the SQL and needs neither a sign-in nor a server."""

from __future__ import annotations

import argparse
from typing import Any

from dxtrainer.i18n import _

# db/roles.py's LEARNER_ROLE and ADMIN_ROLE, spelt here: the GUI starts through the command line,
# and nothing of dxtrainer.db may load before its first paint (tests check they agree).
LEARNER_ROLE = "dxtrainer_learner"
ADMIN_ROLE = "dxtrainer_hr"


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option, guard_command

    p = sub.add_parser("setup-postgres-roles", parents=[common], help=_(
        "共有の PostgreSQL サーバーに、受講者用と管理者用の最小限の権限のロールを作る(人事担当者のみ)"))
    p.add_argument("--print", dest="print_only", action="store_true",
                   help=_("実行する SQL を表示するだけで、データベースは変えません"))
    p.add_argument("--learner-role", default=LEARNER_ROLE, metavar=_("名前"),
                   help=_("受講者用ロールの名前(既定: {name})").format(name=LEARNER_ROLE))
    p.add_argument("--admin-role", default=ADMIN_ROLE, metavar=_("名前"),
                   help=_("管理者用ロールの名前(既定: {name})").format(name=ADMIN_ROLE))
    add_credentials_option(p)
    guard_command("setup-postgres-roles", lambda a: not getattr(a, "print_only", False))


def cmd_setup_postgres_roles(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _err, _open
    from dxtrainer.db.roles import valid_role_name
    from dxtrainer.services.postgres_roles import apply_roles, roles_sql

    for name in (args.learner_role, args.admin_role):
        if not valid_role_name(name):
            _err(_("ロール名「{name}」は使えません。英小文字・数字・_ だけで、英小文字か _ で始まる"
                   "名前にしてください。").format(name=name))
            return 2
    if args.print_only:
        for statement in roles_sql(None, args.learner_role, args.admin_role):
            print(statement + ";")
        return 0
    services = _open(args, writes=True)
    try:
        sql = apply_roles(services.engine, services.sessions, args.actor, args.learner_role,
                          args.admin_role)
    finally:
        services.close()
    print(_("ロール {learner}(受講者用)と {admin}(管理者用)の権限を設定しました({n} 文)。"
            "各 PC のログイン用ロールは {learner} のメンバーにしてください。").format(
        learner=args.learner_role, admin=args.admin_role, n=len(sql)))
    return 0


HANDLERS = {"setup-postgres-roles": cmd_setup_postgres_roles}
