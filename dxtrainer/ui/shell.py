"""The frame after sign-in: a header (name, 所属, サインアウト), a navigation rail and the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _
from dxtrainer.services.records import Changes, CurrentUser, Role
from dxtrainer.ui.screens.glossary_screen import GlossaryScreen
from dxtrainer.ui.screens.home_screen import HomeScreen
from dxtrainer.ui.screens.lesson_screen import LessonScreen
from dxtrainer.ui.screens.progress_screen import ProgressScreen
from dxtrainer.ui.screens.quiz_screen import QuizScreen
from dxtrainer.ui.screens.review_screen import ReviewScreen
from dxtrainer.ui.style import icon, scale
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label
from dxtrainer.ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from dxtrainer.services.container import Services
    from dxtrainer.ui.text_size import TextSize


class RailArea(QScrollArea):
    """As wide as the rail's buttons plus a scroll bar (measured once styled), any height."""

    def sizeHint(self) -> QSize:  # noqa: N802
        rail = self.widget()
        if rail is None or rail.layout() is None:
            return super().sizeHint()
        margins = rail.layout().contentsMargins()
        widest = max([b.sizeHint().width() for b in rail.findChildren(QToolButton)]
                     + [rail.minimumSizeHint().width() - margins.left() - margins.right()])
        width = widest + margins.left() + margins.right() \
            + self.verticalScrollBar().sizeHint().width()
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.sizeHint().width(), 0)


class Shell(QWidget):
    sign_out_requested = Signal()

    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None, text_size: TextSize | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self._text_size = text_size
        self._lesson_place: tuple[str, int] | None = None  # where a glossary link was followed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header(services, user))
        body = QHBoxLayout()
        body.setSpacing(0)
        layout.addLayout(body, 1)

        self.stack = QStackedWidget()
        self.stack.setObjectName("screens")
        self.home = HomeScreen(runner, services.training, user, services.assignments,
                               settings=settings, course_tests=services.course_tests)
        self.glossary = GlossaryScreen(list(services.content.index.glossary))
        self.lesson = LessonScreen(runner, services.training, user, self.glossary.lookup)
        self.quiz = QuizScreen(runner, services.training, user,
                               course_tests=services.course_tests)
        self.progress = ProgressScreen(runner, services.progress, user,
                                       certificates=services.certificates,
                                       surveys=services.surveys)
        self.review = ReviewScreen(runner, services.training, user)
        for screen in (self.home, self.lesson, self.quiz, self.progress, self.glossary,
                       self.review):
            self.stack.addWidget(screen)

        rail = QWidget()
        rail.setObjectName("navRail")
        rail_layout = QVBoxLayout(rail)
        rail_layout.setContentsMargins(8, 12, 8, 12)
        rail_layout.setSpacing(4)
        self.nav = QButtonGroup(self)
        self.nav_buttons: dict[str, QToolButton] = {}
        items = [("home", _("ホーム")), ("learn", _("学習")), ("review", _("復習")),
                 ("progress", _("進捗")), ("glossary", _("用語集"))]
        self.dashboard = self.staff_admin = self.assignments_admin = None
        self.certificates_admin = self.survey = None
        if user.role in (Role.HR_ADMIN, Role.MANAGER):
            from dxtrainer.ui.screens.dashboard_screen import DashboardScreen

            self.dashboard = DashboardScreen(runner, services, user)
            self.dashboard.staff_list_requested.connect(self.open_staff_list)
            self.stack.addWidget(self.dashboard)
            items.append(("dashboard", _("ダッシュボード")))
        self.reminders = None
        if user.role is Role.MANAGER:
            from dxtrainer.ui.screens.reminders_screen import RemindersScreen

            self.reminders = RemindersScreen(runner, services, user)
            self.stack.addWidget(self.reminders)
            items.append(("reminders", _("督促")))
        self.content_admin = None
        if user.role in (Role.TRAINER, Role.HR_ADMIN):
            from dxtrainer.ui.screens.content_screen import ContentScreen

            self.content_admin = ContentScreen(runner, services, user)
            self.stack.addWidget(self.content_admin)
            items.append(("content", _("教材")))
        if user.role is Role.HR_ADMIN:
            from dxtrainer.ui.screens.assignments_screen import AssignmentsScreen
            from dxtrainer.ui.screens.staff_admin_screen import StaffAdminScreen

            self.staff_admin = StaffAdminScreen(runner, services, user)
            self.assignments_admin = AssignmentsScreen(runner, services, user)
            self.stack.addWidget(self.staff_admin)
            self.stack.addWidget(self.assignments_admin)
            items += [("staff", _("職員")), ("assignments", _("必修研修"))]
            from dxtrainer.ui.screens.certificates_screen import CertificatesScreen

            self.certificates_admin = CertificatesScreen(runner, services, user)
            self.stack.addWidget(self.certificates_admin)
            items.append(("certificates", _("修了証")))
        if user.role in (Role.HR_ADMIN, Role.MANAGER):
            from dxtrainer.ui.screens.survey_screen import SurveyScreen

            self.survey = SurveyScreen(runner, services, user)
            self.stack.addWidget(self.survey)
            items.append(("survey", _("アンケート")))
        self._runner, self._services = runner, services
        for number, (key, text) in enumerate(items, 1):
            button = QToolButton()
            button.setText(text)
            button.setIcon(icon(key))
            button.setIconSize(QSize(24, 24) * scale())
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setAccessibleName(text)
            button.setToolTip(f"{text} (Ctrl+{number})")
            button.clicked.connect(lambda _c=False, k=key: self.go(k))
            self.nav.addButton(button)
            self.nav_buttons[key] = button
            rail_layout.addWidget(button)
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, activated=button.click)
        rail_layout.addStretch(1)
        self._name_screens(dict(items))
        body.addWidget(self._scrolling_rail(rail))
        body.addWidget(self.stack, 1)

        self.home.lesson_requested.connect(self.open_lesson)
        self.home.quiz_requested.connect(self.open_quiz)
        self.home.course_test_requested.connect(self.open_course_test)
        self.lesson.lesson_requested.connect(self.open_lesson)
        self.lesson.quiz_requested.connect(self.open_quiz)
        self.lesson.glossary_requested.connect(self.open_term_from_lesson)
        self.glossary.back_requested.connect(self.back_to_lesson)
        self.lesson.changed.connect(self._on_data_changed)
        self.quiz.answered.connect(lambda result: self._on_data_changed(result.changes))
        self.quiz.lesson_requested.connect(self.open_lesson)
        self.quiz.home_requested.connect(lambda: self.go("home"))
        self.quiz.certificates_requested.connect(self.open_certificate)
        self.review.quiz_requested.connect(self.open_quiz)
        self.review.answered.connect(lambda result: self._on_data_changed(result.changes))
        self.home.review_requested.connect(lambda: self.go("review"))
        self.go("home")

    @staticmethod
    def _scrolling_rail(rail: QWidget) -> QScrollArea:
        """The rail scrolls when the window is too low for all its buttons (HR has nine)."""
        area = RailArea()
        area.setObjectName("navRailArea")
        area.setWidget(rail)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the buttons, not the frame
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        return area

    def _header(self, services: Services, user: CurrentUser) -> QWidget:
        header = QWidget()
        header.setObjectName("header")
        row = FlowLayout(header, spacing=6)  # wraps onto a second row at large text sizes
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(label(_("DX Trainer")))
        if services.is_demo:
            badge = label(_("デモ"))
            badge.setObjectName("demoBadge")
            badge.setToolTip(_("架空の市役所のデータです。実際の記録ではありません。"))
            row.addWidget(badge)
        row.addStretch()
        who = label(_("{name}({department})").format(name=user.name, department=user.department)
                    if user.department else user.name)
        who.setAccessibleName(_("サインイン中の職員"))
        row.addWidget(who)
        if self._text_size is not None:  # text size and theme
            view = QPushButton(_("表示"))
            view.setToolTip(_("文字の大きさと配色を変えます"))
            view.setMenu(self._text_size.menu(view))
            row.addWidget(view)
        find = QPushButton(_("検索 (Ctrl+F)"))
        find.setToolTip(_("レッスンと用語集から言葉を探します"))
        find.clicked.connect(self.show_search)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.show_search)
        row.addWidget(find)
        help_button = QPushButton(_("キーボード操作 (F1)"))
        help_button.clicked.connect(self.show_keys)
        QShortcut(QKeySequence("F1"), self, activated=self.show_keys)
        row.addWidget(help_button)
        out = QPushButton(_("サインアウト"))
        out.setToolTip(_("サインアウトして職員の一覧に戻ります (Ctrl+Shift+Q)"))
        out.clicked.connect(self.sign_out_requested)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, activated=out.click)
        row.addWidget(out)
        return header

    def _name_screens(self, names: dict[str, str]) -> None:
        """Each screen is named as in the rail, for screen readers (a scrolling page can take
        focus)."""
        screens = {"home": self.home, "review": self.review, "progress": self.progress,
                   "glossary": self.glossary, "dashboard": self.dashboard,
                   "content": self.content_admin, "staff": self.staff_admin,
                   "assignments": self.assignments_admin}
        for key, screen in screens.items():
            if screen is not None and key in names and not screen.accessibleName():
                screen.setAccessibleName(names[key])
        self.lesson.setAccessibleName(_("レッスン"))
        self.quiz.setAccessibleName(_("確認クイズ"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Another theme or text size: the rail's icons follow (their strokes are per theme)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and hasattr(self, "nav_buttons"):
            for key, button in self.nav_buttons.items():
                button.setIcon(icon(key))
                button.setIconSize(QSize(24, 24) * scale())

    def show_keys(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        lines = [
            _("Ctrl+1〜Ctrl+9: 左の一覧の画面へ移ります(ホームは Ctrl+1)。"),
            _("Tab / Shift+Tab: 次・前の項目へ移ります。Enter / Space: 選んだカードやボタンを押します。"),
            _("レッスン: Alt+← / Alt+→ で前・次のレッスンへ移ります。"),
            _("クイズ: 数字キー 1〜9 で選択肢を選び、Enter で回答します。もう一度 Enter で次の問題へ進みます。"),
            _("並べ替え問題: 項目を選び、Alt+↑ / Alt+↓ で移動します。"),
            _("表: Ctrl+C で、選んだ範囲を Excel に貼り付けられる形でコピーします。"),
            _("Ctrl+F: 職員を検索します(サインイン画面)。Ctrl+Shift+Q: サインアウトします。"),
            _("Ctrl+F: サインイン後は、レッスンと用語集を検索します。"),
            _("Ctrl + + / Ctrl + - / Ctrl + 0: 文字を大きく・小さく・標準にします(人ごとに記憶します)。"
              "Ctrl + Shift + H: ハイコントラスト表示に切り替えます。"),
            _("レッスン: Alt+B で本文へ、Alt+Q で「確認クイズに挑戦する」へ移ります。"),
            _("F1: この一覧を表示します(サインイン画面では「このアプリについて」を表示します)。"),
        ]
        box = QMessageBox(QMessageBox.Icon.Information, _("キーボード操作"), "\n".join(lines),
                          parent=self)
        box.addButton(QMessageBox.StandardButton.Ok)
        about = box.addButton(_("このアプリについて…"), QMessageBox.ButtonRole.HelpRole)
        about.setAccessibleName(_("このアプリについて(バージョンとライセンス)"))
        about.clicked.connect(self.show_about)
        self.keys_box = box
        box.open()

    def show_about(self) -> None:
        from dxtrainer.ui.dialogs.about_dialog import show_about

        self.about_dialog = show_about(self)

    # ---- navigation ---------------------------------------------------------------------

    def go(self, key: str) -> None:
        if key == "learn":
            if self.lesson.view is not None:
                self._show(self.lesson, "learn")
            elif self.home.view is not None and self.home.view.next_lesson is not None:
                self.open_lesson(self.home.view.next_lesson.id)
            else:
                self._show(self.home, "home")
            return
        screen = {"home": self.home, "progress": self.progress, "glossary": self.glossary,
                  "review": self.review, "content": self.content_admin,
                  "dashboard": self.dashboard, "staff": self.staff_admin,
                  "assignments": self.assignments_admin, "reminders": self.reminders,
                  "certificates": self.certificates_admin, "survey": self.survey}[key]
        self._show(screen, key)
        if key == "home" or getattr(screen, "stale", False):
            screen.refresh()  # Home is cheap and shows assignments others may have changed

    def _show(self, screen: QWidget, nav_key: str) -> None:
        if screen is not self.glossary:  # the way back is offered only straight from a lesson
            self._lesson_place = None
            self.glossary.offer_return(None)
        self.stack.setCurrentWidget(screen)
        self.nav_buttons[nav_key].setChecked(True)

    def open_lesson(self, lesson_id: str) -> None:
        self._show(self.lesson, "learn")
        self.lesson.open_lesson(lesson_id)

    def show_search(self) -> None:
        from dxtrainer.services.search import SearchService
        from dxtrainer.ui.dialogs.search_dialog import SearchDialog

        index = self._services.content.index  # rebuilt when the content was reloaded
        if getattr(self, "search_dialog", None) is None or self._searched_index is not index:
            self._searched_index = index
            self.search_dialog = SearchDialog(SearchService(index), self)
            self.search_dialog.chosen.connect(self.open_found)
        self.search_dialog.open()
        self.search_dialog.query.setFocus()
        self.search_dialog.query.selectAll()

    def open_found(self, kind: str, target: str, anchor: str) -> None:
        """A search result: the lesson at that section, or the glossary at that term."""
        if kind == "glossary":
            self.open_term(target)
            return
        self._show(self.lesson, "learn")
        self.lesson.open_lesson(target, anchor)

    def open_certificate(self, course_id: str) -> None:
        """A course just completed: 進捗, at the course's 修了証 and its アンケート."""
        if self.progress.certificates is not None:
            self.progress.certificates.show_course(course_id)
        self.progress.stale = True
        self.go("progress")

    def open_quiz(self, quiz_id: str) -> None:
        self._show(self.quiz, "learn")
        self.quiz.open_quiz(quiz_id)

    def open_course_test(self, course_id: str, purpose: str) -> None:
        """A course's 事前テスト ("pre") or 事後テスト ("post"), on the quiz screen."""
        self._show(self.quiz, "learn")
        self.quiz.open_course_test(course_id, purpose)

    def open_term(self, term_id: str) -> None:
        self._show(self.glossary, "glossary")
        self.glossary.show_term(term_id)

    def open_term_from_lesson(self, term_id: str) -> None:
        """A glossary link in a lesson: the term, with 「レッスンに戻る」 to the same place."""
        place = self.lesson.place()
        self.open_term(term_id)
        if place is not None and self.lesson.view is not None:
            self._lesson_place = place
            self.glossary.offer_return(self.lesson.view.title)

    def back_to_lesson(self) -> None:
        place = self._lesson_place
        if place is None:
            return
        self._show(self.lesson, "learn")
        self.lesson.return_to(place)

    def open_staff_list(self, department_id: int, period) -> None:  # noqa: ANN001
        """HR drill-down from the dashboard to one department's people (logged)."""
        reporting, user = self._services.reporting, self.user

        def shown(rows) -> None:  # noqa: ANN001
            from dxtrainer.ui.dialogs.staff_list_dialog import StaffListDialog

            name = next((r.department for r in rows), "")
            self.staff_list = StaffListDialog(_("職員一覧: {name}").format(name=name), rows, self)
            self.staff_list.open()

        self._runner.run(lambda: reporting.staff_progress(user, department_id, period), shown)

    def _on_data_changed(self, changes: frozenset[Changes]) -> None:
        if changes:
            self.home.stale = True
            self.progress.stale = True
            self.review.stale = True
            if self.content_admin is not None:
                self.content_admin.stale = True
