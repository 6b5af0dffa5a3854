"""The HR sign-in that guards the subcommands which change the organisation.

A command is guarded when its name is in `HR_COMMANDS` and its predicate says this invocation
changes something (`settings` only when it sets a value, `import-roster` only with --apply).
Other subcommands join with `guard_command("restore")`. The person signs in with their 職員番号
and password, typed at a prompt (no echo) or read from a file given with `--credentials FILE`:
two lines (職員番号, then password) or `staff_no=` and `password=` lines. On POSIX the file must
be readable by its owner only (chmod 600), like an ssh key; Windows has no such mode bits, so
there keep the file in a folder only you can open.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from dxtrainer.i18n import _

Predicate = Callable[[argparse.Namespace], bool]


def _always(_args: argparse.Namespace) -> bool:
    return True


HR_COMMANDS: dict[str, Predicate] = {
    "settings": lambda a: any(getattr(a, name, None) is not None
                              for name in ("min_group_size", "pin_required", "idle_minutes",
                                           "hide_staff_list", "os_sign_in", "code_days")),
    "import-roster": lambda a: bool(getattr(a, "apply", False)),
    "upgrade-database": _always,
    "demo": lambda a: bool(getattr(a, "replace", False)),
}


# Who may sign in for a guarded command (role values); HR admins only unless listed here.
COMMAND_ROLES: dict[str, frozenset[str]] = {}
HR_ONLY = frozenset({"hr"})


def guard_command(name: str, predicate: Predicate = _always, *,
                  roles: frozenset[str] = HR_ONLY) -> None:
    """Require a sign-in for subcommand `name` whenever `predicate(args)` is true, by a person
    whose role is in `roles` (role values: "hr", "trainer")."""
    HR_COMMANDS[name] = predicate
    COMMAND_ROLES[name] = roles


def command_roles(args: argparse.Namespace) -> frozenset[str]:
    return COMMAND_ROLES.get(getattr(args, "command", None) or "", HR_ONLY)


def needs_hr(args: argparse.Namespace) -> bool:
    predicate = HR_COMMANDS.get(getattr(args, "command", None) or "")
    return predicate is not None and predicate(args)


def add_credentials_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--credentials", metavar="FILE",
        help=_("人事担当者の職員番号とパスワードを書いたファイル(1 行目に職員番号、2 行目にパスワード。"
               "本人だけが読める権限にしてください)。省略すると入力を求めます"))


class SignInRefused(Exception):
    """The HR sign-in did not succeed; `message` says why and what to do, in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Typed:
    """What the person typed (a plain class: dataclasses would cost the GUI's start-up, which
    imports the command line first)."""

    __slots__ = ("password", "staff_no")

    def __init__(self, staff_no: str, password: str) -> None:
        self.staff_no = staff_no
        self.password = password


def read_credentials(args: argparse.Namespace) -> Typed:
    """From --credentials FILE, or prompted on a terminal (the password without echo)."""
    path = getattr(args, "credentials", None)
    if path:
        return _from_file(Path(path))
    trainers = "trainer" in command_roles(args)
    if not sys.stdin or not sys.stdin.isatty():
        if trainers:
            raise SignInRefused(_(
                "この操作には研修担当者か人事担当者のサインインが必要ですが、入力を求められません(端末から"
                "実行されていません)。職員番号とパスワードを書いたファイルを --credentials で指定して"
                "ください。"))
        raise SignInRefused(_(
            "この操作には人事担当者のサインインが必要ですが、入力を求められません(端末から実行されて"
            "いません)。職員番号とパスワードを書いたファイルを --credentials で指定してください。"))
    if trainers:
        print(_("この操作には研修担当者か人事担当者のサインインが必要です。"), file=sys.stderr)
    else:
        print(_("この操作には人事担当者のサインインが必要です。"), file=sys.stderr)
    import getpass

    try:
        number = input(_("職員番号: "))
        password = getpass.getpass(_("パスワード: "))
    except EOFError as exc:
        raise SignInRefused(_("サインインが入力されませんでした。")) from exc
    return Typed(number.strip(), password)


def _from_file(path: Path) -> Typed:
    try:
        if os.name != "nt" and path.stat().st_mode & 0o077:
            raise SignInRefused(_(
                "{path} はほかの人も読める権限になっています。パスワードを守るため、本人だけが読める"
                "ようにしてください(例: chmod 600 {path})。").format(path=path))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SignInRefused(_("サインイン情報のファイル {path} を読めません。パスを確かめてください。")
                            .format(path=path)) from exc
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    pairs = dict(line.split("=", 1) for line in lines if "=" in line)
    if "staff_no" in pairs or "password" in pairs:
        number, password = pairs.get("staff_no", ""), pairs.get("password", "")
    elif len(lines) >= 2:
        number, password = lines[0], lines[1]
    else:
        number = password = ""
    if not number.strip() or not password:
        raise SignInRefused(_(
            "サインイン情報のファイル {path} から職員番号とパスワードを読み取れません。1 行目に職員番号、"
            "2 行目にパスワードを書くか、staff_no= と password= の行で書いてください。").format(path=path))
    return Typed(number.strip(), password.strip())


def sign_in_hr(accounts, typed: Typed, roles: frozenset[str] = HR_ONLY):  # noqa: ANN001, ANN201
    """The CurrentUser of an HR admin (or another of `roles`) whose password matches, or
    SignInRefused with the reason. `accounts` is an AccountService (or anything with
    find_by_number and sign_in)."""
    from dxtrainer.services.records import SignInStatus

    wrong = _("職員番号またはパスワードが違います。")
    staff = accounts.find_by_number(typed.staff_no)
    if staff is None:
        raise SignInRefused(wrong)
    result = accounts.sign_in(staff.id, typed.password)
    if result.status == SignInStatus.LOCKED:
        until = result.locked_until.strftime("%H:%M") if result.locked_until else ""
        raise SignInRefused(_("サインインに続けて失敗したため、{time} までロックされています。時間をおいて"
                              "からやり直すか、ほかの人事担当者に解除を頼んでください。").format(time=until))
    if result.status in (SignInStatus.NEEDS_CODE, SignInStatus.NO_CODE, SignInStatus.CODE_EXPIRED):
        raise SignInRefused(_("{no} にはまだパスワードがありません。先に画面からはじめてのサインインをして、"
                              "パスワードを決めてください。").format(no=staff.staff_no))
    if result.status != SignInStatus.OK or result.user is None:
        raise SignInRefused(wrong)
    if "trainer" in roles and result.user.role.value not in roles:
        raise SignInRefused(_("この操作は研修担当者か人事担当者だけが行えます。{name} さんには権限が"
                              "ありません。").format(name=result.user.name))
    if result.user.role.value not in roles:
        raise SignInRefused(_("この操作は人事担当者(管理者)だけが行えます。{name} さんには権限が"
                              "ありません。").format(name=result.user.name))
    return result.user


def require_hr(args: argparse.Namespace, accounts) -> None:  # noqa: ANN001
    """When this invocation is guarded, sign in and put the HR admin on `args.actor`."""
    args.actor = None
    if needs_hr(args):
        args.actor = sign_in_hr(accounts, read_credentials(args), command_roles(args))
