"""研修アンケートの結果: the distribution of satisfaction and usefulness per course and department
(small groups shown as 「—」); HR may export the comments, a manager sees their subtree only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from dxtrainer.domain.progress import round_half_up
from dxtrainer.i18n import _
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.screens.admin_screen import AdminScreen
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, empty_state, label
from dxtrainer.ui.widgets.report_filters import ReportFilters, save_csv
from dxtrainer.ui.widgets.spread_delegate import SpreadDelegate

if TYPE_CHECKING:
    from dxtrainer.services.container import Services
    from dxtrainer.services.surveys import SurveyGroup, SurveyResults


def mean_text(counts: tuple[int, ...] | None) -> str:
    from dxtrainer.services.surveys import SurveyGroup

    value = SurveyGroup.mean(counts)
    return "—" if value is None else f"{round_half_up(value, 1):.1f}"


def spread_text(counts: tuple[int, ...] | None) -> str:
    """「1(低い):0人、2:1人、3:4人、4:6人、5(高い):3人」: how many chose each level."""
    if counts is None:
        return "—"
    levels = [_("1(低い)"), "2", "3", "4", _("5(高い)")]
    return _("、").join(_("{level}:{n}人").format(level=level, n=n)
                       for level, n in zip(levels, counts, strict=True))


def survey_columns() -> list[Column]:
    return [
        Column(_("所属"), lambda g: g.name or _("全庁")),
        Column(_("回答数"), lambda g: "—" if g.responses is None else str(g.responses),
               lambda g: g.responses if g.responses is not None else -1, True),
        Column(_("満足度(平均)"), lambda g: mean_text(g.satisfaction), align_right=True),
        Column(_("満足度の分布(1 低い → 5 高い)"), lambda g: spread_text(g.satisfaction)),
        Column(_("役立ち度(平均)"), lambda g: mean_text(g.usefulness), align_right=True),
        Column(_("役立ち度の分布(1 低い → 5 高い)"), lambda g: spread_text(g.usefulness)),
    ]


class SurveyScreen(AdminScreen):
    exported = Signal(str)

    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, services, user, _("研修アンケート"),
                         _("コメントを書き出す(CSV)…"), lambda: self.export(), parent)
        self.export_button = self.action_button
        self.export_button.setVisible(user.role is Role.HR_ADMIN)
        layout = self.body
        self.note = label("", "muted", wrap=True)
        layout.addWidget(self.note)
        self.filters = ReportFilters([(c.id, c.title) for c in services.content.index.courses])
        self.course, self.department = self.filters.course, self.filters.department
        layout.addWidget(self.filters)
        self.model = RowTableModel(survey_columns(), self)
        self.table = data_table(self.model)  # the last column takes what is left
        for column, counts in ((3, lambda g: g.satisfaction), (5, lambda g: g.usefulness)):
            self.table.setItemDelegateForColumn(column, SpreadDelegate(counts, self.table))
        self.table.setMinimumHeight(220)
        layout.addWidget(self.table, 1)
        self.empty = empty_state("")  # instead of a table of 「—」 when the whole scope is small
        self.empty.setVisible(False)
        layout.addWidget(self.empty, 1)
        self.status = label("", "muted", wrap=True)
        layout.addWidget(self.status)
        self.results: SurveyResults | None = None
        self.filters.changed.connect(self.refresh)

    def refresh(self) -> None:
        course, department = self.filters.values()
        if course is None:
            self.status.setText(_("コースが定義されていません。"))
            self.loaded.emit()
            return
        service, reporting, user = (self._services.surveys, self._services.reporting, self._user)
        need_departments = not self.filters.departments_loaded

        def work():  # noqa: ANN202
            departments = reporting.visible_departments(user) if need_departments else None
            return departments, service.results(user, course, department)

        self._runner.run(work, self._on_loaded)

    def _on_loaded(self, loaded) -> None:  # noqa: ANN001
        departments, results = loaded
        self.filters.fill_departments(departments)
        self.stale = False
        self.results = results
        self.note.setText(_(
            "満足度・役立ち度は 1(低い)〜5(高い)の 5 段階です。回答は個人と結びつけずに記録しています。"
            "回答が {n} 件に満たない所属は「—」で表示します。").format(n=results.min_group))
        rows: list[SurveyGroup] = [results.total, *results.departments]
        self.model.set_rows(rows)
        few = results.total.suppressed  # then every department in it is too
        self.table.setVisible(not few)
        self.empty.setVisible(few)
        self.empty.findChild(QLabel).setText(_(
            "この範囲の回答はまだ {n} 件に満たないため、集計を表示できません。コースを修了した職員が"
            "回答すると、ここに集計が並びます。").format(n=results.min_group))
        self.status.setText("")
        self.loaded.emit()

    def export(self, path: str | None = None) -> None:
        service, user, course = self._services.surveys, self._user, self.course.currentData()
        save_csv(self, self._runner, self.status, _("研修アンケートのコメント.csv"),
                 lambda: service.comments_csv(user, course), path, self.exported.emit)
