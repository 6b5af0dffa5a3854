"""Home: one course assigned as 必修研修 — its lessons in course order, progress (n/m lessons,
事前テスト taken?, 事後テスト passed?), the deadline, and the test buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import _, format_date
from dxtrainer.ui.widgets.common import chip, label, primary_button
from dxtrainer.ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from dxtrainer.services.course_tests import MyCourse


class CourseCardWidget(QFrame):
    lesson_requested = Signal(str)
    test_requested = Signal(str, str)  # course id, "pre" / "post"

    def __init__(self, item: MyCourse, titles: dict[str, str], numbers: dict[str, int],
                 retake: set[str], parent: QFrame | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.item = item
        p = item.progress
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 14, 20, 14)
        box.setSpacing(8)
        head = QHBoxLayout()
        if p.complete:
            state, kind = _("✔ 修了"), "completed"
        elif item.overdue:
            state, kind = _("期限を過ぎています"), "fail"
        else:
            state, kind = _("受講中"), "in-progress"
        head.addWidget(chip(state, kind))
        title = label(_("コース「{title}」").format(title=p.title), "subtitle", wrap=True)
        head.addWidget(title, 1)
        head.addWidget(label(_("期限 {date}").format(date=format_date(item.deadline)), "muted"))
        box.addLayout(head)

        total = len(p.lesson_ids)
        pre = (_("事前テスト: 受験済み({score})").format(score=format_percent(p.pre_score))
               if p.pre_score is not None else _("事前テスト: 未受験"))
        if p.post_passed:
            post = _("事後テスト: 合格({score})").format(score=format_percent(p.post_best or 0.0))
        elif p.post_best is not None:
            post = _("事後テスト: まだ合格していません")
        else:
            post = _("事後テスト: 未受験")
        self.summary = _("レッスン {n} / {m} 修了 ・ {pre} ・ {post}").format(
            n=p.lessons_done, m=total, pre=pre, post=post)
        box.addWidget(label(self.summary, "muted", wrap=True))
        bar = QProgressBar()
        bar.setRange(0, max(total + 1, 1))  # the lessons and the 事後テスト
        bar.setValue(p.lessons_done + int(p.post_passed))
        bar.setTextVisible(False)
        bar.setAccessibleName(_("コース「{title}」の進み具合").format(title=p.title))
        box.addWidget(bar)

        lessons = FlowLayout(spacing=6)
        self.lesson_buttons: list[QPushButton] = []
        for n, lesson_id in enumerate(p.lesson_ids, 1):
            done = lesson_id in p.completed
            name = titles.get(lesson_id, lesson_id)
            mark = "✔ " if done else ("↻ " if lesson_id in retake else "")
            button = QPushButton(f"{mark}{n}. {name}")
            status = (_("修了") if done else _("要再受講") if lesson_id in retake
                      else _("まだ修了していません"))
            button.setAccessibleName(_("コースの{n}番目のレッスン {title}、{status}").format(
                n=n, title=name, status=status))
            button.setToolTip(_("第{n}課").format(n=numbers[lesson_id])
                              if lesson_id in numbers else "")
            button.clicked.connect(lambda _c=False, x=lesson_id: self.lesson_requested.emit(x))
            self.lesson_buttons.append(button)
            lessons.addWidget(button)
        box.addLayout(lessons)

        actions = FlowLayout(spacing=6)
        self.pre_button = self.post_button = self.next_button = None
        if p.pre_offered or p.pre_open:
            pre_button = (primary_button if p.lessons_done == 0 else QPushButton)(
                _("事前テストの続き") if p.pre_open else _("事前テストを受ける"))
            pre_button.setAccessibleName(_("コース「{title}」の事前テストを受ける").format(
                title=p.title))
            pre_button.setToolTip(_("受けなくてもかまいません。コースの前後で、どれだけ身についたかを比べるためのテストです。"))
            pre_button.clicked.connect(lambda: self.test_requested.emit(p.course_id, "pre"))
            actions.addWidget(pre_button)
            self.pre_button = pre_button
        next_id = next((x for x in p.lesson_ids if x not in p.completed), None)
        if next_id is not None:
            go = QPushButton(_("次のレッスンへ"))
            go.setAccessibleName(_("コース「{title}」の次のレッスンへ").format(title=p.title))
            go.clicked.connect(lambda: self.lesson_requested.emit(next_id))
            actions.addWidget(go)
            self.next_button = go
        if p.post_offered and not p.post_passed:
            post_button = primary_button(_("事後テストを受ける"))
            post_button.setAccessibleName(_("コース「{title}」の事後テストを受ける").format(
                title=p.title))
            post_button.clicked.connect(lambda: self.test_requested.emit(p.course_id, "post"))
            actions.addWidget(post_button)
            self.post_button = post_button
        actions.addStretch()
        box.addLayout(actions)
        if not p.post_offered:
            box.addWidget(label(_("レッスンをすべて修了すると、事後テストを受けられます。"), "muted",
                                wrap=True))
        self.setAccessibleName(_("コース「{title}」、{summary}").format(
            title=p.title, summary=self.summary))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
