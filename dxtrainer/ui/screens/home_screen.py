"""Home: a greeting, the courses assigned to the person (必修研修) first, overall progress, the
「続きから」 card and the lesson map in the recommended order (or grouped by category, as the
person chooses)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.domain.content import CATEGORY_ORDER
from dxtrainer.i18n import _
from dxtrainer.messages import category_name
from dxtrainer.services.records import CurrentUser, HomeView, LessonCard
from dxtrainer.ui.style import CATEGORY_COLOURS
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import card, chip, label, primary_button, scroll_page
from dxtrainer.ui.widgets.course_card import CourseCardWidget
from dxtrainer.ui.widgets.flow_layout import FlowLayout
from dxtrainer.ui.widgets.lesson_card import LessonCardWidget

if TYPE_CHECKING:
    from dxtrainer.services.assignments import AssignmentService
    from dxtrainer.services.course_tests import CourseTestService, MyCourse
    from dxtrainer.services.training import TrainingService


class HomeScreen(QScrollArea):
    lesson_requested = Signal(str)
    quiz_requested = Signal(str)  # 「続きから」 on a quiz in progress
    review_requested = Signal()
    course_test_requested = Signal(str, str)  # course id, "pre" / "post"
    loaded = Signal()

    def __init__(self, runner: TaskRunner, training: TrainingService, user: CurrentUser,
                 assignments: AssignmentService | None = None,
                 parent: QWidget | None = None, *, settings: QSettings | None = None,
                 course_tests: CourseTestService | None = None) -> None:
        super().__init__(parent)
        scroll_page(self)
        self._settings = settings
        self._group_key = f"home/group-by-category/{user.staff_id}"
        self.grouped = bool(settings is not None and settings.value(self._group_key, False,
                                                                   type=bool))
        self._runner = runner
        self._training = training
        self._user = user
        self._assignments = assignments
        self._course_tests = course_tests
        self.view: HomeView | None = None
        self.my_assignments: list = []
        self.retake_label: QLabel | None = None  # 要再受講, when there are any
        self.my_courses: list[MyCourse] = []
        self.course_cards: list[CourseCardWidget] = []
        self.stale = True

    def refresh(self) -> None:
        training, user, assignments = self._training, self._user, self._assignments
        courses = self._course_tests

        def load() -> tuple[HomeView, list, list]:
            mine = assignments.mine(user) if assignments else []
            return (training.home(user), mine,
                    courses.my_courses(user, mine) if courses else [])

        self._runner.run(load, self._on_home_loaded)

    def _on_home_loaded(self, loaded: tuple) -> None:
        view, mine = loaded[0], loaded[1]
        self.my_courses = list(loaded[2]) if len(loaded) > 2 else []
        # a course's assignment shows as its course card, not in the list of lessons' ones
        self.my_assignments = [a for a in mine if not getattr(a, "course_id", None)]
        self.view = view
        self.retake_label = None
        self.stale = False
        body = QWidget()
        body.setObjectName("pageBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 24, 32, 32)
        layout.setSpacing(16)
        layout.addWidget(label(_("こんにちは、{name}さん").format(name=view.name), "title"))
        self.course_cards = []
        if self.my_courses:
            layout.addWidget(label(_("あなたの必修コース"), "subtitle"))
            titles = {c.id: c.title for c in view.lessons}
            numbers = {c.id: i for i, c in enumerate(view.lessons, 1)}
            retake = {c.id for c in view.lessons if c.status == "needs-retake"}
            for item in self.my_courses:
                widget = CourseCardWidget(item, titles, numbers, retake)
                widget.lesson_requested.connect(self.lesson_requested)
                widget.test_requested.connect(self.course_test_requested)
                self.course_cards.append(widget)
                layout.addWidget(widget)
        layout.addLayout(self._summary_row(view))
        if self.my_assignments:
            layout.addWidget(self._assignments_card(view))
        numbers = {lesson.id: i for i, lesson in enumerate(view.lessons, 1)}
        self.group_box = QCheckBox(_("分野ごとにまとめて表示する"))
        self.group_box.setChecked(self.grouped)
        self.group_box.setAccessibleName(_("レッスンを分野ごとにまとめて表示する"))
        self.group_box.toggled.connect(self._on_group_box_toggled)
        head = FlowLayout(spacing=6)  # wraps at large text sizes
        head.addWidget(label(_("レッスン(おすすめの順)") if not self.grouped
                             else _("レッスン(分野ごと)"), "subtitle"))
        head.addStretch()
        head.addWidget(self.group_box)
        layout.addLayout(head)
        if self.grouped:
            for category in CATEGORY_ORDER:
                items = [c for c in view.lessons if c.category == category and c.counted]
                if items:
                    layout.addLayout(self._category_head(category, items))
                    layout.addLayout(self._grid(items, numbers))
            unlisted = [c for c in view.lessons if not c.counted]
            if unlisted:
                layout.addWidget(label(_("教材を確認中のレッスン"), "subtitle"))
                layout.addLayout(self._grid(unlisted, numbers))
        else:
            layout.addLayout(self._grid(list(view.lessons), numbers))
        if not view.lessons:
            layout.addWidget(label(_("表示できる教材がありません。研修担当者に教材フォルダの設定を確認して"
                                     "もらってください。"), "muted", wrap=True))
        layout.addStretch(1)
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(body)
        self.loaded.emit()

    def _on_group_box_toggled(self, checked: bool) -> None:
        self.grouped = checked
        if self._settings is not None:
            self._settings.setValue(self._group_key, checked)
        if self.view is not None:
            self._on_home_loaded((self.view, self.my_assignments, self.my_courses))
            self.group_box.setFocus()

    @staticmethod
    def _category_head(category, items: list[LessonCard]) -> QHBoxLayout:  # noqa: ANN001
        head = QHBoxLayout()
        dot = QFrame()
        dot.setFixedSize(14, 14)
        dot.setStyleSheet(f"background: {CATEGORY_COLOURS[category.value]};"
                          "border-radius: 7px;")
        head.addWidget(dot)
        done = sum(1 for c in items if c.status == "completed")
        retake = sum(1 for c in items if c.status == "needs-retake")
        head.addWidget(label(category_name(category), "subtitle"))
        head.addWidget(label(_("{done} / {total} 修了").format(done=done, total=len(items)),
                             "muted"))
        if retake:
            head.addWidget(label(_("要再受講 {n}").format(n=retake), "warning"))
        head.addStretch(1)
        return head

    def _grid(self, items: list[LessonCard], numbers: dict[str, int]) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, item in enumerate(items):
            widget = LessonCardWidget(item, numbers[item.id])
            widget.activated.connect(self.lesson_requested)
            grid.addWidget(widget, i // 2, i % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _assignments_card(self, view: HomeView) -> QFrame:
        titles = {c.id: c.title for c in view.lessons}
        box = card()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(20, 14, 20, 14)
        inner.addWidget(label(_("あなたの必修研修"), "subtitle"))
        for item in self.my_assignments:
            row = QHBoxLayout()
            if item.done:
                state, kind = _("✔ 修了"), "completed"
            elif item.overdue:
                state, kind = _("期限を過ぎています"), "fail"
            else:
                state, kind = _("あと {n} レッスン").format(
                    n=len(item.lessons) - item.completed), "in-progress"
            row.addWidget(chip(state, kind))
            row.addWidget(label(_("{title} ― 期限 {y}年{m}月{d}日").format(
                title=item.title, y=item.deadline.year, m=item.deadline.month,
                d=item.deadline.day), wrap=True), 1)
            missing = [x for x in item.lessons if titles.get(x)]
            next_id = next((x for x in missing if not self._done(x)), None)
            if next_id is not None and not item.done:
                go = QPushButton(_("次のレッスンへ"))
                go.clicked.connect(lambda _c=False, x=next_id: self.lesson_requested.emit(x))
                row.addWidget(go)
            inner.addLayout(row)
        return box

    def _done(self, lesson_id: str) -> bool:
        view = self.view
        return bool(view and any(c.id == lesson_id and c.status == "completed"
                                 for c in view.lessons))

    def _summary_row(self, view: HomeView) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(16)
        overall = card()
        box = QVBoxLayout(overall)
        box.setContentsMargins(20, 16, 20, 16)
        box.addWidget(label(_("全体の進み具合"), "muted"))
        box.addWidget(label(_("{done} / {total} レッスン修了").format(
            done=view.completed, total=view.total), "subtitle"))
        bar = QProgressBar()
        bar.setRange(0, max(view.total, 1))
        bar.setValue(view.completed)
        bar.setTextVisible(False)
        bar.setAccessibleName(_("修了したレッスンの割合"))
        box.addWidget(bar)
        if view.needs_retake:
            retake = label(_("要再受講 {n} レッスン(内容が改訂されたため、もう一度受講してください)").format(
                n=view.needs_retake), "warning", wrap=True)
            self.retake_label = retake
            box.addWidget(retake)
        row.addWidget(overall, 1)

        nxt = QFrame()
        nxt.setObjectName("continueCard")
        box = QVBoxLayout(nxt)
        box.setContentsMargins(20, 16, 20, 16)
        nxt_card = view.next_lesson
        if nxt_card is not None:
            box.addWidget(label(_("続きから") if view.started else _("はじめる"), "muted"))
            box.addWidget(label(nxt_card.title, "subtitle", wrap=True))
            if nxt_card.quiz_in_progress and nxt_card.quiz_id is not None:
                box.addWidget(label(_("確認クイズ {n}/{total} 回答済み").format(
                    n=nxt_card.quiz_answered, total=nxt_card.quiz_questions), "muted"))
                button = primary_button(_("クイズの続き(問{n})から").format(
                    n=nxt_card.quiz_answered + 1))
                quiz_id = nxt_card.quiz_id
                button.clicked.connect(lambda: self.quiz_requested.emit(quiz_id))
            else:
                button = primary_button({"in-progress": _("続きから学習する"),
                                         "needs-retake": _("もう一度受講する")}.get(
                    nxt_card.status, _("学習を始める")))
                lesson_id = nxt_card.id
                button.clicked.connect(lambda: self.lesson_requested.emit(lesson_id))
            button.setShortcut("Ctrl+Return")
            self.continue_button = button
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            box.addWidget(label(_("すべてのレッスンを修了しました。おつかれさまでした。"), "subtitle",
                                wrap=True))
            box.addWidget(label(_("復習や用語集で、学んだことを確かめましょう。"), "muted", wrap=True))
        if view.review_count:
            review = QPushButton(_("今日の復習: {n} 問").format(n=view.review_count))
            review.setToolTip(_("まちがえた問題が、忘れかけたころにもう一度出てきます(間隔をあけた復習)"))
            review.setAccessibleName(_("今日の復習: {n} 問").format(n=view.review_count))
            self.review_button = review
            review.clicked.connect(self.review_requested)
            box.addWidget(review, 0, Qt.AlignmentFlag.AlignLeft)
        row.addWidget(nxt, 2)
        return row
