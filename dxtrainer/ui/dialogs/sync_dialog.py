"""HR: carry learning records between this database and an offline PC. Export writes a checked
file; import shows what the file holds (new, already here, updated, contradicting, unknown staff)
before anything is written, then applies it in one go. Also shows when this PC last exported and,
per PC and department, the newest answer held here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _, format_datetime
from dxtrainer.messages import record_kind_name
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.task_runner import TaskRunner, describe_error
from dxtrainer.ui.widgets.common import data_table, label, primary_button, scroll_page
from dxtrainer.ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from dxtrainer.services.progress_sync import ImportPreview, ProgressSyncService


def preview_text(result: ImportPreview, *, applied: bool) -> str:
    lines = []
    for kind in sorted(set(result.new) | set(result.present) | set(result.updated)):
        lines.append(_("{kind}: 新規 {new} 件、取り込み済み {present} 件、更新 {updated} 件").format(
            kind=record_kind_name(kind), new=result.new[kind], present=result.present[kind],
            updated=result.updated[kind]))
    if result.conflicts:
        lines.append(_("内容が食い違うため取り込まない記録 {n} 件").format(n=len(result.conflicts)))
    if result.unknown_staff:
        lines.append(_("この名簿にいない職員 {n} 人の記録は取り込みません(名簿を取り込んでから、もう一度"
                       "取り込めます)").format(n=len(result.unknown_staff)))
    lines.append(_("取り込みました。") if applied else _("まだ取り込んでいません。"))
    return "\n".join(lines)


class SyncDialog(QDialog):
    loaded = Signal()
    previewed = Signal()
    applied = Signal()
    exported = Signal(str)

    def __init__(self, runner: TaskRunner, sync: ProgressSyncService, user: CurrentUser,
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._runner, self._sync, self._user = runner, sync, user
        self._pending: bytes | None = None
        self.setWindowTitle(_("学習記録の受け渡し"))
        self.resize(820, 560)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        page = QScrollArea()  # scrolls down when a preview is long at large text sizes
        scroll_page(page)
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the buttons, not the frame
        body = QWidget()
        body.setObjectName("pageBody")
        page.setWidget(body)
        outer.addWidget(page, 1)
        layout = QVBoxLayout(body)
        layout.addWidget(label(_(
            "ネットワークにつながらない PC の学習記録を、ファイルで受け渡します。取り込む前に内訳を"
            "確かめられます。同じファイルを 2 回取り込んでも記録は増えません。"), "muted", wrap=True))
        self.last_export = label("", "muted")
        layout.addWidget(self.last_export)
        buttons = FlowLayout(spacing=8)  # wraps at large text sizes
        self.export_button = QPushButton(_("学習記録を書き出す…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.choose_button = QPushButton(_("ファイルを選んで内訳を見る…"))
        self.choose_button.clicked.connect(lambda: self.preview())
        self.apply_button = primary_button(_("取り込む"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        for button in (self.export_button, self.choose_button, self.apply_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.summary = label("", wrap=True, selectable=True)
        self.summary.setAccessibleName(_("取り込むファイルの内訳"))
        self.summary.setVisible(False)  # no empty gap until there is something to say
        layout.addWidget(self.summary)
        layout.addWidget(label(_("PC・所属ごとの最新の回答"), "subtitle"))
        self.model = RowTableModel([
            Column(_("PC"), lambda a: a.device_id[:8]), Column(_("所属"), lambda a: a.department),
            Column(_("最新の回答"), lambda a: format_datetime(a.latest)),
            Column(_("回答数"), lambda a: str(a.answers), align_right=True)], self)
        self.table = data_table(self.model, stretch=1)
        self.table.setAccessibleName(_("PC・所属ごとの最新の回答"))
        layout.addWidget(self.table, 1)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        close.setDefault(True)  # Enter in the table closes; it never starts an import
        row = QHBoxLayout()
        row.setContentsMargins(11, 0, 11, 11)
        row.addStretch(1)
        row.addWidget(close)
        outer.addLayout(row)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """The table keeps a few rows in view; the dialog opens no larger than the screen."""
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 9)
        room = self.screen().availableGeometry()
        self.resize(min(self.width(), room.width() - 40), min(self.height(), room.height() - 60))
        super().showEvent(event)

    def refresh(self) -> None:
        sync, user = self._sync, self._user
        self._runner.run(lambda: (sync.last_export(), sync.arrivals(user)), self._on_loaded,
                         self._on_failed)

    def _on_loaded(self, result: tuple) -> None:
        last, arrivals = result
        self.last_export.setText(_("この PC の最後の書き出し: {at}").format(
            at=format_datetime(last) if last else _("まだありません")))
        self.model.set_rows(list(arrivals))
        self.loaded.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self._say(describe_error(exc))

    def _say(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def _ask(self, save: bool, name: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start, kinds = str(Path(folder) / name), _("学習記録 (*.json)")
        if save:
            return QFileDialog.getSaveFileName(self, _("保存先を選んでください"), start, kinds)[0]
        return QFileDialog.getOpenFileName(self, _("取り込むファイルを選んでください"), folder,
                                           kinds)[0]

    def export(self, path: str | None = None) -> None:
        path = path or self._ask(True, _("学習記録.json"))
        if not path:
            return
        sync, user, target = self._sync, self._user, Path(path)

        def work() -> str:
            target.write_bytes(sync.export(user))
            return str(target)

        def done(saved: str) -> None:
            self._say(_("書き出しました: {p}").format(p=saved))
            self.exported.emit(saved)
            self.refresh()

        self._runner.run(work, done, self._on_failed)

    def preview(self, path: str | None = None) -> None:
        path = path or self._ask(False, "")
        if not path:
            return
        sync, user = self._sync, self._user

        def work() -> tuple[bytes, ImportPreview]:
            data = Path(path).read_bytes()
            return data, sync.preview(user, data)

        def done(result: tuple[bytes, ImportPreview]) -> None:
            self._pending, preview = result
            self._say(preview_text(preview, applied=False))
            self.apply_button.setEnabled(bool(preview.new or preview.updated))
            self.previewed.emit()

        self._runner.run(work, done, self._on_failed)

    def _on_apply_button_clicked(self) -> None:
        data, sync, user = self._pending, self._sync, self._user
        if data is None:
            return
        self.apply_button.setEnabled(False)

        def done(result: ImportPreview) -> None:
            self._pending = None
            self._say(preview_text(result, applied=True))
            self.applied.emit()
            self.refresh()

        self._runner.run(lambda: sync.apply(user, data), done, self._on_failed)
