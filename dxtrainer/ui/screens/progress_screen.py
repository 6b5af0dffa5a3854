"""My progress: completion and mastery per DSS-L category, and the history of attempts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QTableView, QVBoxLayout, QWidget

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _, format_datetime
from dxtrainer.messages import category_name
from dxtrainer.services.records import AttemptRow, CategoryProgress, CurrentUser, ProgressView
from dxtrainer.ui.models.row_table_model import SORT_ROLE, Column, RowTableModel
from dxtrainer.ui.style import CATEGORY_COLOURS
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label, scroll_page
from dxtrainer.ui.widgets.kpi_tile import KpiTile

if TYPE_CHECKING:
    from dxtrainer.services.certificates import CertificateService
    from dxtrainer.services.progress import ProgressService
    from dxtrainer.services.surveys import SurveyService


def _date(value) -> str:  # noqa: ANN001
    return format_datetime(value) if value else "—"


def _result(row: AttemptRow) -> str:
    if row.finished_at is None:
        return _("途中")
    return _("✔ 合格") if row.passed else _("✖ 不合格")


def category_columns() -> list[Column]:
    return [
        Column(_("区分(DXリテラシー標準)"), lambda r: category_name(r.category)),
        Column(_("修了レッスン"), lambda r: f"{r.lessons_completed} / {r.lessons}", align_right=True),
        Column(_("修了率"), lambda r: format_percent(r.completion, 1), lambda r: r.completion, True),
        Column(_("習得した問題"), lambda r: f"{r.mastered} / {r.questions}", align_right=True),
        Column(_("習得率"), lambda r: format_percent(r.mastery, 1), lambda r: r.mastery, True),
    ]

def attempt_columns() -> list[Column]:
    return [
        Column(_("開始日時"), lambda r: _date(r.started_at), lambda r: r.started_at),
        Column(_("レッスン"), lambda r: r.lesson_title),
        Column(_("得点"), lambda r: format_percent(r.score) if r.score is not None else "—",
               lambda r: r.score if r.score is not None else -1, True),
        Column(_("正解数"), lambda r: f"{r.correct} / {r.total}", align_right=True),
        Column(_("結果"), _result),
    ]


class ProgressScreen(QScrollArea):
    loaded = Signal()

    def __init__(self, runner: TaskRunner, progress: ProgressService, user: CurrentUser,
                 parent: QWidget | None = None, *,
                 certificates: CertificateService | None = None,
                 surveys: SurveyService | None = None) -> None:
        super().__init__(parent)
        scroll_page(self)
        self._runner = runner
        self._progress = progress
        self._user = user
        self.stale = True
        body = QWidget()
        body.setObjectName("pageBody")
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(10)
        layout.addWidget(label(_("わたしの進捗"), "title"))
        layout.addWidget(label(_(
            "修了率は修了したレッスンの割合、習得率は各区分の問題のうち最後の回答が正解だった問題の割合です。"
            "まだ答えていない問題は未習得として数えます。"), "muted", wrap=True))
        tiles = QHBoxLayout()
        self.tiles = {key: KpiTile(title) for key, title in (
            ("completed", _("修了したレッスン")), ("mastery", _("習得率(全体)")),
            ("passed", _("合格したクイズ")))}
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        layout.addLayout(tiles)
        self.certificates = None
        if certificates is not None:
            from dxtrainer.ui.widgets.my_certificates import MyCertificates

            self.certificates = MyCertificates(runner, certificates, user, surveys=surveys)
            self.certificates.course_shown.connect(
                lambda: self.ensureWidgetVisible(self.certificates))
            layout.addWidget(self.certificates)
        self.chart_holder = QVBoxLayout()
        layout.addLayout(self.chart_holder)
        self.chart_panel = None
        layout.addWidget(label(_("区分ごとの進み具合"), "subtitle"))
        self.categories = RowTableModel(category_columns(), self)
        self.category_table = self._table(self.categories)
        self.category_table.setAccessibleName(_("区分ごとの進み具合"))
        layout.addWidget(self.category_table)
        layout.addWidget(label(_("クイズの受験履歴"), "subtitle"))
        self.empty = label(_("まだ受験記録がありません。ホームから最初のレッスンを始めましょう。"), "muted",
                           wrap=True)
        layout.addWidget(self.empty)
        self.attempts = RowTableModel(attempt_columns(), self)
        self.attempt_table = self._table(self.attempts, sortable=True, stretch=1)
        self.attempt_table.setAccessibleName(_("クイズの受験履歴"))
        self.attempt_table.setMinimumHeight(260)
        layout.addWidget(self.attempt_table, 1)

    def _table(self, model: RowTableModel, sortable: bool = False,
               stretch: int = 0) -> QTableView:
        source = model
        if sortable:
            proxy = QSortFilterProxyModel(self)
            proxy.setSourceModel(model)
            proxy.setSortRole(SORT_ROLE)
            source = proxy
        view = data_table(source, stretch=stretch)
        view.horizontalHeader().setMinimumSectionSize(110)
        if sortable:
            view.setSortingEnabled(True)
            view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        return view

    def refresh(self) -> None:
        progress, user = self._progress, self._user
        self._runner.run(lambda: progress.my_progress(user), self._on_progress_loaded)
        if self.certificates is not None:
            self.certificates.refresh()

    def _on_progress_loaded(self, view: ProgressView) -> None:
        self.view = view
        self.stale = False
        done = sum(c.lessons_completed for c in view.categories)
        lessons = sum(c.lessons for c in view.categories)
        mastered = sum(c.mastered for c in view.categories)
        questions = sum(c.questions for c in view.categories)
        passed = len({a.quiz_id for a in view.attempts if a.passed})
        self.tiles["completed"].show_value(f"{done} / {lessons}",
                                           format_percent(done / lessons if lessons else None))
        self.tiles["mastery"].show_value(
            format_percent(mastered / questions if questions else None),
            _("{n} / {total} 問").format(n=mastered, total=questions))
        self.tiles["passed"].show_value(_("{n} 件").format(n=passed),
                                        _("受験 {n} 回").format(n=len(view.attempts)))
        self.categories.set_rows(view.categories)
        self.attempts.set_rows(view.attempts)
        rows = len(view.categories)
        self.category_table.setFixedHeight(
            self.category_table.horizontalHeader().height() + 4
            + sum(self.category_table.rowHeight(i) for i in range(rows)))
        self.empty.setVisible(not view.attempts)
        self.attempt_table.setVisible(bool(view.attempts))
        # pyqtgraph is imported on the UI thread when the first chart is built: importing it on a
        # worker thread builds Qt objects there and once crashed the process.
        self._show_chart(view)

    def _show_chart(self, view: ProgressView) -> None:
        from dxtrainer.ui.charts.chart_panel import ChartPanel
        from dxtrainer.ui.charts.plots import HorizontalBars

        if self.chart_panel is None:
            self.chart = HorizontalBars(_("習得率(%)"))
            self.chart_panel = ChartPanel(_("区分ごとの習得率"), self.chart)
            self.chart_holder.addWidget(self.chart_panel)
        cats = view.categories
        names = [category_name(c.category) for c in cats]
        self.chart.set_bars(
            names, [c.mastery * 100 for c in cats],
            [_("{name}: 習得率 {m}({got}/{total} 問)").format(
                name=n, m=format_percent(c.mastery, 1), got=c.mastered, total=c.questions)
             for n, c in zip(names, cats, strict=True)],
            [CATEGORY_COLOURS[c.category.value] for c in cats])
        self.chart_panel.set_table(
            [_("区分"), _("習得率"), _("習得した問題")],
            [[n, format_percent(c.mastery, 1), f"{c.mastered} / {c.questions}"]
             for n, c in zip(names, cats, strict=True)])
        self.loaded.emit()

    def category_rows(self) -> tuple[CategoryProgress, ...]:
        return self.view.categories
