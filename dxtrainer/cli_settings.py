"""`dxtrainer settings`: show the organisation's settings, and change them (HR sign-in first):
the smallest group a report shows, PINs, automatic sign-out, the sign-in screen's staff list,
Windows sign-in and how long an initial code lasts."""

from __future__ import annotations

import argparse
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option

    p = sub.add_parser("settings", parents=[common], help=_("組織の設定を表示・変更する"))
    p.add_argument("--min-group-size", type=int, metavar="N",
                   help=_("集計を表示する最小の人数(これより少ない集団は「—」で表示)"))
    p.add_argument("--pin-required", choices=["yes", "no"],
                   help=_("職員のサインインに PIN を求めるか(no は監督者のいる研修室向け)"))
    p.add_argument("--idle-minutes", type=int, metavar="N",
                   help=_("操作がないとき自動でサインアウトするまでの分数(0 で無効)"))
    p.add_argument("--hide-staff-list", choices=["yes", "no"],
                   help=_("サインイン画面に職員の一覧を出さない(職員番号か氏名で探す)"))
    p.add_argument("--os-sign-in", choices=["yes", "no"],
                   help=_("職員(学習者)が PC の Windows アカウントでサインインできるようにする"))
    p.add_argument("--code-days", type=int, metavar="N", help=_("初期コードの有効日数(1〜90)"))
    add_credentials_option(p)


def cmd_settings(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _err, _open
    from dxtrainer.services.container import set_meta
    from dxtrainer.services.organisation import log_access
    from dxtrainer.services.reporting import min_group_size

    if args.min_group_size is not None and not 1 <= args.min_group_size <= 100:
        _err(_("--min-group-size は 1〜100 の人数で指定してください。"))
        return 2
    if args.idle_minutes is not None and not 0 <= args.idle_minutes <= 480:
        _err(_("--idle-minutes は 0〜480 の分数で指定してください。"))
        return 2
    services = _open(args)
    try:
        with services.sessions.begin() as s:
            changed = {"min_group_size": args.min_group_size, "idle_minutes": args.idle_minutes,
                       "pin_required": None if args.pin_required is None
                       else ("1" if args.pin_required == "yes" else "0")}
            changed = {key: str(value) for key, value in changed.items() if value is not None}
            for key, value in changed.items():
                set_meta(s, key, value)
            if changed:  # args.actor: the HR admin who signed in for this change
                log_access(s, args.actor, "settings",
                           detail=" ".join(f"{k}={v}" for k, v in changed.items()))
            current = min_group_size(s)
        flags = {"hide_staff_list": _yes_no(args.hide_staff_list),
                 "os_sign_in": _yes_no(args.os_sign_in), "days": args.code_days}
        if any(value is not None for value in flags.values()):
            services.accounts.change_settings(args.actor, **flags)  # checked and logged there
        pin, idle = services.accounts.pin_required(), services.accounts.idle_minutes()
        signin = services.accounts.settings()
    finally:
        services.close()
    print(_("集計を表示する最小の人数: {n} 人").format(n=current))
    print(_("職員の PIN: {state}").format(state=_("必要") if pin else _("不要(研修室向け)")))
    print(_("自動サインアウト: {state}").format(
        state=_("{n} 分操作がないとき").format(n=idle) if idle else _("しない")))
    print(_("サインイン画面の職員一覧: {state}").format(
        state=_("出さない(職員番号か氏名で探す)") if signin.hide_staff_list else _("出す")))
    print(_("Windows アカウントでのサインイン(職員のみ): {state}").format(
        state=_("使う") if signin.os_sign_in else _("使わない")))
    print(_("初期コードの有効日数: {n} 日").format(n=signin.code_days))
    return 0


def _yes_no(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


HANDLERS = {"settings": cmd_settings}
