"""The `dxtrainer` command: subcommands for trainers, HR and automation; the GUI with none."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dxtrainer import __version__, i18n
from dxtrainer.i18n import _


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="PATH|URL",
                        help=_("使うデータベース(ファイルのパスまたは URL)。既定は DXTRAINER_DATABASE_URL、"
                               "なければ利用者データフォルダ内のファイル"))
    common.add_argument("--content", metavar="DIR",
                        help=_("教材フォルダ。既定は DXTRAINER_CONTENT、なければ同梱の教材"))
    common.add_argument("--lang", choices=["ja", "en"], help=_("表示言語"))

    parser = argparse.ArgumentParser(
        prog="dxtrainer", parents=[common],
        description=_("DX Trainer: 自治体職員のためのDX研修アプリ。サブコマンドなしで画面を開きます。"))
    parser.add_argument("--version", action="version", version=f"dxtrainer {__version__}")
    parser.add_argument("--demo", action="store_true", help=_("デモ用データベースで開く"))
    sub = parser.add_subparsers(dest="command", metavar=_("サブコマンド"))

    p = sub.add_parser("validate", parents=[common], help=_("教材ファイルを検査する"))
    p.add_argument("path", nargs="?", help=_("教材フォルダ(既定は --content と同じ)"))
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("demo", parents=[common],
                       help=_("デモ用の組織と受講記録を作る(既定はデモ用データベース)"))
    p.add_argument("--staff", type=int, default=300, metavar="N", help=_("職員の人数"))
    p.add_argument("--months", type=int, default=14, metavar="M", help=_("受講記録の月数"))

    sub.add_parser("rebuild", parents=[common], help=_("集計(ロールアップ)を記録から作り直す"))

    p = sub.add_parser("settings", parents=[common], help=_("組織の設定を表示・変更する"))
    p.add_argument("--min-group-size", type=int, metavar="N",
                   help=_("集計を表示する最小の人数(これより少ない集団は「—」で表示)"))
    p.add_argument("--pin-required", choices=["yes", "no"],
                   help=_("職員のサインインに PIN を求めるか(no は監督者のいる研修室向け)"))
    p.add_argument("--idle-minutes", type=int, metavar="N",
                   help=_("操作がないとき自動でサインアウトするまでの分数(0 で無効)"))

    p = sub.add_parser("backup", parents=[common], help=_("データベースのバックアップを作る"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")

    p = sub.add_parser("import-roster", parents=[common],
                       help=_("職員名簿(CSV または Excel)を取り込む。既定は変更内容の確認だけ"))
    p.add_argument("file", metavar="FILE", help=_("名簿ファイル(.csv または .xlsx)"))
    p.add_argument("--full-sync", action="store_true",
                   help=_("名簿にない職員を無効にする(削除はしません)"))
    p.add_argument("--apply", action="store_true", help=_("確認だけでなく、実際に取り込む"))
    p.add_argument("--allow-errors", action="store_true",
                   help=_("エラーのある行を除いて、正しい行だけ取り込む"))

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
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        from dxtrainer.app import run_gui

        return run_gui(args)
    handler = {"validate": cmd_validate, "demo": cmd_demo, "rebuild": cmd_rebuild,
               "backup": cmd_backup, "import-roster": cmd_import_roster,
               "report": cmd_report, "settings": cmd_settings}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
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


def _content(args: argparse.Namespace) -> Path:
    from dxtrainer import paths

    return paths.content_dir(args.content)


def cmd_validate(args: argparse.Namespace) -> int:
    from dxtrainer.content.loader import load_content
    from dxtrainer.messages import describe_problem, format_problem

    root = Path(args.path) if args.path else _content(args)
    index = load_content(root)
    errors = [p for p in index.problems if p.severity == "error"]
    warnings = [p for p in index.problems if p.severity == "warning"]
    questions = sum(len(q.questions) for q in index.quizzes)
    if args.format == "json":
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
    from dxtrainer.services.container import open_services
    from dxtrainer.services.demo import populate_demo

    if args.staff < 1 or not 1 <= args.months <= 120:
        _err(_("--staff は 1 以上、--months は 1〜120 で指定してください。"))
        return 2
    database = _database(args, demo=True)
    services = open_services(database, _content(args))
    try:
        added = populate_demo(services, staff=args.staff, months=args.months,
                              progress=_progress_printer())
    finally:
        services.close()
    if added:
        print(_("デモ用の組織を作りました(職員 {n} 人): {db}").format(n=added, db=database))
    else:
        print(_("{db} には既に職員が登録されているため、何もしませんでした。").format(db=database))
    return 0


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
    from dxtrainer.services.container import open_services, set_meta
    from dxtrainer.services.reporting import min_group_size

    if args.min_group_size is not None and not 1 <= args.min_group_size <= 100:
        _err(_("--min-group-size は 1〜100 の人数で指定してください。"))
        return 2
    if args.idle_minutes is not None and not 0 <= args.idle_minutes <= 480:
        _err(_("--idle-minutes は 0〜480 の分数で指定してください。"))
        return 2
    services = open_services(_database(args), _content(args))
    try:
        with services.sessions.begin() as s:
            if args.min_group_size is not None:
                set_meta(s, "min_group_size", str(args.min_group_size))
            if args.pin_required is not None:
                set_meta(s, "pin_required", "1" if args.pin_required == "yes" else "0")
            if args.idle_minutes is not None:
                set_meta(s, "idle_minutes", str(args.idle_minutes))
            current = min_group_size(s)
        pin, idle = services.accounts.pin_required(), services.accounts.idle_minutes()
    finally:
        services.close()
    print(_("集計を表示する最小の人数: {n} 人").format(n=current))
    print(_("職員の PIN: {state}").format(state=_("必要") if pin else _("不要(研修室向け)")))
    print(_("自動サインアウト: {state}").format(
        state=_("{n} 分操作がないとき").format(n=idle) if idle else _("しない")))
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from dxtrainer.services.container import open_services

    services = open_services(_database(args), _content(args))
    try:
        services.progress.rebuild_rollups()
    finally:
        services.close()
    print(_("集計を作り直しました。"))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from dxtrainer.db.engine import backup_sqlite, make_engine, to_url

    engine = make_engine(to_url(_database(args)))
    try:
        backup_sqlite(engine, Path(args.output))
    except ValueError:
        _err(_("バックアップは SQLite のデータベースでだけ作れます。PostgreSQL では pg_dump を使ってください。"))
        return 2
    finally:
        engine.dispose()
    print(_("バックアップを作りました: {path}").format(path=args.output))
    return 0


def cmd_import_roster(args: argparse.Namespace) -> int:
    from dxtrainer import roster_messages as say
    from dxtrainer.services.container import open_services
    from dxtrainer.services.records import SYSTEM_USER
    from dxtrainer.services.roster import RosterService, read_roster

    roster = read_roster(args.file)
    if roster.unreadable:  # before the database is opened: nothing to do with it
        for problem in roster.problems:
            print(say.format_roster_problem(problem), file=sys.stderr)
        return 2
    services = open_services(_database(args), _content(args))
    try:
        service = RosterService(services.sessions)
        if args.apply:
            result = service.apply(SYSTEM_USER, roster, full_sync=args.full_sync,
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
    """The dashboard as a file for 庁内会議 or automation, computed as the organisation (HR)."""
    from dxtrainer.services import exports
    from dxtrainer.services.container import open_services
    from dxtrainer.services.records import SYSTEM_USER

    output = Path(args.output)
    fmt = args.format or output.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx", "pdf", "json"):
        _err(_("形式が分かりません。--format に csv・xlsx・pdf・json のどれかを指定してください。"))
        return 2
    period = _report_period(args.period)
    if period is None:
        _err(_("期間「{text}」を読み取れません。FY2026(年度)、Q2026-1(四半期)、2026-04(月)の"
               "ように指定してください。").format(text=args.period))
        return 2
    if output.is_dir() or not output.absolute().parent.is_dir():
        _err(_("{path} には書き出せません。既にあるフォルダの中のファイル名を -o で指定してください。")
             .format(path=output))
        return 2
    database = _database(args)
    if "://" not in database and not Path(database).exists():
        _err(_("データベース {db} が見つかりません。--database でファイルを指定してください。")
             .format(db=database))
        return 2
    services = open_services(database, _content(args))
    try:
        department_id = None
        if args.department:
            match = exports.match_department(services.sessions, args.department)
            if match.department_id is None:
                _err(_department_problem(args.department, match))
                return 2
            department_id = match.department_id
        dashboard = services.reporting.dashboard(SYSTEM_USER, period, department_id)
    finally:
        services.close()
    try:
        if fmt == "pdf":
            from dxtrainer.ui.report_pdf import render_pdf_headless

            pages = render_pdf_headless(dashboard, output)
            kind = _("PDF・{n}ページ").format(n=pages)
        else:
            exports.write_report(dashboard, output, fmt)
            kind = {"csv": "CSV", "xlsx": "Excel", "json": "JSON"}[fmt]
    except OSError as exc:
        _err(_("{path} に書き込めません({detail})。ファイルを開いているなら閉じるか、別の場所を -o で"
               "指定してください。").format(path=output, detail=exc.strerror or exc))
        return 1
    print(_("報告書を書き出しました: {path}({period}、{scope}、{kind})").format(
        path=output, period=dashboard.period_label, scope=exports.scope_name(dashboard), kind=kind))
    return 0


def _report_period(text: str | None):  # noqa: ANN202
    """The period asked for (default: this 年度), or None when the text is not one."""
    from datetime import date

    from dxtrainer.domain.periods import PeriodKind, parse_period, period_of

    if text is None:
        return period_of(PeriodKind.FISCAL_YEAR, date.today())
    try:
        period = parse_period(text)
    except (ValueError, IndexError):
        return None
    wanted = text.strip().upper()
    if wanted.startswith("Q") and period.key != wanted:  # Q2026-5 is no quarter
        return None
    return period


def _department_problem(text: str, match) -> str:  # noqa: ANN001
    names = "、".join(match.suggestions)
    if match.ambiguous:
        return _("「{text}」という所属が複数あります: {names}。所属コードで指定してください。").format(
            text=text, names=names)
    if names:
        return _("所属「{text}」が見つかりません。近い所属: {names}。所属コードか正確な名称で指定して"
                 "ください。").format(text=text, names=names)
    return _("所属「{text}」が見つかりません。所属コードか正確な名称で指定してください。").format(
        text=text)
