"""HR: import the staff roster — choose a file, read the preview (who is added, changed,
transferred, deactivated; every bad row with its number), then apply. Nothing is written until
「取り込む」, and by default not at all while any row is bad."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from dxtrainer.i18n import _
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label, primary_button

if TYPE_CHECKING:
    from dxtrainer.services.container import Services


class RosterImportDialog(QDialog):
    imported = Signal()
    codes_wanted = Signal(list)  # ids of the people just added, to issue their 初期コード
    previewed = Signal()

    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._runner, self._services, self._user = runner, services, user
        self.path: str | None = None
        self.plan = None
        self.setWindowTitle(_("職員名簿の取り込み"))
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_(
            "人事システムなどから出力した職員名簿(CSV または Excel)を取り込みます。先に内容を確認し、"
            "「取り込む」を押したときだけ登録されます。職員を削除することはありません。"), wrap=True))
        row = QHBoxLayout()
        self.file_label = label(_("ファイルが選ばれていません"), "muted")
        row.addWidget(self.file_label, 1)
        choose = QPushButton(_("ファイルを選ぶ…"))
        choose.clicked.connect(self._on_choose_clicked)
        row.addWidget(choose)
        layout.addLayout(row)
        self.full_sync = QCheckBox(_("名簿にない職員を無効にする(退職者・転出者の反映)"))
        self.full_sync.toggled.connect(self._preview)
        layout.addWidget(self.full_sync)
        self.summary = label("", "subtitle", wrap=True)
        layout.addWidget(self.summary)
        self.lines = QListWidget()
        self.lines.setAccessibleName(_("取り込みの内容"))
        self.lines.setWordWrap(True)
        layout.addWidget(self.lines, 1)
        self.allow_errors = QCheckBox(_("エラーの行を除いて取り込む"))
        self.allow_errors.setVisible(False)
        self.allow_errors.toggled.connect(self._update_buttons)
        layout.addWidget(self.allow_errors)
        self.issue_codes = QCheckBox(_(
            "新しく登録する職員に初期コードを発行する(取り込みの後、通知書 PDF と一覧 CSV を作ります)"))
        self.issue_codes.setChecked(True)
        self.issue_codes.setVisible(False)
        layout.addWidget(self.issue_codes)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.apply_button = primary_button(_("取り込む"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        buttons.addWidget(self.apply_button)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def _on_choose_clicked(self) -> None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("職員名簿を選んでください"), folder, _("名簿 (*.csv *.xlsx *.txt)"))
        if path:
            self.choose(path)

    def choose(self, path: str) -> None:
        self.path = path
        self.file_label.setText(path)
        self._preview()

    def _preview(self) -> None:
        if self.path is None:
            return
        roster, user, path, full = (self._services.roster, self._user, self.path,
                                    self.full_sync.isChecked())
        self.summary.setText(_("名簿を確認しています…"))
        self.apply_button.setEnabled(False)
        self._runner.run(lambda: roster.preview(user, path, full), self._on_previewed)

    def _on_previewed(self, plan) -> None:  # noqa: ANN001
        from dxtrainer.roster_messages import describe_roster_problem, plan_lines, plan_summary

        self.plan = plan
        self.summary.setText(plan_summary(plan))
        self.lines.clear()
        for problem in plan.errors:
            item = QListWidgetItem("✖ " + describe_roster_problem(problem))
            item.setForeground(self.palette().text())
            self.lines.addItem(item)
        for line in plan_lines(plan):
            self.lines.addItem(QListWidgetItem(line))
        self.allow_errors.setVisible(bool(plan.row_errors) and not plan.file_errors)
        self.issue_codes.setVisible(bool(plan.to_add))
        self._update_buttons()
        self.previewed.emit()

    def _update_buttons(self) -> None:
        plan = self.plan
        ok = plan is not None and not plan.is_empty and not plan.file_errors and (
            not plan.errors or self.allow_errors.isChecked())
        self.apply_button.setEnabled(bool(ok))

    def apply(self) -> None:
        if self.plan is None or self.path is None:
            return
        roster, user, path = self._services.roster, self._user, self.path
        full, allow = self.full_sync.isChecked(), self.allow_errors.isChecked()
        self.apply_button.setEnabled(False)
        self._runner.run(lambda: roster.apply(user, path, full, allow), self._on_applied)

    def _on_applied(self, result) -> None:  # noqa: ANN001
        from dxtrainer.roster_messages import result_summary

        self.summary.setText(result_summary(result))
        self.lines.clear()
        self.plan = None
        if result.applied:
            self.imported.emit()
            if self.issue_codes.isChecked() and result.added_ids:
                self.codes_wanted.emit(list(result.added_ids))
        self.issue_codes.setVisible(False)
