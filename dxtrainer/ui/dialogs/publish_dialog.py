"""Trainers and HR: publish a content folder to every PC on this database (「公開」), see the
publications so far, and publish an earlier one again. What stops a publication (errors, questions
edited without a new version) is listed with file:line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _, format_datetime
from dxtrainer.messages import format_problem, service_error_text
from dxtrainer.services.errors import ServiceError
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label, primary_button

if TYPE_CHECKING:
    from dxtrainer.services.publishing import Publication, PublishingService, PublishResult
    from dxtrainer.services.records import CurrentUser


def publication_columns() -> list[Column]:
    return [
        Column(_("公開番号"), lambda p: str(p.number), sort=lambda p: p.number, align_right=True),
        Column(_("日時"), lambda p: format_datetime(p.published_at),
               sort=lambda p: p.published_at),
        Column(_("公開した人"), lambda p: p.publisher or _("(初期設定)")),
        Column(_("内容"), lambda p: _("レッスン {l} 件・問題 {q} 問").format(l=p.lessons,
                                                                         q=p.questions)),
        Column(_("元"), lambda p: _("公開番号 {n} に戻したもの").format(n=p.restored_from)
               if p.restored_from else p.source),
    ]


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, ServiceError):
        return service_error_text(exc.code, **exc.detail)
    return service_error_text("internal")


class PublishDialog(QDialog):
    done = Signal()  # after a publication, a refusal or a failure has been shown
    listed = Signal()  # the publications so far are in the table

    def __init__(self, runner: TaskRunner, service: PublishingService, user: CurrentUser,
                 folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._service, self._user = runner, service, user
        self.setWindowTitle(_("教材の公開"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(label(_("教材の公開"), "subtitle"))
        layout.addWidget(label(_(
            "教材フォルダを検査して、エラーがなければ、このデータベースを使うすべての端末に公開します。"
            "各端末では次に開いたときから新しい教材になります。以前の公開は残り、いつでも戻せます。"),
            wrap=True))
        row = QHBoxLayout()
        self.folder = QLineEdit(folder)
        self.folder.setPlaceholderText(_("公開する教材フォルダ"))
        self.folder.setAccessibleName(_("公開する教材フォルダ"))
        row.addWidget(self.folder, 1)
        browse = QPushButton(_("選ぶ…"))
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        self.publish_button = primary_button(_("検査して公開する"))
        self.publish_button.clicked.connect(self.publish)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        self.status = label("", "muted", wrap=True)
        layout.addWidget(self.status)
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("公開できない理由"))
        self.problems.setVisible(False)
        layout.addWidget(self.problems)
        layout.addWidget(label(_("これまでの公開"), "subtitle"))
        self.model = RowTableModel(publication_columns(), self)
        self.table = data_table(self.model, stretch=4)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.rollback_button = QPushButton(_("選んだ公開に戻す"))
        self.rollback_button.clicked.connect(self.rollback)
        bottom.addWidget(self.rollback_button)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        self._runner.run(self._service.publications, self._on_listed)

    def _on_listed(self, publications: list[Publication]) -> None:
        self.model.set_rows(publications)
        self.listed.emit()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("公開する教材フォルダ"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def publish(self) -> None:
        folder = self.folder.text().strip()
        if not folder:
            self.status.setText(_("公開する教材フォルダを選んでください。"))
            return
        service, user = self._service, self._user
        self.publish_button.setEnabled(False)
        self.problems.setVisible(False)
        self.status.setText(_("検査しています…"))
        self._runner.run(lambda: service.publish(user, folder), self._on_published,
                         self._on_failed)

    def rollback(self) -> None:
        index = self.table.currentIndex()
        chosen: Publication | None = self.model.row(index.row()) if index.isValid() else None
        if chosen is None:
            self.status.setText(_("戻す公開を一覧から選んでください。"))
            return
        service, user = self._service, self._user
        self.status.setText(_("公開番号 {n} に戻しています…").format(n=chosen.number))
        self._runner.run(lambda: service.rollback(user, chosen.number),
                         lambda p: self._show_done(_(
                             "公開番号 {old} の教材を、公開番号 {new} としてもう一度公開しました。").format(
                             old=chosen.number, new=p.number)), self._on_failed)

    def _on_published(self, result: PublishResult) -> None:
        self.publish_button.setEnabled(True)
        if result.publication is None:
            self.problems.clear()
            for problem in result.problems:
                self.problems.addItem(format_problem(problem))
            self.problems.setVisible(True)
            self.status.setText(_("エラーが {n} 件あるため公開しませんでした。直してからもう一度公開して"
                                  "ください。").format(n=len(result.problems)))
            self.done.emit()
            return
        p = result.publication
        if result.unchanged:
            self._show_done(_("公開中の教材(公開番号 {n})と同じ内容のため、何もしませんでした。")
                            .format(n=p.number))
            return
        self._show_done(_("公開しました: 公開番号 {n}(レッスン {lessons} 件、クイズ {quizzes} 件、"
                          "問題 {questions} 問)。").format(n=p.number, lessons=p.lessons,
                                                       quizzes=p.quizzes, questions=p.questions))

    def _show_done(self, text: str) -> None:
        self.status.setText(text)
        self.refresh()
        self.done.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self.publish_button.setEnabled(True)
        self.status.setText(_error_text(exc))
        self.done.emit()
