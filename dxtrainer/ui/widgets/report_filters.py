"""What the HR report screens (修了証, 研修アンケート) share: the labelled course and department
filters above their table, filled with the departments the person may see on the first load,
and saving a CSV the screen makes (file dialog, written off the UI thread, worded result)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QWidget

from dxtrainer.i18n import _
from dxtrainer.ui.task_runner import TaskRunner, describe_error
from dxtrainer.ui.widgets.common import label
from dxtrainer.ui.widgets.flow_layout import FlowLayout


def _labelled(text: str, field: QWidget) -> QWidget:
    """A label and its field kept together on one line when the row wraps."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    name = label(text)
    name.setBuddy(field)
    row.addWidget(name)
    row.addWidget(field, 1)
    return box


class ReportFilters(QWidget):
    """「コース [▼]  所属 [▼]」: wraps onto two lines at large text sizes; `changed` when either
    choice changes (not while the departments are filled in)."""

    changed = Signal()

    def __init__(self, courses: Sequence[tuple[str, str]], all_courses: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = FlowLayout(self, spacing=16, row_spacing=8)
        self.course = QComboBox()
        self.course.setAccessibleName(_("コース"))
        self.course.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if all_courses is not None:
            self.course.addItem(all_courses, None)
        for course_id, title in courses:
            self.course.addItem(title, course_id)
        self.department = QComboBox()
        self.department.setAccessibleName(_("所属"))
        self.department.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.department.setMinimumContentsLength(12)
        row.addWidget(_labelled(_("コース"), self.course))
        row.addWidget(_labelled(_("所属"), self.department))
        row.addStretch()
        self.departments_loaded = False
        self.course.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.department.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def values(self) -> tuple[str | None, int | None]:
        """The chosen course id (None: all) and department id (None: the whole organisation)."""
        return self.course.currentData(), self.department.currentData()

    def fill_departments(self, departments: Sequence[tuple[int | None, str, int]] | None) -> None:
        """Once: the departments the person may see, as reporting.visible_departments gives."""
        if departments is None or self.departments_loaded:
            return
        self.departments_loaded = True
        self.department.blockSignals(True)
        for dept_id, path, _depth in departments:
            self.department.addItem(path or _("全庁"), dept_id)
        self.department.blockSignals(False)


def save_csv(parent: QWidget, runner: TaskRunner, status: QLabel, file_name: str,
             make: Callable[[], bytes], path: str | None = None,
             saved: Callable[[str], None] | None = None) -> None:
    """Ask where to save (unless `path` is given), write what `make` returns off the UI thread,
    and say in `status` where it went or why it could not be saved; then `saved(path)`."""
    if path is None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _chosen = QFileDialog.getSaveFileName(
            parent, _("保存先を選んでください"), str(Path(folder) / file_name), "CSV (*.csv)")
        if not path:
            return
    target = Path(path)

    def work() -> str:
        target.write_bytes(make())
        return str(target)

    def done(written: str) -> None:
        status.setText(_("保存しました: {p}").format(p=written))
        if saved is not None:
            saved(written)

    def failed(exc: BaseException) -> None:
        status.setText(_("{path} に保存できませんでした。ファイルが Excel などで開かれていないか、"
                         "保存先に書き込めるかを確かめてください。").format(path=target)
                       if isinstance(exc, OSError) else describe_error(exc))

    runner.run(work, done, failed)
