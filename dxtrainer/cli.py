"""The `dxtrainer` command: subcommands for trainers, HR and automation; the GUI with none.

The subcommands live in the cli_*.py modules (command_modules()); this module parses, dispatches,
words failures, and holds the helpers they share (opening the database, announcing it)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from dxtrainer import __version__, i18n
from dxtrainer.i18n import _

# Options every subcommand accepts before or after its name. Their defaults are SUPPRESS so that
# a subparser that did not see an option leaves the value parsed before the name alone (a plain
# default of None would overwrite it); `_fill_common_defaults` sets the real defaults afterwards.
COMMON_OPTIONS = ("database", "content", "lang")


def command_modules() -> tuple[ModuleType, ...]:
    """The subcommands, by module, in the order --help lists them: the one list that both the
    parser and the dispatch read. Each module has `add_parsers(sub, common)` and `HANDLERS`
    (subcommand name -> function). They load with the parser: `dxtrainer` with no arguments (the
    GUI, as a shortcut starts it) needs none of them before its first paint
    (tests/ui/test_first_frame.py). Imported by name so that PyInstaller sees them."""
    from dxtrainer import (
        cli_accounts,
        cli_backup,
        cli_certificates,
        cli_database,
        cli_items,
        cli_personal,
        cli_publish,
        cli_quiz,
        cli_report,
        cli_roles,
        cli_roster,
        cli_settings,
        cli_sync,
        cli_validate,
        cli_xapi,
    )

    return (cli_validate, cli_database, cli_settings, cli_backup, cli_accounts, cli_publish,
            cli_quiz, cli_items, cli_personal, cli_roles, cli_sync, cli_xapi, cli_certificates,
            cli_roster, cli_report)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="PATH|URL", default=argparse.SUPPRESS,
                        help=_("使うデータベース(ファイルのパスまたは URL)。既定は DXTRAINER_DATABASE_URL、"
                               "なければ利用者データフォルダ内のファイル"))
    common.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS,
                        help=_("教材フォルダ。既定は DXTRAINER_CONTENT、なければ同梱の教材"))
    common.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS,
                        help=_("表示言語"))

    parser = argparse.ArgumentParser(
        prog="dxtrainer", parents=[common],
        description=_("DX Trainer: 自治体職員のためのDX研修アプリ。サブコマンドなしで画面を開きます。"))
    parser.add_argument("--version", action="version", version=f"dxtrainer {__version__}")
    parser.add_argument("--demo", action="store_true", help=_("デモ用データベースで開く"))
    parser.add_argument("--smoke", action="store_true",
                        help=_("起動を確かめる: サインイン画面を表示できたら終了コード 0 で終わります"
                               "(--database がなければ一時的なデータベースを使います)"))
    sub = parser.add_subparsers(dest="command", metavar=_("サブコマンド"))
    for module in command_modules():
        module.add_parsers(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    i18n.install(_peek_lang(args_list))
    if not args_list:  # the GUI with its defaults: no parser to build
        from dxtrainer.app import run_gui

        return run_gui(argparse.Namespace(command=None, smoke=False, demo=False, database=None,
                                          content=None, lang=None))
    parser = build_parser()
    args = parser.parse_args(args_list)
    _fill_common_defaults(args)
    if args.command is None:
        if args.smoke:
            from dxtrainer.app import run_smoke

            return run_smoke(args)
        from dxtrainer.app import run_gui

        return run_gui(args)
    from dxtrainer.cli_signin import SignInRefused
    from dxtrainer.services.errors import ServiceError

    handler = {name: run for module in command_modules()
               for name, run in module.HANDLERS.items()}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except SignInRefused as refused:
        _err(refused.message)
        return 1
    except ServiceError as error:
        _err(service_error_text(error.code, **error.detail))
        return 1
    except Exception as exc:  # the last line of defence: a sentence, not a traceback
        return _report_failure(exc)


def _report_failure(exc: BaseException) -> int:
    """Word any failure from the message catalogue (a ServiceError by its code, database
    trouble by its cause); the traceback goes to the log file, never to the screen."""
    import logging
    import traceback

    from dxtrainer.messages import service_error_text
    from dxtrainer.services.failures import as_service_error

    error = as_service_error(exc)
    if error.code == "internal":
        _log_traceback("".join(traceback.format_exception(exc)))
    else:
        logging.getLogger("dxtrainer").info("command failed: %r", error)
    _err(service_error_text(error.code, **error.detail))
    return 1


def _log_traceback(text: str) -> None:
    from dxtrainer import paths

    try:
        log = paths.log_file()
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError:
        pass  # nowhere to write it: the sentence on stderr still names what to do


def service_error_text(code: str, **detail: object) -> str:
    """messages.service_error_text, imported when first needed (the GUI starts through here)."""
    from dxtrainer.messages import service_error_text as word

    return word(code, **detail)


def _fill_common_defaults(args: argparse.Namespace) -> None:
    for name in COMMON_OPTIONS:
        if not hasattr(args, name):
            setattr(args, name, None)


def _peek_lang(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _err(message: str) -> None:
    print(f"dxtrainer: {message}", file=sys.stderr)


def _database(args: argparse.Namespace, *, demo: bool = False) -> str:
    from dxtrainer import paths

    if args.database:
        return args.database
    if demo and not __import__("os").environ.get("DXTRAINER_DATABASE_URL"):
        return paths.demo_database()
    return paths.default_database()


def _is_default(database: str) -> bool:
    from dxtrainer import paths

    default = paths.default_database()
    if "://" in database or "://" in default:
        return database == default
    return Path(database).expanduser().resolve() == Path(default).expanduser().resolve()


def _announce(database: str) -> None:
    """Say which database a command acts on when it is not the default one (on stderr, so that
    JSON and CSV on stdout stay clean)."""
    from dxtrainer import paths

    if not _is_default(database):
        _err(_("データベース「{label}」を使います。").format(label=paths.database_label(database)))


def _open(args: argparse.Namespace, *, demo: bool = False,  # noqa: ANN202
          writes: bool | None = None, sign_in: bool = True):
    """The services over the database the options name, announced when not the default, with
    what is worth knowing about it on stderr. When the command changes the organisation, an HR
    admin signs in first (on `args.actor`; `sign_in=False` leaves that to the command). A command
    that `writes` (by default: one that needs the HR sign-in) stops when the database could only
    be opened read-only."""
    from dxtrainer.cli_signin import needs_hr, require_hr
    from dxtrainer.services.container import open_services
    from dxtrainer.services.errors import ServiceError

    database = _database(args, demo=demo)
    _announce(database)
    services = open_services(database, paths_draft(args))
    try:
        for notice in services.notices:
            _err(service_error_text(notice.code, **notice.detail))
        if services.read_only and (needs_hr(args) if writes is None else writes):
            from dxtrainer import paths

            raise ServiceError("database-opened-read-only", database=paths.database_label(database))
        if sign_in:
            require_hr(args, services.accounts)
    except BaseException:
        services.close()
        raise
    return services


def since_date(text: str | None):  # noqa: ANN201 - (ok, date | None)
    """The --since option as a date: (True, None) when absent, (False, None) after saying why
    it cannot be read."""
    from datetime import date

    if not text:
        return True, None
    try:
        return True, date.fromisoformat(text)
    except ValueError:
        _err(_("日付「{text}」を読み取れません。2026-04-01 のように指定してください。").format(text=text))
        return False, None


def export_since(args: argparse.Namespace, read):  # noqa: ANN001, ANN201
    """The shared path of an export with -o and --since: read the option, refuse an output that
    is the database itself, then `read(services, since)` with the database open (closed after).
    Returns (output path, what read returned), or None when it refused (the reason is said)."""
    output = Path(args.output)
    ok, since = since_date(args.since)
    if not ok or _refuse_output_or_database(args, output):
        return None
    services = _open(args)
    try:
        return output, read(services, since)
    finally:
        services.close()


def paths_draft(args: argparse.Namespace) -> Path | None:
    """The draft folder named with --content or DXTRAINER_CONTENT, or None for the published
    content (services/container.py open_services)."""
    from dxtrainer import paths

    return paths.draft_content_dir(args.content)


def _refuse_output_or_database(args: argparse.Namespace, output: Path | None) -> bool:
    """For commands that read a database and write a file: say why and return True when the
    output cannot be written there or the named SQLite file does not exist (nothing is made)."""
    if output is not None and (output.is_dir() or not output.absolute().parent.is_dir()):
        _err(_("{path} には書き出せません。既にあるフォルダの中のファイル名を -o で指定してください。")
             .format(path=output))
        return True
    database = _database(args)
    if "://" not in database and not Path(database).exists():
        _err(_("データベース {db} が見つかりません。--database でファイルを指定してください。")
             .format(db=database))
        return True
    return False


def _content(args: argparse.Namespace) -> Path:
    from dxtrainer import paths

    return paths.content_dir(args.content)


def _progress_printer():  # noqa: ANN202
    """Progress on stderr for long commands (a line per tenth), quiet when not a terminal."""
    shown = {"last": -1}

    def report(_step: str, share: float) -> None:
        tenth = int(share * 10)
        if sys.stderr.isatty() and tenth != shown["last"]:
            shown["last"] = tenth
            print(_("  … {p}%").format(p=tenth * 10), file=sys.stderr, flush=True)

    return report
