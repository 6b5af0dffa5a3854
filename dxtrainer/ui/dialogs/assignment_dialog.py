"""HR: a new required course (必修研修) — a course or lessons, who it is for, and the deadline."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from dxtrainer import i18n
from dxtrainer.domain.content import CATEGORY_ORDER, ContentIndex
from dxtrainer.i18n import N_, _
from dxtrainer.messages import category_name
from dxtrainer.ui.dialogs.staff_list_dialog import ROLE_NAMES
from dxtrainer.ui.widgets.common import label, ok_cancel

ROLES = [(None, N_("すべての役割")), *ROLE_NAMES.items()]


def _date_format() -> str:
    """2026/11/30 in Japanese, 30 Nov 2026 in English (as i18n.format_date writes them)."""
    return "d MMM yyyy" if i18n.current() == "en" else "yyyy/MM/dd"


class AssignmentDialog(QDialog):
    def __init__(self, index: ContentIndex, departments: list[tuple[int | None, str, int]],
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(_("必修研修を設定する"))
        self.resize(780, 680)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("例: 令和8年度 DX基礎研修(全職員必修)"))
        form.addRow(_("名前"), self.title)
        self.course = QComboBox()
        self.course.setAccessibleName(_("必修にするコース"))
        self.course.addItem(_("コースを使わず、レッスンを選ぶ"), None)
        self._courses = {course.id: course for course in index.courses}
        for course in index.courses:
            minutes = sum(x.minutes for x in index.lessons if x.id in course.lesson_ids)
            self.course.addItem(_("{title}(レッスン {n} 件・約 {minutes} 分+事前・事後テスト)").format(
                title=course.title, n=len(course.lesson_ids), minutes=minutes), course.id)
        self.course.currentIndexChanged.connect(self._on_course_changed)
        form.addRow(_("コース"), self.course)
        self.category = QComboBox()
        self.category.addItem(_("区分でまとめて選ぶ…"), None)
        for cat in CATEGORY_ORDER:
            self.category.addItem(category_name(cat), cat)
        self.category.currentIndexChanged.connect(self._on_category_changed)
        form.addRow(_("区分"), self.category)
        self.lessons = QListWidget()
        self.lessons.setAccessibleName(_("対象のレッスン"))
        self.lessons.setWordWrap(True)
        self.lessons.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for n, lesson in enumerate(index.lessons, 1):
            item = QListWidgetItem(_("第{n}課 {title}").format(n=n, title=lesson.title))
            item.setData(Qt.ItemDataRole.UserRole, lesson.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, lesson.category)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.lessons.addItem(item)
        form.addRow(_("レッスン"), self.lessons)
        self.department = QComboBox()
        for dept_id, path, _depth in departments:
            self.department.addItem(path or _("全庁"), dept_id)
        form.addRow(_("対象の所属"), self.department)
        self.role = QComboBox()
        for value, text in ROLES:
            self.role.addItem(_(text), value)
        form.addRow(_("対象の役割"), self.role)
        self.new_only = QCheckBox(_("この日より後に採用された職員だけ"))
        self.hired_after = QDateEdit(QDate.currentDate().addMonths(-1))
        self.hired_after.setCalendarPopup(True)
        self.hired_after.setDisplayFormat(_date_format())
        self.hired_after.setEnabled(False)
        self.hired_after.setAccessibleName(_("採用日がこの日より後"))
        self.new_only.toggled.connect(self.hired_after.setEnabled)
        form.addRow(self.new_only, self.hired_after)
        self.deadline = QDateEdit(QDate.currentDate().addDays(30))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat(_date_format())
        form.addRow(_("期限"), self.deadline)
        layout.addLayout(form)
        self.message = label("", "error", wrap=True)
        layout.addWidget(self.message)
        buttons = ok_cancel(self, _("設定する"), self._on_buttons_accepted)
        layout.addWidget(buttons)

    def _on_course_changed(self) -> None:
        """A course fixes the lessons (its own, in course order) and adds its 事後テスト."""
        course = self._courses.get(self.course.currentData())
        self.category.setEnabled(course is None)
        self.lessons.setEnabled(course is None)
        if course is None:
            return
        if not self.title.text().strip():
            self.title.setText(course.title)
        for i in range(self.lessons.count()):
            item = self.lessons.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in course.lesson_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _on_category_changed(self) -> None:
        cat = self.category.currentData()
        if cat is None:
            return
        for i in range(self.lessons.count()):
            item = self.lessons.item(i)
            if item.data(Qt.ItemDataRole.UserRole + 1) == cat:
                item.setCheckState(Qt.CheckState.Checked)

    def lesson_ids(self) -> list[str]:
        return [self.lessons.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.lessons.count())
                if self.lessons.item(i).checkState() == Qt.CheckState.Checked]

    def _on_buttons_accepted(self) -> None:
        if not self.title.text().strip():
            self.message.setText(_("名前を入力してください。"))
        elif not self.lesson_ids():
            self.message.setText(_("レッスンを 1 つ以上選んでください。"))
        elif self.deadline.date().toPython() < date.today() - timedelta(days=0):
            self.message.setText(_("期限は今日以降の日付にしてください。"))
        else:
            self.accept()

    def values(self) -> dict:
        return {
            "title": self.title.text().strip(), "lesson_ids": self.lesson_ids(),
            "course_id": self.course.currentData(),
            "deadline": self.deadline.date().toPython(),
            "department_id": self.department.currentData(), "role": self.role.currentData(),
            "hired_after": self.hired_after.date().toPython() if self.new_only.isChecked()
            else None,
        }
