"""`dxtrainer import-quiz` (Moodle GIFT / Aiken -> our quiz YAML) and `dxtrainer export-quiz`.

Exit codes: 0 everything came across (warnings allowed), 1 some questions were left out (each
named with file:line), 2 the input could not be used at all and nothing was written."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dxtrainer.i18n import _

if TYPE_CHECKING:  # imported where used: `dxtrainer` without a subcommand opens the window first
    from dxtrainer.content.bank import Bank, Note


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import-quiz", parents=[common], help=_(
        "Moodle の問題ファイル(GIFT・Aiken)をクイズの YAML に変換する"))
    p.add_argument("file", metavar="FILE", help=_("GIFT または Aiken の問題ファイル"))
    p.add_argument("--lesson", required=True, metavar="ID", help=_("クイズを付けるレッスンの ID"))
    p.add_argument("--id", metavar="ID", help=_("クイズの ID(既定はレッスンの ID)"))
    p.add_argument("--format", choices=["gift", "aiken"],
                   help=_("入力の形式(省略すると拡張子と内容から判断します)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_(
        "書き出す YAML ファイル。省略すると画面(標準出力)に書きます。教材フォルダには自動では"
        "書きません。内容を確かめてから content/quizzes/<レッスンID>.yaml に保存してください"))
    p.add_argument("--force", action="store_true", help=_("-o のファイルが既にあれば上書きする"))

    p = sub.add_parser("export-quiz", parents=[common], help=_(
        "クイズを Moodle の GIFT 形式または Aiken 形式で書き出す"))
    p.add_argument("quiz", metavar="ID", help=_("クイズの ID(レッスンの ID でも可)"))
    p.add_argument("--format", choices=["gift", "aiken"], required=True, help=_(
        "書き出す形式(gift: 択一・複数選択・○×、aiken: 択一のみ)"))
    p.add_argument("-o", "--output", metavar="FILE",
                   help=_("書き出すファイル。省略すると画面(標準出力)に書きます"))
    p.add_argument("--force", action="store_true", help=_("-o のファイルが既にあれば上書きする"))


def _notes_text() -> dict[str, str]:
    return {
        "essay": _("記述式(エッセイ)の問題は、このアプリの問題の種類にないため取り込みません。"),
        "description": _("答えのない説明文(Moodle の「説明」)は問題ではないため取り込みません。"),
        "missing-word": _("答えの {{ }} の後ろに文が続く穴埋め問題は取り込めません。{{ }} を問題文の最後に"
                          "移すと取り込めます。"),
        "type-not-supported-yet": _("{type}の問題は、このアプリではまだ使えないため取り込みません。"),
        "several-right-in-single": _("択一問題に正解(=)が {count} つあります。正解を 1 つにしてから"
                                     "取り込んでください。"),
        "no-right-answer": _("正解の答えがないため取り込みません。"),
        "empty-prompt": _("問題文がないため取り込みません。"),
        "empty-answer": _("空の答えがあるため取り込みません。"),
        "too-few-answers": _("答えが 2 つ未満のため取り込みません。"),
        "partial-credit-wrong": _("部分点の答え「{answer}」({percent}%)は不正解の選択肢にしました。"
                                  "このアプリの採点は正解か不正解かだけです。"),
        "partial-credit-dropped": _("部分点の答え「{answer}」({percent}%)は正解として扱わず、"
                                    "除きました。"),
        "numeric-extra-dropped": _("正解の範囲「{answer}」は 1 つ目の範囲と重ならないため除きました。"
                                   "正解の範囲は 1 つだけ書けます。"),
        "answer-feedback-dropped": _("答えごとのフィードバックは、この種類の問題では書けないため除き"
                                     "ました。必要なことは解説(explanation)に書き足してください。"),
        "html-removed": _("HTML のうち、アプリで表示しないもの({what})を取り除きました。問題文を"
                          "確かめてください。"),
        "brace-error": _("{{ と }} の対応がとれないため、この問題を読めません。"),
        "bad-matching": _("組み合わせの答えに「->」がないため、この問題を読めません。"),
        "bad-number": _("数値の答え「{text}」を数として読めないため、この問題を取り込みません。"),
        "aiken-bad-answer": _("ANSWER: {label} に当たる選択肢がないため、この問題を取り込みません。"),
        "aiken-no-question": _("問題文のない ANSWER: 行です。"),
        "aiken-stray-line": _("選択肢の後、ANSWER: 行の前に余分な行があるため、この問題を取り込み"
                              "ません。"),
        "aiken-no-answer": _("ANSWER: 行がないため、この問題を取り込みません。"),
        "read-as-shift-jis": _("UTF-8 ではないため Shift_JIS として読みました。文字化けがないか"
                               "確かめてください。"),
        "cannot-export": _("問題「{id}」({type})はこの形式では書けないため、書き出しません。"),
        "aiken-no-explanations": _("Aiken 形式には解説を書けないため、{count} 問の解説は書き出して"
                                   "いません。"),
    }


def _type_names() -> dict[str, str]:
    return {"short": _("短答(記述して答える)"), "numeric": _("数値"), "matching": _("組み合わせ"),
            "single": _("択一"), "multiple": _("複数選択"), "truefalse": _("○×"),
            "ordering": _("並べ替え")}


def describe_note(note: Note) -> str:
    params = dict(note.params)
    if "type" in params:
        params["type"] = _type_names().get(str(params["type"]), params["type"])
    template = _notes_text().get(note.code, note.code)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def _print_notes(path: str, notes: list[Note]) -> None:
    for note in notes:
        where = f"{path}:{note.line}" if note.line else path
        kind = "skipped" if note.skipped else "warning"
        print(f"{where}: {kind}: {describe_note(note)}", file=sys.stderr)


def _err(message: str) -> None:
    print(f"dxtrainer: {message}", file=sys.stderr)


def _read(path: Path) -> tuple[str, list[Note]] | None:
    try:
        data = path.read_bytes()
    except OSError:
        _err(_("{path} を読めません。ファイルの場所と名前を確かめてください。").format(path=path))
        return None
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    from dxtrainer.content.bank import Note

    try:
        return data.decode("cp932"), [Note(0, "read-as-shift-jis")]
    except UnicodeDecodeError:
        _err(_("{path} は文字コードが UTF-8 でも Shift_JIS でもないため読めません。UTF-8 で保存し直して"
               "ください。").format(path=path))
        return None


def _detect(path: Path, text: str, chosen: str | None) -> str:
    import re

    if chosen:
        return chosen
    if path.suffix.lower() == ".gift":
        return "gift"
    answer = re.search(r"^\s*ANSWER\s*[:：]", text, re.MULTILINE | re.IGNORECASE)
    return "aiken" if answer and "{" not in text else "gift"


def _writable(output: str | None, force: bool) -> bool:
    if output and Path(output).exists() and not force:
        _err(_("{path} は既にあります。上書きするときは --force を付けてください。").format(
            path=output))
        return False
    return True


def _emit(text: str, output: str | None) -> bool:
    if not output:
        sys.stdout.write(text)
        return True
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError:
        _err(_("{path} に書き込めません。フォルダと権限を確かめてください。").format(path=output))
        return False
    return True


def cmd_import_quiz(args: argparse.Namespace) -> int:
    from dxtrainer import paths
    from dxtrainer.content.aiken import parse_aiken
    from dxtrainer.content.bank import to_quiz_data
    from dxtrainer.content.files import ID_PATTERN
    from dxtrainer.content.gift import parse_gift
    from dxtrainer.content.quiz_writer import dump_quiz

    quiz_id = args.id or args.lesson
    for value in (args.lesson, quiz_id):
        if not ID_PATTERN.match(value):
            _err(_("ID「{value}」には半角英小文字・数字・ハイフンだけを使ってください。").format(
                value=value))
            return 2
    source = Path(args.file)
    read = _read(source)
    if read is None or not _writable(args.output, args.force):
        return 2
    text, reading_notes = read
    fmt = _detect(source, text, args.format)
    bank: Bank = parse_gift(text) if fmt == "gift" else parse_aiken(text)
    bank.notes[:0] = reading_notes
    data, notes = to_quiz_data(bank, quiz_id, args.lesson)
    _print_notes(str(source), notes)
    skipped = sum(1 for n in notes if n.skipped)
    if not data["questions"]:
        _err(_("{path} から取り込める問題がありませんでした({format} 形式として読みました)。"
               "何も書き出していません。").format(path=source, format=fmt.upper()))
        return 2
    yaml_text = dump_quiz(data)
    shown = args.output or f"{quiz_id}.yaml"
    problems = _validate(yaml_text, shown)
    if not _emit(yaml_text, args.output):
        return 2
    lesson_file = paths.content_dir(args.content) / "lessons" / f"{args.lesson}.md"
    if not lesson_file.is_file():
        _err(_("教材フォルダにレッスン「{lesson}」がありません。レッスンを作るか --lesson を直して"
               "ください。").format(lesson=args.lesson))
    _err(_("{count} 問を取り込みました。取り込めなかった問題: {skipped} 問。").format(
        count=len(data["questions"]), skipped=skipped))
    return 1 if skipped or any(p.severity == "error" for p in problems) else 0


def _validate(yaml_text: str, shown: str) -> list[Any]:
    """Run our validator on the written quiz and print what it says (file:line)."""
    from dxtrainer.content.files import Collector
    from dxtrainer.content.quizzes import parse_quiz
    from dxtrainer.messages import format_problem

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quiz.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        out = Collector(shown)
        parse_quiz(path, out)
    for problem in out.problems:
        print(format_problem(problem), file=sys.stderr)
    return out.problems


def cmd_export_quiz(args: argparse.Namespace) -> int:
    from dxtrainer import paths
    from dxtrainer.content.aiken import write_aiken
    from dxtrainer.content.gift import write_gift
    from dxtrainer.content.loader import load_content

    index = load_content(paths.content_dir(args.content))
    quiz = index.quiz(args.quiz) or index.quiz_for_lesson(args.quiz)
    if quiz is None:
        _err(_("クイズ「{id}」が見つからないか、エラーがあって読み込めません。dxtrainer validate で"
               "確かめてください。").format(id=args.quiz))
        return 2
    if not _writable(args.output, args.force):
        return 2
    text, notes = (write_gift if args.format == "gift" else write_aiken)(quiz)
    _print_notes(quiz.path, notes)
    skipped = sum(1 for n in notes if n.skipped)
    if skipped == len(quiz.questions):
        _err(_("この形式で書ける問題がないため、何も書き出していません。"))
        return 2
    if not _emit(text, args.output):
        return 2
    _err(_("{count} 問を書き出しました。書き出せなかった問題: {skipped} 問。").format(
        count=len(quiz.questions) - skipped, skipped=skipped))
    return 1 if skipped else 0


HANDLERS = {"import-quiz": cmd_import_quiz, "export-quiz": cmd_export_quiz}
