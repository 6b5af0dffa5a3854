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

    p = sub.add_parser("backup", parents=[common], help=_("データベースのバックアップを作る"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
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
               "backup": cmd_backup}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: a sentence, not a traceback
        from dxtrainer.db.engine import DatabaseCorrupt

        if isinstance(exc, DatabaseCorrupt):
            _err(_("データベース {path} が壊れているため開けません({detail})。バックアップから戻すか、"
                   "別のファイルを --database で指定してください。").format(path=exc.path,
                                                                   detail=exc.detail))
        else:
            _err(_("処理を完了できませんでした: {detail}").format(detail=exc))
        return 1


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
