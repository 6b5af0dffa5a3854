"""For trainers (研修担当): the state of the content folder (problems with file:line), a reload
after editing, and how each question performs so weak ones can be rewritten."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QWidget,
)

from dxtrainer.domain.item_analysis import Thresholds, badness
from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _
from dxtrainer.messages import format_problem
from dxtrainer.services.item_export import flags_text, index_text, type_name
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowFilterModel, RowTableModel
from dxtrainer.ui.screens.admin_screen import AdminScreen
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label, scroll_page
from dxtrainer.ui.widgets.item_detail import ItemDetail

if TYPE_CHECKING:
    from dxtrainer.services.container import Services
    from dxtrainer.services.item_stats import QuestionStat

def _index_sort(value: float | None) -> float:
    return -9.0 if value is None else value


def stat_columns() -> list[Column]:
    return [
        Column(_("レッスン"), lambda r: _("第{n}課").format(n=r.lesson_number),
               lambda r: (r.lesson_number, r.position)),
        Column(_("問"), lambda r: str(r.position), lambda r: (r.lesson_number, r.position), True),
        Column(_("形式"), type_name),
        Column(_("問題文"), lambda r: r.prompt.strip().replace("\n", " ")[:80]),
        Column(_("回答した人"), lambda r: str(r.people), lambda r: r.people, True),
        Column(_("正答率"), lambda r: format_percent(r.facility, 1),
               lambda r: -1 if r.facility is None else r.facility, True),
        Column(_("識別力(上位下位)"), lambda r: index_text(r.upper_lower),
               lambda r: _index_sort(r.upper_lower), True),
        Column(_("識別力(相関)"), lambda r: index_text(r.point_biserial),
               lambda r: _index_sort(r.point_biserial), True),
        Column(_("気づき"), flags_text, lambda r: (badness(r.flags), r.lesson_number, r.position)),
    ]


FLAGS_COLUMN = 8


class ContentScreen(AdminScreen):
    exported = Signal(str)

    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, services, user, _("教材"), _("教材フォルダを読み込み直す"),
                         self.reload, parent)
        layout = self.body
        self.folder = label("", "muted", wrap=True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        self.publish_button = QPushButton(_("公開…"))
        self.publish_button.setToolTip(_("教材フォルダを検査して、すべての端末に公開します"))
        self.publish_button.clicked.connect(self.open_publish_dialog)
        row.addWidget(self.publish_button)
        self.preview_button = QPushButton(_("下書きをプレビュー…"))
        self.preview_button.setToolTip(_("教材フォルダを下書きとして開き、受講者と同じ表示で確かめます"))
        self.preview_button.clicked.connect(lambda: self.open_draft_preview())
        row.addWidget(self.preview_button)
        layout.addLayout(row)
        self.summary = label("", "subtitle", wrap=True)
        layout.addWidget(self.summary)
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("教材ファイルの問題"))
        self.problems.setMaximumHeight(140)
        layout.addWidget(self.problems)
        head = QHBoxLayout()
        head.addWidget(label(_("問題ごとの回答状況"), "subtitle"))
        head.addStretch(1)
        self.export_status = label("", "muted")
        head.addWidget(self.export_status)
        self.export_buttons = {}
        self.thresholds_button = QPushButton(_("気づきの基準…"))
        self.thresholds_button.clicked.connect(self.edit_thresholds)
        head.addWidget(self.thresholds_button)
        for fmt, text in (("csv", _("CSVで保存")), ("xlsx", _("Excelで保存"))):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            head.addWidget(button)
            self.export_buttons[fmt] = button
        layout.addLayout(head)
        self.explain = label("", "muted", wrap=True)
        layout.addWidget(self.explain)
        self.model = RowTableModel(stat_columns(), self)
        self.proxy = RowFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = data_table(self.proxy, stretch=FLAGS_COLUMN)
        header = self.table.horizontalHeader()
        # The prompt gets room to be recognised (its full text is in the detail below); the
        # notes take the rest of the width.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 150)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(FLAGS_COLUMN, Qt.SortOrder.AscendingOrder)  # worst first
        self.table.setAccessibleName(_("問題ごとの回答状況"))
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.detail = ItemDetail()
        scroller = QScrollArea()
        scroller.setWidget(self.detail)
        scroll_page(scroller)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(scroller)
        split.setSizes([400, 360])
        layout.addWidget(split, 1)
        self.limits: Thresholds | None = None

    def refresh(self) -> None:
        items, user = self._services.items, self._user
        self._runner.run(lambda: (items.question_stats(user), items.thresholds(user)),
                         self._on_stats_loaded)
        self._show_problems(self._services.content.index.problems)

    def reload(self) -> None:
        items, user = self._services.items, self._user
        self.summary.setText(_("読み込んでいます…"))
        self._runner.run(lambda: items.reload_content(user),
                         lambda problems: (self._show_problems(problems), self.refresh()))

    def open_publish_dialog(self) -> None:
        from dxtrainer.ui.dialogs.publish_dialog import PublishDialog

        draft = "" if self._services.publication is not None else self._services.content.index.root
        self.publish_dialog = PublishDialog(self._runner, self._services.publishing, self._user,
                                            draft, self)
        self.publish_dialog.done.connect(self.refresh)
        self.publish_dialog.open()

    def open_draft_preview(self, root: str | None = None) -> None:
        from dxtrainer.ui.dialogs.draft_preview_dialog import DraftPreviewDialog

        if root is None:
            root = QFileDialog.getExistingDirectory(self, _("下書きの教材フォルダを選んでください"),
                                                    self._services.content.index.root)
            if not root:
                return
        self.preview_dialog = DraftPreviewDialog(root, self)
        self.preview_dialog.open()

    def _show_problems(self, problems) -> None:  # noqa: ANN001
        index = self._services.content.index
        number = self._services.publication
        self.folder.setText(_("公開中の教材(公開番号 {n})").format(n=number) if number is not None
                            else _("教材フォルダ: {root}").format(root=index.root))
        questions = sum(len(q.questions) for q in index.quizzes)
        errors = sum(1 for p in problems if p.severity == "error")
        self.summary.setText(_("レッスン {lessons} 件、クイズ {quizzes} 件、問題 {questions} 問 ― "
                               "エラー {errors} 件、警告 {warnings} 件").format(
            lessons=len(index.lessons), quizzes=len(index.quizzes), questions=questions,
            errors=errors, warnings=len(problems) - errors))
        self.problems.clear()
        for problem in problems:
            self.problems.addItem(format_problem(problem))
        self.problems.setVisible(bool(problems))

    def _on_stats_loaded(self, report: tuple[list[QuestionStat], Thresholds]) -> None:
        stats, self.limits = report
        self.stale = False
        self.explain.setText(_(
            "各人の1回目の解答で集計します。正答率は正解した人の割合、識別力はクイズの他の問題がよくできた人"
            "ほどこの問題に正解しているか(1 に近いほど良く、0 付近やマイナスは見直しを)です。"
            "気づきは {n} 人以上が答えた問題に表示し、悪いものから並べています。").format(
            n=self.limits.min_people))
        self.model.set_rows(stats)
        self.detail.show_stat(None)
        self.loaded.emit()

    def edit_thresholds(self) -> None:
        from dxtrainer.ui.dialogs.item_thresholds_dialog import ItemThresholdsDialog

        if self.limits is None:
            return
        self.thresholds_dialog = ItemThresholdsDialog(self._runner, self._services.items,
                                                      self._user, self.limits, self)
        self.thresholds_dialog.saved.connect(self.refresh)
        self.thresholds_dialog.open()

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.show_stat(None)
            return
        self.detail.show_stat(self.model.row(self.proxy.mapToSource(current).row()))

    def export(self, fmt: str, path: str | None = None) -> None:
        if self.limits is None:
            return
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            name = _("問題の統計.{ext}").format(ext=fmt)
            path, _chosen = QFileDialog.getSaveFileName(self, _("保存先を選んでください"),
                                                        str(Path(folder) / name),
                                                        f"{fmt.upper()} (*.{fmt})")
            if not path:
                return
        rows = [self.model.row(i) for i in range(self.model.rowCount())]
        limits, target = self.limits, path

        def work() -> Path:
            from dxtrainer.services.item_export import write_item_stats

            return write_item_stats(rows, limits, target, fmt)

        def failed(exc: BaseException) -> None:
            from dxtrainer.ui.task_runner import describe_error

            self.export_status.setText(
                _("{path} に保存できませんでした。ファイルが Excel などで開かれていないか、"
                  "保存先に書き込めるかを確かめてください。").format(path=target)
                if isinstance(exc, OSError) else describe_error(exc))

        def done(saved: Path) -> None:
            self.export_status.setText(_("保存しました: {p}").format(p=saved))
            self.exported.emit(str(saved))

        self._runner.run(work, done, failed)
