"""未修了者一覧 of one required course, with CSV / Excel export for reminders (督促)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from dxtrainer.i18n import _, format_date
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label


def remaining_text(row) -> str:  # noqa: ANN001 - an OutstandingRow
    """What is left: lesson titles, and a course's 事後テスト when it is still to be passed."""
    return "、".join([*row.remaining, *([_("事後テスト")] if row.post_test else [])])

class OutstandingDialog(QDialog):
    def __init__(self, runner: TaskRunner, info, rows, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._runner, self._info, self._rows = runner, info, rows
        self.setWindowTitle(_("未修了者一覧"))
        self.resize(960, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("{title}(期限 {d}): 未修了 {n} 人").format(
            title=info.title, d=format_date(info.deadline), n=len(rows)), "subtitle"))
        model = RowTableModel([
            Column(_("職員番号"), lambda r: r.staff_no), Column(_("氏名"), lambda r: r.name),
            Column(_("所属"), lambda r: r.department),
            Column(_("未修了のレッスン"), remaining_text),
            Column(_("期限"), lambda r: _("期限超過") if r.overdue else _("期限内"))], self)
        model.set_rows(rows)
        layout.addWidget(data_table(model), 1)
        row = QHBoxLayout()
        for fmt, text in (("csv", _("CSV で保存")), ("xlsx", _("Excel で保存"))):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, f=fmt: self.save(f))
            row.addWidget(button)
        row.addStretch(1)
        self.status = label("", "muted")
        row.addWidget(self.status)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)

    def save(self, fmt: str, path: str | None = None) -> None:
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            name = _("未修了者一覧_{title}.{ext}").format(title=self._info.title, ext=fmt)
            path, _chosen = QFileDialog.getSaveFileName(self, _("保存先を選んでください"),
                                                        str(Path(folder) / name),
                                                        f"{fmt.upper()} (*.{fmt})")
            if not path:
                return
        info, rows = self._info, self._rows

        def work() -> Path:
            from dxtrainer.services.outstanding_export import write_outstanding

            return write_outstanding(info, rows, path, fmt)

        def failed(exc: BaseException) -> None:
            from dxtrainer.ui.task_runner import describe_error

            self.status.setText(_("{path} に保存できませんでした。ファイルが Excel などで開かれていないか、"
                                  "保存先に書き込めるかを確かめてください。").format(path=path)
                                if isinstance(exc, OSError) else describe_error(exc))

        self._runner.run(work, lambda p: self.status.setText(_("保存しました: {p}").format(p=p)),
                         failed)
