"""Saving the dashboard as CSV, Excel or a PDF report: choose a file, write it (CSV and Excel on
the worker, the PDF on the UI thread because it paints with Qt), then say where it went."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from dxtrainer.i18n import _
from dxtrainer.ui.task_runner import TaskRunner, describe_error

FILTERS = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)"}


def suggested_name(board, fmt: str) -> str:  # noqa: ANN001
    scope = board.scope_name.split(" › ")[-1] if board.scope_name else _("全庁")
    return _("DXリテラシー状況_{scope}_{period}.{ext}").format(
        scope=scope, period=board.period_label.replace(" ", ""), ext=fmt)


def export_dashboard(parent: QWidget, runner: TaskRunner, board, fmt: str,  # noqa: ANN001
                     path: str | None = None, done=None) -> None:  # noqa: ANN001
    if path is None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        path, _chosen = QFileDialog.getSaveFileName(
            parent, _("保存先を選んでください"), str(Path(folder) / suggested_name(board, fmt)),
            FILTERS[fmt])
        if not path:
            return
    target = Path(path)

    def finished(_result: object = None) -> None:
        if done is not None:
            done(target)
        else:
            box = QMessageBox(QMessageBox.Icon.Information, _("保存しました"),
                              _("{path} に保存しました。").format(path=target), parent=parent)
            box.open()

    def failed(exc: BaseException) -> None:
        text = _("{path} に保存できませんでした。ファイルが Excel などで開かれていないか、"
                 "保存先に書き込めるかを確かめてください。").format(path=target)
        box = QMessageBox(QMessageBox.Icon.Warning, _("保存できませんでした"),
                          text if isinstance(exc, OSError) else describe_error(exc), parent=parent)
        box.open()

    if fmt == "pdf":
        from dxtrainer.ui.report_pdf import render_pdf

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            render_pdf(board, target)
        except OSError as exc:
            failed(exc)
            return
        finally:
            QApplication.restoreOverrideCursor()
        finished()
        return

    def work() -> Path:
        from dxtrainer.services.exports import write_report

        return write_report(board, target, fmt)

    runner.run(work, finished, failed)
