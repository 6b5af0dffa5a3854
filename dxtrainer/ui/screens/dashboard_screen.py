"""The department literacy dashboard for HR (whole organisation) and managers (own subtree):
filters, KPI tiles, charts each with 「表で見る」, drill-down and exports."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.domain.content import CATEGORY_ORDER, Category
from dxtrainer.domain.periods import Period, PeriodKind, period_of
from dxtrainer.i18n import _
from dxtrainer.messages import category_name, period_text
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.ui.charts.chart_panel import ChartPanel
from dxtrainer.ui.charts.heatmap import Heatmap
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label, scroll_page
from dxtrainer.ui.widgets.flow_layout import FlowLayout
from dxtrainer.ui.widgets.kpi_tile import KpiTile

if TYPE_CHECKING:
    from dxtrainer.services.container import Services
    from dxtrainer.services.report_records import Dashboard
    from dxtrainer.ui.view_models.dashboard import DashboardView


def recent_periods(kind: PeriodKind, today: date, count: int) -> list[Period]:
    current = period_of(kind, today)
    out = [current]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


class DashboardScreen(QScrollArea):
    loaded = Signal()
    staff_list_requested = Signal(object, object)  # department id, Period

    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        scroll_page(self)
        self._runner = runner
        self._services = services
        self._user = user
        self.board: Dashboard | None = None
        self.view: DashboardView | None = None
        self.stale = True
        self._charts_ready = False
        self.panels: dict[str, ChartPanel] = {}
        self._columns = 0  # charts side by side (2) or one below the other (1)
        self._scope: int | None = None
        self._departments: list[tuple[int | None, str, int]] = []

        body = QWidget()
        body.setObjectName("pageBody")
        self.setWidget(body)
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(28, 20, 28, 28)
        self.layout_.setSpacing(14)
        head = FlowLayout(spacing=6)  # wraps at large text sizes
        head.addWidget(label(_("DXリテラシーの状況"), "title"))
        head.addStretch()
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, text in (("csv", _("CSV で保存")), ("xlsx", _("Excel で保存")),
                          ("pdf", _("PDF 報告書"))):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            head.addWidget(button)
            self.export_buttons[fmt] = button
        self.layout_.addLayout(head)
        self.layout_.addLayout(self._filters())
        self.scope_label = label("", "muted", wrap=True)
        self.layout_.addWidget(self.scope_label)
        self.tiles_row = FlowLayout(spacing=8, fill=True)  # fewer in a row at large text
        self.tiles = {key: KpiTile(title) for key, title in (
            ("participation", _("参加率")), ("completion", _("修了率(現在)")),
            ("average", _("平均点")), ("assignments", _("必修研修の修了率")),
            ("overdue", _("期限を過ぎた未修了")))}
        for tile in self.tiles.values():
            self.tiles_row.addWidget(tile)
        self.layout_.addLayout(self.tiles_row)
        self.charts_grid = QGridLayout()
        self.charts_grid.setSpacing(14)
        self.layout_.addLayout(self.charts_grid)
        self.loading = label(_("グラフを準備しています…"), "muted")
        self.layout_.addWidget(self.loading)
        self.layout_.addStretch(1)

    # ---- filters ------------------------------------------------------------------------

    def _filters(self) -> QGridLayout:
        """Period, category and department; a grid so that long (English) labels still fit."""
        row = FlowLayout(spacing=12, row_spacing=8)  # wraps at large text sizes
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("期間の単位"))
        for kind, text in ((PeriodKind.FISCAL_YEAR, _("年度")),
                           (PeriodKind.QUARTER, _("四半期")), (PeriodKind.MONTH, _("月"))):
            self.kind.addItem(text, kind)
        self.kind.currentIndexChanged.connect(self._fill_periods)
        self.period = QComboBox()
        self.period.setAccessibleName(_("期間"))
        self.period.setMinimumWidth(200)
        row.addWidget(_together(label(_("期間")), self.kind, self.period))
        second = QHBoxLayout()
        second.setSpacing(8)
        second.addWidget(label(_("所属")))
        self.department = QComboBox()
        self.department.setAccessibleName(_("所属"))
        self.department.setMinimumWidth(260)
        second.addWidget(self.department)
        self.up_button = QPushButton(_("↑ 上の階層へ"))
        self.up_button.clicked.connect(self._on_up_button_clicked)
        second.addWidget(self.up_button)
        second.addStretch(1)
        self.category = QComboBox()
        self.category.setAccessibleName(_("区分"))
        self.category.addItem(_("すべての区分"), None)
        for cat in CATEGORY_ORDER:
            self.category.addItem(category_name(cat), cat)
        row.addWidget(_together(label(_("区分")), self.category))
        self.course = QComboBox()
        self.course.setAccessibleName(_("コースで絞り込む"))
        self.course.addItem(_("すべてのレッスン"), None)
        for course in self._services.content.index.courses:
            self.course.addItem(course.title, course.id)
        row.addWidget(_together(label(_("コース")), self.course))
        row.addStretch()
        grid = QGridLayout()
        grid.setVerticalSpacing(8)
        grid.addLayout(row, 0, 0)
        grid.addLayout(second, 1, 0)
        self._fill_periods()
        self.period.currentIndexChanged.connect(self.refresh)
        self.department.currentIndexChanged.connect(self._on_department_changed)
        self.category.currentIndexChanged.connect(self.refresh)
        self.course.currentIndexChanged.connect(self.refresh)
        return grid

    def _fill_periods(self) -> None:
        kind = PeriodKind(self.kind.currentData())
        count = {PeriodKind.FISCAL_YEAR: 4, PeriodKind.QUARTER: 8, PeriodKind.MONTH: 15}[kind]
        self.period.blockSignals(True)
        self.period.clear()
        for p in recent_periods(kind, date.today(), count):
            self.period.addItem(period_text(p), p)
        self.period.blockSignals(False)
        if self._charts_ready:
            self.refresh()

    def _fill_departments(self) -> None:
        self.department.blockSignals(True)
        self.department.clear()
        for dept_id, path, depth in self._departments:
            text = _("全庁") if dept_id is None else "  " * (depth - 1) + path.split(" › ")[-1]
            self.department.addItem(text, dept_id)
            self.department.setItemData(self.department.count() - 1, path or _("全庁"),
                                        Qt.ItemDataRole.ToolTipRole)
        index = self.department.findData(self._scope)
        self.department.setCurrentIndex(max(index, 0))
        self.department.blockSignals(False)

    def _on_department_changed(self) -> None:
        self._scope = self.department.currentData()
        self.refresh()

    def _on_up_button_clicked(self) -> None:
        board = self.board
        if board is None or board.scope_id is None:
            return
        parent = self._parent_of(board.scope_id)
        allowed = [d for d, _p, _n in self._departments]
        if parent in allowed:
            self.drill(parent)

    def _parent_of(self, dept_id: int) -> int | None:
        paths = {d: p for d, p, _n in self._departments}
        mine = paths.get(dept_id, "")
        parent_path = mine.rsplit(" › ", 1)[0] if " › " in mine else ""
        return next((d for d, p in paths.items() if p == parent_path and d is not None), None)

    def drill(self, dept_id: int | None) -> None:
        self._scope = dept_id
        index = self.department.findData(dept_id)
        if index >= 0:
            self.department.setCurrentIndex(index)  # triggers refresh
        else:
            self.refresh()

    # ---- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._charts_ready:
            self._prepare()
            return
        reporting, user = self._services.reporting, self._user
        period, scope = self.period.currentData(), self._scope
        chosen = self.category.currentData()
        category = Category(chosen) if chosen else None  # Qt returns the enum as a str
        course = self.course.currentData()
        self._runner.run(lambda: reporting.dashboard(user, period, scope, category,
                                                     course_id=course),
                         self._on_dashboard_loaded, self._on_dashboard_failed)

    def _prepare(self) -> None:
        """First use: list the departments the user may see on the worker (a busy cue shows
        meanwhile), then build the charts on the UI thread. pyqtgraph is imported there too:
        importing it on a worker thread builds Qt objects off the UI thread (it once crashed)."""
        reporting, user = self._services.reporting, self._user
        self._runner.run(lambda: reporting.visible_departments(user), self._on_prepared,
                         self._on_dashboard_failed)

    def _on_prepared(self, departments: list[tuple[int | None, str, int]]) -> None:
        from dxtrainer.ui.charts.plots import HorizontalBars, LineChart, VerticalBars

        self._departments = departments
        if self._user.role is Role.MANAGER and departments:
            self._scope = departments[0][0]
        self._fill_departments()
        self.completion_chart = HorizontalBars(_("修了率(%)"))
        self.average_chart = HorizontalBars(_("平均点(%)"))
        self.trend_chart = LineChart(_("参加率(%)"))
        self.distribution_chart = VerticalBars(_("人数(人)"), y_max=None)
        self.distribution_chart.getPlotItem().setLabel("bottom", _("平均点(%、10点ごとの下限)"))
        self.heatmap = Heatmap()
        self.gain_chart = HorizontalBars(_("伸び(ポイント)"))
        self.panels = {
            "completion": ChartPanel(_("所属別の修了率"), self.completion_chart),
            "average": ChartPanel(_("所属別の平均点"), self.average_chart),
            "heatmap": ChartPanel(_("所属 × 区分の習得率"), self.heatmap),
            "trend": ChartPanel(_("月別の参加率の推移"), self.trend_chart),
            "distribution": ChartPanel(_("平均点の分布(人数)"), self.distribution_chart),
            "gain": ChartPanel(_("コースの学習効果(事後テスト − 事前テスト)"), self.gain_chart),
        }
        self._place_panels()
        self.panels["heatmap"].setMinimumHeight(300)
        for chart in (self.completion_chart, self.average_chart):
            chart.clicked_bar.connect(self._on_bar_clicked)
        self.heatmap.row_activated.connect(self._on_bar_clicked)
        self.loading.setVisible(False)
        self._charts_ready = True
        self.refresh()

    def _place_panels(self) -> None:
        """Two charts side by side where both fit; one below the other when they do not (a
        small screen, large text, longer English titles), so the page never scrolls sideways."""
        if not self.panels:
            return
        margins = self.layout_.contentsMargins()
        room = self.viewport().width() - margins.left() - margins.right()
        spacing = self.charts_grid.horizontalSpacing()
        columns = 2 if all(
            self.panels[a].minimumSizeHint().width() + spacing
            + self.panels[b].minimumSizeHint().width() <= room
            for a, b in (("completion", "average"), ("trend", "distribution"))) else 1
        if columns == self._columns:
            return
        self._columns = columns
        for panel in self.panels.values():
            self.charts_grid.removeWidget(panel)
        row = column = 0
        for key in PANEL_ORDER:
            wide = key in ("heatmap", "gain") or columns == 1
            if wide and column:
                row, column = row + 1, 0
            self.charts_grid.addWidget(self.panels[key], row, column, 1, 2 if wide else 1)
            row, column = (row + 1, 0) if wide or column else (row, 1)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt's name)
        super().resizeEvent(event)
        self._place_panels()

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._place_panels()  # larger text: the charts may no longer fit side by side

    def _on_dashboard_failed(self, exc: BaseException) -> None:
        from dxtrainer.services.organisation import AccessDenied
        from dxtrainer.ui.task_runner import describe_error

        self.loading.setVisible(True)
        self.loading.setText(_("この画面を表示する権限がありません。") if isinstance(exc, AccessDenied)
                             else describe_error(exc))

    def _on_bar_clicked(self, index: int) -> None:
        board = self.board
        if board is None or index >= len(board.departments):
            return
        row = board.departments[index]
        if row.suppressed:
            return
        if row.has_children:
            self.drill(row.department_id)
        elif self._user.role is Role.HR_ADMIN:
            self.staff_list_requested.emit(row.department_id, board.period)

    def _on_dashboard_loaded(self, board: Dashboard) -> None:
        from dxtrainer.ui.view_models.dashboard import build_view

        self.board = board
        self.stale = False
        self.view = build_view(
            board, is_hr=self._user.role is Role.HR_ADMIN,
            top_department=self._departments[0][0] if self._departments else None,
            has_departments=bool(self._departments))
        self._draw(self.view)
        self.loaded.emit()

    def _draw(self, view: DashboardView) -> None:
        """Put the worded view on the screen: tiles, charts and the same numbers as tables."""
        from dxtrainer.ui.style import CATEGORY_COLOURS

        self.scope_label.setText(view.note)
        self.up_button.setEnabled(view.can_go_up)
        for key, tile in view.tiles.items():
            self.tiles[key].show_value(tile.value, tile.change, tile.tone)
        for chart, series in ((self.completion_chart, view.completion),
                              (self.average_chart, view.average),
                              (self.distribution_chart, view.distribution),
                              (self.gain_chart, view.gain)):
            chart.set_bars(series.names, series.values, series.tips)
        self.trend_chart.set_points(view.trend.names, view.trend.values, view.trend.tips)
        heat = view.heatmap
        self.heatmap.set_cells(heat.rows, heat.columns, heat.values, heat.texts,
                               [CATEGORY_COLOURS[c.value] for c in heat.categories])
        for key, table in (("completion", view.departments), ("average", view.departments),
                           ("heatmap", view.heatmap_table), ("trend", view.trend_table),
                           ("distribution", view.distribution_table),
                           ("gain", view.gain_table)):
            self.panels[key].set_table(table.headers, table.rows)
        self.panels["gain"].setVisible(bool(view.gain.names))
        self.panels["gain"].set_note(view.gain_note)
        self.panels["completion"].set_note(view.drill_note)
        self.panels["heatmap"].set_note(view.heatmap_note)

    # ---- exports ------------------------------------------------------------------------

    def export(self, fmt: str) -> None:
        from dxtrainer.ui.dialogs.export_dialog import export_dashboard

        if self.board is not None:
            export_dashboard(self, self._runner, self.board, fmt)


PANEL_ORDER = ("completion", "average", "heatmap", "trend", "distribution", "gain")


def _together(*widgets: QWidget) -> QWidget:
    """A label and its fields kept on one line when a row wraps."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    for widget in widgets:
        row.addWidget(widget)
    return box
