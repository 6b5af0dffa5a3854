"""`dxtrainer validate`: check a content folder (lessons, quizzes, glossary) and list every
problem with file, line and field, as text or JSON. Exit 1 when there are errors."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("validate", parents=[common], help=_("教材ファイルを検査する"))
    p.add_argument("path", nargs="?", help=_("教材フォルダ(既定は --content と同じ)"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--today", metavar="YYYY-MM-DD",
                   help=_("checked の古さを測る基準日(既定は今日)。テストで日付を固定するときに使います"))


def cmd_validate(args: argparse.Namespace) -> int:
    from datetime import date

    from dxtrainer.cli import _content, _err
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


HANDLERS = {"validate": cmd_validate}
