"""`dxtrainer publish-content`: publish a content folder for every PC on this database, list the
publications, or publish an earlier one again (--rollback N). Publishing and rolling back need a
trainer's or HR admin's sign-in; the list does not."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option, guard_command

    p = sub.add_parser("publish-content", parents=[common], help=_(
        "教材フォルダを検査し、エラーがなければこのデータベースの全端末に公開する(研修担当者・人事担当者)"))
    p.add_argument("folder", nargs="?", metavar="DIR", help=_("公開する教材フォルダ"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--list", action="store_true", help=_("これまでの公開の一覧を表示する"))
    which.add_argument("--rollback", type=int, metavar="N",
                       help=_("公開番号 N の教材をもう一度公開する(元に戻す)"))
    add_credentials_option(p)
    guard_command("publish-content", lambda a: not a.list, roles=frozenset({"hr", "trainer"}))


def cmd_publish_content(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _err, _open

    if args.list:
        services = _open(args, writes=False)
        try:
            return _print_list(services.publishing.publications())
        finally:
            services.close()
    if args.rollback is None and not args.folder:
        _err(_("公開する教材フォルダを指定してください(例: dxtrainer publish-content content)。"
               "一覧は --list、元に戻すには --rollback N です。"))
        return 2
    if args.rollback is not None and args.folder:
        _err(_("--rollback と教材フォルダは同時に指定できません。"))
        return 2
    services = _open(args, writes=True)
    try:
        if args.rollback is not None:
            publication = services.publishing.rollback(args.actor, args.rollback)
            print(_("公開番号 {old} の教材を、公開番号 {new} としてもう一度公開しました。").format(
                old=args.rollback, new=publication.number))
            return 0
        result = services.publishing.publish(args.actor, args.folder)
    finally:
        services.close()
    return _print_result(result)


def _print_result(result: Any) -> int:
    from dxtrainer.messages import format_problem

    if result.publication is None:
        for problem in result.problems:
            print(format_problem(problem), file=sys.stderr)
        print(_("エラーが {n} 件あるため公開しませんでした。直してからもう一度実行してください。").format(
            n=len(result.problems)), file=sys.stderr)
        return 1
    p = result.publication
    if result.unchanged:
        print(_("公開中の教材(公開番号 {n})と同じ内容のため、何もしませんでした。").format(n=p.number))
        return 0
    print(_("公開しました: 公開番号 {n}(レッスン {lessons} 件、クイズ {quizzes} 件、問題 {questions} 問)。"
            "このデータベースを使うすべての端末で、次に開いたときからこの教材になります。").format(
        n=p.number, lessons=p.lessons, quizzes=p.quizzes, questions=p.questions))
    return 0


def _print_list(publications: list[Any]) -> int:
    if not publications:
        print(_("まだ公開された教材はありません。"))
        return 0
    for i, p in enumerate(publications):
        mark = _("(公開中)") if i == 0 else ""
        source = (_("公開番号 {n} に戻したもの").format(n=p.restored_from)
                  if p.restored_from else p.source)
        print(_("{n}. {at:%Y-%m-%d %H:%M} {who}: レッスン {lessons} 件、クイズ {quizzes} 件、"
                "問題 {questions} 問 — {source}{mark}").format(
            n=p.number, at=p.published_at, who=p.publisher or _("(初期設定)"),
            lessons=p.lessons, quizzes=p.quizzes, questions=p.questions, source=source,
            mark=mark))
    return 0


HANDLERS = {"publish-content": cmd_publish_content}
