"""HR: required courses (必修研修) with their completion, the outstanding lists and exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _, format_date
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.screens.admin_screen import AdminScreen
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, empty_state, label

if TYPE_CHECKING:
    from dxtrainer.services.container import Services


def assignment_columns() -> list[Column]:
    return [
        Column(_("必修研修"), lambda r: r[0].title),
        Column(_("対象"), lambda r: r[0].department or _("全庁")),
        Column(_("期限"), lambda r: format_date(r[0].deadline)),
        Column(_("対象者"), lambda r: _("{n} 人").format(n=r[1].targeted), align_right=True),
        Column(_("修了"), lambda r: _("{n} 人").format(n=r[1].completed), align_right=True),
        Column(_("修了率"), lambda r: format_percent(r[1].completion, 1), align_right=True),
        Column(_("期限超過"), lambda r: _("{n} 人").format(n=r[1].overdue) if r[1].overdue
               else "—", align_right=True),
    ]


class AssignmentsScreen(AdminScreen):
    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, services, user, _("必修研修"), _("必修研修を設定する…"),
                         self._on_new_button_clicked, parent)
        self.new_button = self.action_button
        layout = self.body
        layout.addWidget(label(_("対象の職員は、ホーム画面で自分の必修研修と期限を確認できます。未修了者一覧は"
                                 "督促のために CSV・Excel で保存できます。"), "muted", wrap=True))
        self.model = RowTableModel(assignment_columns(), self)
        self.table = data_table(self.model, stretch=0)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self._on_outstanding_button_clicked())
        layout.addWidget(self.table, 1)
        self.empty = empty_state(_("必修研修はまだありません。「必修研修を設定する」から、全職員や所属ごとに"
                                   "受けてほしいレッスンと期限を設定できます。"))
        layout.addWidget(self.empty)
        actions = QHBoxLayout()
        self.outstanding_button = QPushButton(_("未修了者一覧…"))
        self.outstanding_button.clicked.connect(self._on_outstanding_button_clicked)
        actions.addWidget(self.outstanding_button)
        self.remove_button = QPushButton(_("取り下げる"))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        self.status = label("", "muted")
        actions.addWidget(self.status)
        self.undo_button = QPushButton(_("元に戻す"))
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        actions.addWidget(self.undo_button)
        layout.addLayout(actions)
        self._removed: int | None = None

    def refresh(self) -> None:
        service, user = self._services.assignments, self._user

        def work():  # noqa: ANN202
            stats = {s.assignment_id: s for s in service.stats(user)}
            return [(info, stats[info.id]) for info in service.list(user) if info.id in stats]

        self._runner.run(work, self._on_loaded)

    def _on_loaded(self, rows: list) -> None:  # noqa: ANN001
        self.stale = False
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.outstanding_button.setEnabled(bool(rows))
        self.remove_button.setEnabled(bool(rows))
        self.loaded.emit()

    def selected(self):  # noqa: ANN201
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            return self.model.row(0)
        return self.model.row(index.row()) if index.isValid() else None

    def _on_new_button_clicked(self) -> None:
        reporting, user = self._services.reporting, self._user
        self._runner.run(lambda: reporting.visible_departments(user), self._open_new_dialog)

    def _open_new_dialog(self, departments: list) -> None:  # noqa: ANN001
        from dxtrainer.ui.dialogs.assignment_dialog import AssignmentDialog

        dialog = AssignmentDialog(self._services.content.index, departments, self)
        self.new_dialog = dialog
        dialog.accepted.connect(lambda: self.create(dialog.values()))
        dialog.open()

    def create(self, values: dict) -> None:
        service, user = self._services.assignments, self._user
        self._runner.run(lambda: service.create(user, **values), lambda _info: self.refresh())

    def _on_remove_button_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        info = row[0]
        service, user = self._services.assignments, self._user
        self._removed = info.id
        self._runner.run(lambda: service.remove(user, info.id), lambda _r: self._after_remove(
            info.title))

    def _after_remove(self, title: str) -> None:
        self.status.setText(_("「{title}」を取り下げました。").format(title=title))
        self.undo_button.setVisible(True)
        self.refresh()

    def _on_undo_button_clicked(self) -> None:
        if self._removed is None:
            return
        service, user, removed = self._services.assignments, self._user, self._removed
        self._removed = None
        self.undo_button.setVisible(False)
        self.status.setText(_("取り下げを取り消しました。"))
        self._runner.run(lambda: service.restore(user, removed), lambda _r: self.refresh())

    def _on_outstanding_button_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        info = row[0]
        service, user = self._services.assignments, self._user
        self._runner.run(lambda: service.outstanding(user, info.id),
                         lambda rows: self._show_outstanding(info, rows))

    def _show_outstanding(self, info, rows) -> None:  # noqa: ANN001
        from dxtrainer.ui.dialogs.outstanding_dialog import OutstandingDialog

        dialog = OutstandingDialog(self._runner, info, rows, self)
        self.outstanding_dialog = dialog
        dialog.open()


