"""HR: issue 初期コード to one or many people — confirm and choose where the notices go, issue on
the worker with a progress bar, then show the codes once beside the saved PDF and CSV."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _, format_datetime
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label, primary_button

if TYPE_CHECKING:
    from pathlib import Path

    from dxtrainer.services.accounts import AccountService
    from dxtrainer.services.code_records import IssuedCode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    staff_id: int
    name: str
    has_credential: bool


def code_columns() -> list[Column]:
    return [
        Column(_("職員番号"), lambda r: r.staff_no),
        Column(_("氏名"), lambda r: r.name),
        Column(_("所属"), lambda r: r.department),
        Column(_("初期コード"), lambda r: r.code),
        Column(_("有効期限"), lambda r: format_datetime(r.expires_at)),
    ]


class IssueCodesDialog(QDialog):
    issued = Signal()  # codes were issued (the staff list should refresh)
    progressed = Signal(int, int)  # emitted on the worker, delivered on the UI thread

    def __init__(self, runner: TaskRunner, accounts: AccountService, user: CurrentUser,
                 people: Sequence[Recipient], folder: str | None = None,
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._runner, self._accounts, self._user = runner, accounts, user
        self._people = list(people)
        self.rows: list[IssuedCode] = []
        self.saved: tuple[Path, Path] | None = None
        self.setWindowTitle(_("初期コードの発行"))
        self.resize(760, 520)
        self.pages = QStackedWidget()
        QVBoxLayout(self).addWidget(self.pages)
        self.pages.addWidget(self._confirm_page(folder))
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._result_page())
        self.progressed.connect(self._on_progressed)

    # ---- pages ----------------------------------------------------------------------------

    def _confirm_page(self, folder: str | None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        total = len(self._people)
        who = (_("{name} さん").format(name=self._people[0].name)
               if total == 1 and self._people[0].name else _("{n} 人").format(n=total))
        self.heading = label(_("{who}に初期コードを発行します。").format(who=who), "subtitle",
                             wrap=True)
        layout.addWidget(self.heading)
        layout.addWidget(label(_(
            "初期コードは、本人がはじめてサインインするときに一度だけ使う 8 文字のコードです。"
            "本人はこのコードを入力してから、自分の PIN・パスワードを決めます。"), wrap=True))
        self.days = label("", "muted", wrap=True)
        layout.addWidget(self.days)
        accounts = self._accounts
        self._runner.run(lambda: accounts.settings().code_days, self._on_days_loaded)
        replaced = sum(1 for p in self._people if p.has_credential)
        self.replaced = label(_(
            "このうち {n} 人は PIN・パスワードを設定済みです。発行すると今の PIN・パスワードは使えなくなり、"
            "新しいコードで設定し直すことになります。").format(n=replaced), "warning", wrap=True)
        self.replaced.setVisible(replaced > 0)
        layout.addWidget(self.replaced)
        layout.addSpacing(8)
        layout.addWidget(label(_("通知書(PDF、1 人 1 ページ)と差し込み印刷用の一覧(CSV)の保存先:")))
        row = QHBoxLayout()
        self.folder = QLineEdit(folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        self.folder.setAccessibleName(_("保存先のフォルダ"))
        row.addWidget(self.folder, 1)
        browse = QPushButton(_("参照…"))
        browse.clicked.connect(self._on_browse_clicked)
        row.addWidget(browse)
        layout.addLayout(row)
        self.message = label("", "error", wrap=True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.issue_button = primary_button(_("発行する"))
        self.issue_button.clicked.connect(self.issue)
        buttons.addWidget(self.issue_button)
        cancel = QPushButton(_("キャンセル"))
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        return page

    def _progress_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.progress_text = label(_("初期コードを作っています…"), wrap=True)
        layout.addWidget(self.progress_text)
        self.progress = QProgressBar()
        self.progress.setRange(0, max(1, len(self._people)))
        layout.addWidget(self.progress)
        layout.addStretch(1)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(label(_(
            "初期コードはこの画面で一度だけ表示されます。閉じると二度と表示できません。"
            "保存した通知書を印刷して、本人に手渡してください。"), "warning", wrap=True))
        self.saved_text = label("", wrap=True, selectable=True)
        layout.addWidget(self.saved_text)
        self.model = RowTableModel(code_columns(), self)
        self.table = data_table(self.model)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = primary_button(_("閉じる"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        return page

    # ---- issuing --------------------------------------------------------------------------

    def _on_days_loaded(self, days: int) -> None:
        self.days.setText(_("コードの有効期限は、発行から {days} 日後です。期限を過ぎたコードは使えません。").format(
            days=days))

    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("保存先のフォルダを選んでください"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def issue(self) -> None:
        folder = self.folder.text().strip()
        if not folder or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            self.message.setText(_("保存先のフォルダに書き込めません。別のフォルダを選んでください。"))
            return
        from dxtrainer.ui.code_notice_pdf import save_notices

        accounts, user = self._accounts, self._user
        ids = [p.staff_id for p in self._people]
        report = self.progressed.emit

        def work() -> tuple[list[IssuedCode], tuple[Path, Path] | None]:
            rows = accounts.issue_codes(user, ids, progress=report)
            try:
                return rows, save_notices(rows, folder)
            except OSError:
                log.exception("the notices could not be saved in %s", folder)
                return rows, None

        self.pages.setCurrentIndex(1)
        self._runner.run(work, self._on_issued, self._on_failed)

    def _on_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress_text.setText(_("初期コードを作っています…({done} / {total} 人)").format(
            done=done, total=total))

    def _on_issued(self, result: tuple[list[IssuedCode], tuple[Path, Path] | None]) -> None:
        self.rows, self.saved = result
        self.model.set_rows(self.rows)
        if self.saved is not None:
            pdf, csv = self.saved
            self.saved_text.setText(_("通知書: {pdf}\n一覧(CSV): {csv}").format(pdf=pdf, csv=csv))
        else:
            self.saved_text.setProperty("role", "error")
            self.saved_text.setText(_(
                "通知書と一覧を保存できませんでした。下のコードを書き写して本人に渡すか、"
                "保存先を変えてもう一度発行してください。"))
        self.pages.setCurrentIndex(2)
        self.issued.emit()

    def _on_failed(self, exc: BaseException) -> None:
        from dxtrainer.messages import service_error_text
        from dxtrainer.services.errors import ServiceError

        self.pages.setCurrentIndex(0)
        self.message.setText(service_error_text(exc.code, **exc.detail)
                             if isinstance(exc, ServiceError) else self._runner.error_text(exc))
