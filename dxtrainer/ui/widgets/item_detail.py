"""One question's statistics in 教材: its figures, what each flag suggests, and how often each
choice was picked (a bar per choice, the right ones marked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _
from dxtrainer.services.item_export import flag_advice, flag_name, index_text, type_name
from dxtrainer.ui.widgets.common import chip, label

if TYPE_CHECKING:
    from dxtrainer.services.item_stats import QuestionStat


class ItemDetail(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.setAccessibleName(_("選んだ問題の詳細"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.heading = label(_("表の問題を選ぶと、選択肢ごとの選ばれた割合を表示します。"), "subtitle",
                             wrap=True)
        self.prompt = label("", wrap=True, selectable=True)
        self.figures = label("", "muted", wrap=True)
        self.advice = label("", "warning", wrap=True)
        for widget in (self.heading, self.prompt, self.figures, self.advice):
            layout.addWidget(widget)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.grid.setVerticalSpacing(6)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.bars: list[QProgressBar] = []
        self.show_stat(None)

    def show_stat(self, stat: QuestionStat | None) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.bars = []
        for widget in (self.prompt, self.figures, self.advice):
            widget.setVisible(stat is not None)
        if stat is None:
            return
        self.heading.setText(_("第{lesson}課 問{n}({kind})").format(
            lesson=stat.lesson_number, n=stat.position, kind=type_name(stat)))
        self.prompt.setText(stat.prompt.strip())
        self.figures.setText(_("回答した人 {people} 人(1回目の解答)・正答率 {facility}・"
                               "識別力 上位下位27% {d}・点双列相関 {r}").format(
            people=stat.people, facility=format_percent(stat.facility, 1),
            d=index_text(stat.upper_lower), r=index_text(stat.point_biserial)))
        if stat.earlier:
            self.figures.setText(self.figures.text() + "\n" + _(
                "以前の問題文に答えた人 {n} 人はこの集計に含みません(問題文や選択肢を直したため)。"
            ).format(n=stat.earlier))
        self.advice.setText("\n".join(f"● {flag_name(f)}: {flag_advice(f)}" for f in stat.flags))
        self.advice.setVisible(bool(stat.flags))
        if not stat.choices:
            self.grid.addWidget(label(_("この形式の問題には選択肢ごとの集計がありません。"), "muted"),
                                0, 0, 1, 3)
            return
        for row, choice in enumerate(stat.choices):
            text = QLabel(f"{choice.id}. {' '.join(choice.text.split())}")
            text.setWordWrap(True)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setMinimumHeight(22)
            bar.setValue(0 if choice.share is None else round(choice.share * 1000))
            bar.setFormat(format_percent(choice.share, 1))
            bar.setAccessibleName(_("{choice} を選んだ人の割合").format(choice=choice.id))
            self.bars.append(bar)
            self.grid.addWidget(text, row, 0)
            self.grid.addWidget(bar, row, 1)
            if choice.correct:
                self.grid.addWidget(chip(_("正解"), "completed"), row, 2)
