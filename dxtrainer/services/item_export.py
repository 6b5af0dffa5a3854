"""Item statistics as sentences and files, for the 教材 screen and `dxtrainer item-stats`: flag
names, and CSV (UTF-8 with BOM) / Excel / JSON with the same rounding as the HR reports.

Only aggregates per question and per choice: no person appears anywhere."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from dxtrainer.domain.item_analysis import Flag, Thresholds
from dxtrainer.domain.progress import round_half_up
from dxtrainer.i18n import N_, _
from dxtrainer.services.export_tables import INT, PERCENT, TEXT, Column, Table, cell_text
from dxtrainer.services.item_stats import QuestionStat

ITEM_FORMATS = ("csv", "xlsx", "json")
JSON_FORMAT = "dxtrainer-item-stats/1"
INDEX = "index"  # a discrimination index, two decimals
HASH_SHOWN = 12  # leading hex digits of a question hash in tables (JSON has all of it)
TYPE_NAMES = {"single": N_("択一"), "multiple": N_("複数選択"), "truefalse": N_("○×"),
              "ordering": N_("並べ替え"), "short": N_("短答"), "numeric": N_("数値"),
              "matching": N_("組み合わせ")}


def flag_name(flag: Flag) -> str:
    return {Flag.NEGATIVE: _("識別力がマイナス"), Flag.OVER_KEY: _("誤答が正解より多く選ばれる"),
            Flag.HARD: _("難しすぎるかも"), Flag.WEAK: _("識別力がほぼ0"),
            Flag.UNUSED: _("選ばれない誤答"), Flag.EASY: _("易しすぎるかも")}[flag]


def flag_advice(flag: Flag) -> str:
    return {
        Flag.NEGATIVE: _("よくできる人ほど間違えています。正解が本当に正しいか、問題文が誤解されていないかを確かめてください。"),
        Flag.OVER_KEY: _("正解よりも多く選ばれている誤答があります。その選択肢が正解にも読めないか、レッスンで説明しているかを確かめてください。"),
        Flag.HARD: _("多くの人が間違えています。レッスンの説明が足りているか、問題文が分かりにくくないかを確かめてください。"),
        Flag.WEAK: _("できる人もそうでない人も同じように正解・不正解しています。運や読み違いで決まっていないか確かめてください。"),
        Flag.UNUSED: _("誰も選ばない誤答は、答えを絞る手がかりになります。もっともらしい誤答に書き換えてください。"),
        Flag.EASY: _("ほぼ全員が正解しています。確認問題として残すか、もう少し考えさせる問題にするかを決めてください。"),
    }[flag]


def flags_text(stat: QuestionStat) -> str:
    return "、".join(flag_name(f) for f in stat.flags)


def type_name(stat: QuestionStat) -> str:
    return _(TYPE_NAMES.get(stat.type.value, stat.type.value))


def index_text(value: float | None) -> str:
    """A discrimination index with two decimals (round half up), or「—」."""
    return "—" if value is None else f"{round_half_up(value, 2) + 0.0:.2f}"


def tables(stats: Sequence[QuestionStat]) -> list[Table]:
    questions = Table("questions", _("問題ごとの統計"), (
        Column(_("クイズ"), TEXT), Column(_("課"), INT), Column(_("問"), INT),
        Column(_("問題ID"), TEXT), Column(_("形式"), TEXT), Column(_("問題文"), TEXT),
        Column(_("回答した人"), INT), Column(_("正答率(%)"), PERCENT),
        Column(_("識別力 上位下位27%"), INDEX), Column(_("識別力 点双列相関"), INDEX),
        Column(_("気づき"), TEXT), Column(_("問題のハッシュ"), TEXT),
        Column(_("以前の問題文に答えた人(集計外)"), INT)),
        tuple((s.quiz_id, s.lesson_number, s.position, s.question_id, type_name(s), _one_line(s.prompt),
          s.people, s.facility, s.upper_lower, s.point_biserial, flags_text(s), s.hash[:HASH_SHOWN],
          s.earlier) for s in stats))
    choices = Table("choices", _("選択肢ごとの選ばれた割合"), (
        Column(_("クイズ"), TEXT), Column(_("問題ID"), TEXT), Column(_("選択肢ID"), TEXT),
        Column(_("選択肢"), TEXT), Column(_("正解"), TEXT), Column(_("選んだ人の割合(%)"), PERCENT)),
        tuple((s.quiz_id, s.question_id, c.id, _one_line(c.text), "○" if c.correct else "",
          c.share) for s in stats for c in s.choices))
    return [questions, choices]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(value: object, kind: str) -> str:
    return index_text(value) if kind == INDEX else cell_text(value, kind)  # type: ignore[arg-type]


def to_csv(stats: Sequence[QuestionStat], limits: Thresholds) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("問題の統計(各人の1回目の解答)")])
    writer.writerow([_("注記"), notes(limits)])
    for table in tables(stats):
        writer.writerow([])
        writer.writerow([_("【{title}】").format(title=table.title)])
        writer.writerow([c.title for c in table.columns])
        for row in table.rows:
            writer.writerow([_cell(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return out.getvalue().encode("utf-8-sig")


def notes(limits: Thresholds) -> str:
    return _("数値は今の問題文への解答だけから計算します(問題文や選択肢を直すと集計をやり直します)。"
             "回答した人が少ない問題の数値は「—」で表示します。気づきは {n} 人以上が答えた問題にだけ表示します。"
             "易しすぎる: 正答率 {easy}以上、難しすぎる: {hard}以下、識別力がほぼ0: 点双列相関 {weak}未満。"
             ).format(n=limits.min_people, easy=f"{limits.easy:.0%}", hard=f"{limits.hard:.0%}",
                      weak=f"{limits.weak:.2f}")


def to_xlsx(stats: Sequence[QuestionStat], limits: Thresholds) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from dxtrainer.services.exports import _put, _width

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE7F3")
    book = Workbook()
    book.remove(book.active)
    for n, table in enumerate(tables(stats)):
        sheet = book.create_sheet(table.title[:31])
        row = 1
        if n == 0:
            sheet.cell(1, 1, notes(limits))
            row = 3
        widths = [_width(c.title) for c in table.columns]
        for col, column in enumerate(table.columns, 1):
            cell = sheet.cell(row, col, column.title)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.freeze_panes = sheet.cell(row + 1, 1)
        for values in table.rows:
            row += 1
            for col, (value, column) in enumerate(zip(values, table.columns, strict=True), 1):
                cell = sheet.cell(row, col)
                if column.kind == INDEX:
                    cell.value = None if value is None else round_half_up(value, 2) + 0.0  # type: ignore[arg-type]
                    cell.number_format = "0.00"
                    if value is None:
                        cell.value = "—"
                else:
                    _put(cell, value, column.kind, Alignment)
                widths[col - 1] = max(widths[col - 1], min(60, _width(_cell(value, column.kind))))
        for col, width in enumerate(widths, 1):
            sheet.column_dimensions[sheet.cell(1, col).column_letter].width = min(width + 2, 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_json(stats: Sequence[QuestionStat], limits: Thresholds) -> bytes:
    def pct(v: float | None) -> float | None:
        return None if v is None else round_half_up(v * 100, 1) + 0.0

    def idx(v: float | None) -> float | None:
        return None if v is None else round_half_up(v, 2) + 0.0

    data = {"format": JSON_FORMAT, "first_attempts_only": True,
            "thresholds": {"easy": limits.easy, "hard": limits.hard,
                           "min_people": limits.min_people, "weak": limits.weak},
            "questions": [{
                "quiz": s.quiz_id, "question": s.question_id, "hash": s.hash,
                "earlier_people": s.earlier, "lesson_number": s.lesson_number,
                "position": s.position, "type": s.type.value, "people": s.people,
                "facility": pct(s.facility), "upper_lower": idx(s.upper_lower),
                "point_biserial": idx(s.point_biserial), "flags": [f.value for f in s.flags],
                "choices": [{"id": c.id, "correct": c.correct, "share": pct(c.share)}
                            for c in s.choices]} for s in stats]}
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def render(stats: Sequence[QuestionStat], limits: Thresholds, fmt: str) -> bytes:
    return {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}[fmt](stats, limits)


def write_item_stats(stats: Sequence[QuestionStat], limits: Thresholds, path: str | Path,
                     fmt: str) -> Path:
    target = Path(path)
    target.write_bytes(render(stats, limits, fmt))
    return target
