"""The `dxtrainer` command: subcommands for trainers, HR and automation; the GUI with none."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dxtrainer import __version__, i18n
from dxtrainer.i18n import _

# The subcommands' modules load with the parser: `dxtrainer` with no arguments (the GUI, as a
# shortcut starts it) needs neither before its first paint (tests/ui/test_first_frame.py).

# Options every subcommand accepts before or after its name. Their defaults are SUPPRESS so that
# a subparser that did not see an option leaves the value parsed before the name alone (a plain
# default of None would overwrite it); `_fill_common_defaults` sets the real defaults afterwards.
COMMON_OPTIONS = ("database", "content", "lang")


def build_parser() -> argparse.ArgumentParser:
    from dxtrainer import (
        cli_accounts,
        cli_backup,
        cli_certificates,
        cli_items,
        cli_personal,
        cli_publish,
        cli_quiz,
        cli_roles,
        cli_sync,
        cli_xapi,
    )
    from dxtrainer.cli_signin import add_credentials_option

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

    p = sub.add_parser("validate", parents=[common], help=_("教材ファイルを検査する"))
    p.add_argument("path", nargs="?", help=_("教材フォルダ(既定は --content と同じ)"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--today", metavar="YYYY-MM-DD",
                   help=_("checked の古さを測る基準日(既定は今日)。テストで日付を固定するときに使います"))

    p = sub.add_parser("demo", parents=[common],
                       help=_("デモ用の組織と受講記録を作る(既定はデモ用データベース)"))
    p.add_argument("--staff", type=int, default=300, metavar="N", help=_("職員の人数"))
    p.add_argument("--months", type=int, default=14, metavar="M", help=_("受講記録の月数"))
    p.add_argument("--replace", action="store_true",
                   help=_("デモ用のデータベースを作り直す(人事担当者のみ。SQLite は先にバックアップを"
                          "作ります。実在の職員がいるデータベースは作り直しません)"))
    add_credentials_option(p)

    sub.add_parser("rebuild", parents=[common], help=_("集計(ロールアップ)を記録から作り直す"))

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

    p = sub.add_parser("upgrade-database", parents=[common],
                       help=_("データベースをこの版のアプリに合わせて更新する(形式・教材の登録・集計。"
                              "人事担当者のみ。SQLite は先にバックアップを作ります)"))
    add_credentials_option(p)

    cli_backup.add_parsers(sub, common)  # backup, restore
    cli_accounts.add_parsers(sub, common)  # issue-codes
    cli_publish.add_parsers(sub, common)  # publish-content
    cli_quiz.add_parsers(sub, common)  # import-quiz, export-quiz
    cli_items.add_parsers(sub, common)  # item-stats
    cli_personal.add_parsers(sub, common)  # export-person, access-log, anonymise-leavers
    cli_roles.add_parsers(sub, common)  # setup-postgres-roles
    cli_sync.add_parsers(sub, common)  # export-progress, import-progress, sync-status
    cli_xapi.add_parsers(sub, common)  # export-xapi
    cli_certificates.add_parsers(sub, common)  # verify-certificate

    p = sub.add_parser("import-roster", parents=[common],
                       help=_("職員名簿(CSV または Excel)を取り込む。既定は変更内容の確認だけ"))
    p.add_argument("file", metavar="FILE", help=_("名簿ファイル(.csv または .xlsx)"))
    p.add_argument("--full-sync", action="store_true",
                   help=_("名簿にない職員を無効にする(削除はしません)"))
    p.add_argument("--apply", action="store_true", help=_("確認だけでなく、実際に取り込む"))
    p.add_argument("--allow-errors", action="store_true",
                   help=_("エラーのある行を除いて、正しい行だけ取り込む"))
    add_credentials_option(p)

    p = sub.add_parser("report", parents=[common],
                       help=_("ダッシュボードの数値を報告書(CSV・Excel・PDF・JSON)に書き出す"))
    p.add_argument("--format", choices=["csv", "xlsx", "pdf", "json"],
                   help=_("形式(省略すると -o のファイル名の拡張子から決めます)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("書き出すファイル"))
    p.add_argument("--period", metavar="FY2026|2026|Q2026-1|2026-04",
                   help=_("期間: 年度・四半期・月。既定は今年度"))
    p.add_argument("--department", metavar=_("コードまたは名称"),
                   help=_("所属(コードまたは正確な名称)。既定は全庁"))
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
    from dxtrainer import (
        cli_accounts,
        cli_backup,
        cli_certificates,
        cli_items,
        cli_personal,
        cli_publish,
        cli_quiz,
        cli_roles,
        cli_sync,
        cli_xapi,
    )
    from dxtrainer.cli_signin import SignInRefused
    from dxtrainer.services.errors import ServiceError

    handler = {"validate": cmd_validate, "demo": cmd_demo, "rebuild": cmd_rebuild,
               "backup": cli_backup.cmd_backup, "restore": cli_backup.cmd_restore,
               "issue-codes": cli_accounts.cmd_issue_codes, **cli_quiz.HANDLERS,
               **cli_roles.HANDLERS,
               "publish-content": cli_publish.cmd_publish_content,
               "item-stats": cli_items.cmd_item_stats, **cli_personal.HANDLERS,
               **cli_sync.HANDLERS, **cli_xapi.HANDLERS,
               "verify-certificate": cli_certificates.cmd_verify_certificate,
               "import-roster": cmd_import_roster,
               "report": cmd_report, "settings": cmd_settings,
               "upgrade-database": cmd_upgrade_database}[args.command]
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


def cmd_validate(args: argparse.Namespace) -> int:
    from datetime import date

    from dxtrainer.content.loader import load_content
    from dxtrainer.messages import describe_problem, format_problem

    root = Path(args.path) if args.path else _content(args)
    try:
        today = date.fromisoformat(args.today) if args.today else None
    except ValueError:
        _err(_("--today「{value}」は 2026-11-30 のように年-月-日で指定してください。").format(
            value=args.today))
        return 2
    index = load_content(root, today=today)
    errors = [p for p in index.problems if p.severity == "error"]
    warnings = [p for p in index.problems if p.severity == "warning"]
    questions = sum(len(q.questions) for q in index.quizzes)
    if args.format == "json":
        import json

        print(json.dumps({
            "problems": [{"file": p.path, "line": p.line, "severity": p.severity, "code": p.code,
                          "message": describe_problem(p)} for p in index.problems],
            "summary": {"lessons": len(index.lessons), "quizzes": len(index.quizzes),
                        "questions": questions, "glossary_terms": len(index.glossary),
                        "errors": len(errors), "warnings": len(warnings)},
        }, ensure_ascii=False, indent=2))
    else:
        for problem in index.problems:
            print(format_problem(problem))
        print(_("レッスン {lessons} 件、クイズ {quizzes} 件、問題 {questions} 問、用語 {terms} 語: "
                "エラー {errors} 件、警告 {warnings} 件").format(
            lessons=len(index.lessons), quizzes=len(index.quizzes), questions=questions,
            terms=len(index.glossary), errors=len(errors), warnings=len(warnings)))
    return 1 if errors else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from dxtrainer.cli_database import cmd_demo as run

    return run(args)


def _progress_printer():  # noqa: ANN202
    """Progress on stderr for long commands (a line per tenth), quiet when not a terminal."""
    shown = {"last": -1}

    def report(_step: str, share: float) -> None:
        tenth = int(share * 10)
        if sys.stderr.isatty() and tenth != shown["last"]:
            shown["last"] = tenth
            print(_("  … {p}%").format(p=tenth * 10), file=sys.stderr, flush=True)

    return report


def cmd_settings(args: argparse.Namespace) -> int:
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


def cmd_upgrade_database(args: argparse.Namespace) -> int:
    from dxtrainer.cli_database import cmd_upgrade_database as run

    return run(args)


def cmd_rebuild(args: argparse.Namespace) -> int:
    services = _open(args, writes=True)
    try:
        services.progress.rebuild_rollups()
    finally:
        services.close()
    print(_("集計を作り直しました。"))
    return 0


def cmd_import_roster(args: argparse.Namespace) -> int:
    from dxtrainer import roster_messages as say
    from dxtrainer.services.records import SYSTEM_USER
    from dxtrainer.services.roster import RosterService, read_roster

    roster = read_roster(args.file)
    if roster.unreadable:  # before the database is opened: nothing to do with it
        for problem in roster.problems:
            print(say.format_roster_problem(problem), file=sys.stderr)
        return 2
    services = _open(args)
    try:
        service = RosterService(services.sessions)
        if args.apply:  # args.actor: the HR admin who signed in for it
            result = service.apply(args.actor, roster, full_sync=args.full_sync,
                                   allow_errors=args.allow_errors)
            plan = result.plan
        else:
            plan = service.preview(SYSTEM_USER, roster, full_sync=args.full_sync)
    finally:
        services.close()
    for line in say.plan_lines(plan):
        print(line)
    for problem in plan.errors:
        print(say.format_roster_problem(problem))
    print(say.plan_summary(plan))
    if not args.apply:
        if not plan.errors and not plan.is_empty:
            print(_("これは確認です。取り込むには --apply を付けて実行してください。"))
        return 1 if plan.errors else 0
    if not (result.applied and plan.is_empty):
        print(say.result_summary(result))
    if not result.applied:
        if not plan.file_errors:
            print(_("名簿を直して再度実行してください。正しい行だけ取り込むには --allow-errors を"
                    "付けてください。"))
        return 1
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from dxtrainer.cli_report import cmd_report as run

    return run(args)
