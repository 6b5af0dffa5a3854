"""The one main window: start-up cue, sign-in, the signed-in shell, and recovery pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

# No `Qt` namespace here: PySide6 takes ~12 ms to build it, and the first frame does not need
# it (ui/first_frame.py); methods that do import it when they run.
from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _
from dxtrainer.paths import database_label
from dxtrainer.ui import first_frame

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFrame

    from dxtrainer.services.container import Services
    from dxtrainer.services.records import CurrentUser
    from dxtrainer.ui.open_error_page import OpenErrorPage
    from dxtrainer.ui.screens.signin_screen import SignInScreen
    from dxtrainer.ui.shell import Shell
    from dxtrainer.ui.task_runner import TaskRunner

log = logging.getLogger(__name__)
IDLE_MINUTES = 15
# opener(demo, report, read_only=False) opens the database on the worker; report(step, share
# 0..1) may be called from there to move the start-up progress bar. read_only is passed only
# when True (the person chose to look at a database that cannot be written).
Opener = Callable[..., "Services"]


class MainWindow(QMainWindow):
    services_ready = Signal()
    signed_in = Signal(object)
    _progress = Signal(float)

    def __init__(self, runner: TaskRunner, settings: QSettings, opener: Opener,
                 recover: Callable[[BaseException], str | None],
                 idle_minutes: int = IDLE_MINUTES, *, first_frame_only: bool = False,
                 prepare: Callable[[], None] | None = None) -> None:
        """With `first_frame_only` only the window's shell and its start-up cue are made (title,
        size, 「準備しています…」, with no imports beyond PySide6's classes); the rest is built by
        `finish_building()` in the event-loop turn after the first paint, after `prepare()`
        (the application's style and translations). Without it everything is built at once."""
        super().__init__()
        self._runner = runner
        self._settings = settings
        self._opener = opener
        self._recover = recover
        self._prepare = prepare
        self._built = False
        self.services: Services | None = None
        self.shell: Shell | None = None
        self._painted = False
        self._open_pending: bool | None = None
        self._notice_texts: list[str] = []  # what opening found: for everyone
        self._content_text = ""  # content files with problems: for trainers and HR only
        self.setWindowTitle(_("DX Trainer ― 自治体職員のためのDX研修"))
        self._restore_window_geometry()
        self._cue = (_("DX Trainer"), _("準備しています…"))  # drawn by paintEvent until built
        self._signin: SignInScreen | None = None  # made after the first paint
        self._error_page: OpenErrorPage | None = None  # made when a database cannot be opened
        self._demo = False
        self._open_error: BaseException | None = None
        self._idle = QTimer(self, singleShot=True, interval=idle_minutes * 60_000)
        self._idle.timeout.connect(self._on_idle_timeout)
        self._idle_enabled = idle_minutes > 0
        if not first_frame_only:
            self.finish_building()

    def finish_building(self) -> None:
        """Everything the first frame does without: the application's style (via `prepare`),
        the window's widgets (warning bar, pages with the start-up page, status bar), text size
        and its shortcuts, and the idle watch. Runs once."""
        if self._built:
            return
        self._built = True
        if self._prepare is not None:
            self._prepare()
        from dxtrainer.ui.text_size import TextSize
        from dxtrainer.ui.widgets.common import label

        central = QWidget()
        self._outer = QVBoxLayout(central)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        self.warning_bar = self._warning_bar()
        self._outer.addWidget(self.warning_bar)
        self.pages = QStackedWidget()
        self._outer.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.startup = self._startup_page()
        self.pages.addWidget(self.startup)

        self.text_size = TextSize(self._settings, self)  # Ctrl + / Ctrl − / Ctrl 0, per person
        self.text_size.install_shortcuts(self)
        self.text_size.set_person(None)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setVisible(False)
        self.statusBar().addPermanentWidget(self.busy)
        self.database_text = label("", "muted")
        self.database_text.setAccessibleName(_("開いているデータベース"))
        self.statusBar().addPermanentWidget(self.database_text)
        self._runner.busy_changed.connect(self._on_runner_busy_changed)
        self._progress.connect(self._on_progress)
        self._runner.failed.connect(self.show_failure)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _restore_window_geometry(self) -> None:
        """The remembered size and place, clamped to the screen the window opens on (the
        first time: at most 90 % of it)."""
        from dxtrainer.ui.window_fit import fitted, minimum_size

        size = self._settings.value("window/size")
        pos = self._settings.value("window/pos")
        saved_pos = pos if isinstance(pos, QPoint) else None
        screen = (QGuiApplication.screenAt(saved_pos) if saved_pos is not None else None) \
            or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(QSize(1280, 820))
            return
        available = screen.availableGeometry()
        self.setMinimumSize(minimum_size(available))
        rect = fitted(available, size if isinstance(size, QSize) else None, saved_pos)
        self.resize(rect.size())
        self.move(rect.topLeft())
        if str(self._settings.value("window/maximized", "false")).lower() == "true":
            from PySide6.QtCore import Qt

            self.setWindowState(Qt.WindowState.WindowMaximized)

    @property
    def error_page(self) -> OpenErrorPage:
        """Why the database cannot be opened, and what to do: built on first need."""
        if self._error_page is None:
            from dxtrainer.ui.open_error_page import OpenErrorPage

            page = OpenErrorPage()
            page.read_only_requested.connect(lambda: self.open_database(self._demo, read_only=True))
            page.retry_requested.connect(lambda: self.open_database(self._demo))
            page.set_aside_requested.connect(self._on_recover_clicked)
            page.quit_requested.connect(self.close)
            self.pages.addWidget(page)
            self._error_page = page
        return self._error_page

    @property
    def signin(self) -> SignInScreen:
        """The sign-in screen, built on first need so that start-up paints sooner."""
        if self._signin is None:
            from dxtrainer.ui.screens.signin_screen import SignInScreen

            self._signin = SignInScreen(self._runner)
            self._signin.signed_in.connect(self._on_signin_signed_in)
            self._signin.demo_requested.connect(lambda: self.open_database(demo=True))
            self.pages.addWidget(self._signin)
        return self._signin

    # ---- pages --------------------------------------------------------------------------

    def _startup_page(self) -> QWidget:
        """The title, a calm line and a progress bar (first_frame.paint_cue draws the first two
        where these go before the page exists)."""
        from PySide6.QtCore import Qt

        from dxtrainer.ui.widgets.common import label

        page = QWidget()
        page.setObjectName("screen")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.startup_title = label(self._cue[0], "title")
        self.startup_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.startup_title)
        self.startup_text = label(self._cue[1], "muted")
        self.startup_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.startup_text)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setMaximumWidth(280)
        bar.setAccessibleName(_("準備中"))
        self.startup_bar = bar
        layout.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def _warning_bar(self) -> QFrame:
        from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

        bar = QFrame()
        bar.setObjectName("warningBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 6, 16, 6)
        from dxtrainer.ui.widgets.common import label

        self.warning_text = label("", "warning", wrap=True)
        row.addWidget(self.warning_text, 1)
        details = QPushButton(_("詳しく見る"))
        details.setAccessibleName(_("教材ファイルの問題を詳しく見る"))
        details.clicked.connect(self._show_problems)
        row.addWidget(details)
        self.details_button = details
        bar.setVisible(False)
        return bar

    def _update_warning_bar(self, user: CurrentUser | None) -> None:
        """Database notices go to everyone; content problems only to trainers and HR (signed
        in), who can fix them. Learners get what loaded, with notices where they read."""
        from dxtrainer.services.records import Role

        texts = list(self._notice_texts)
        trainer = user is not None and user.role in (Role.TRAINER, Role.HR_ADMIN)
        if trainer and self._content_text:
            texts.append(self._content_text)
        self.details_button.setVisible(trainer and bool(self._content_text))
        self.warning_text.setText("\n".join(texts))
        self.warning_bar.setVisible(bool(texts))

    # ---- database -----------------------------------------------------------------------

    def open_database(self, demo: bool = False, *, read_only: bool = False) -> None:
        """Open (and migrate) the database on the worker while the start-up cue shows. With
        `read_only` nothing is written (for looking at a database that cannot be written)."""
        self.sign_out()
        self._demo = demo
        self.pages.setCurrentWidget(self.startup)
        self.startup_text.setText(_("デモ用のデータを準備しています…") if demo
                                  else _("データベースを準備しています…"))
        opener, report = self._opener, lambda _step, share: self._progress.emit(share)
        self.startup_bar.setRange(0, 0)
        work = (lambda: opener(demo, report, read_only=True)) if read_only else (
            lambda: opener(demo, report))
        self._runner.run(work, self._on_services_opened, self._on_open_failed)

    def _on_progress(self, share: float) -> None:
        """Slow openings (making the demo city) report how far they are."""
        self.startup_bar.setRange(0, 100)
        self.startup_bar.setValue(round(share * 100))

    def open_database_after_first_paint(self, demo: bool = False) -> None:
        """Start the worker only once the window has painted: its imports would compete with
        the first paint for the interpreter lock."""
        self._open_pending = demo
        # Some platforms paint the central widget only: never wait longer than a moment.
        QTimer.singleShot(0 if self._painted else 400, self._open_if_pending)

    def _open_if_pending(self) -> None:
        self.finish_building()
        if self._open_pending is not None:
            demo, self._open_pending = self._open_pending, None
            self.open_database(demo=demo)

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        if self._built:
            super().paintEvent(event)
        else:  # the first frame: no widgets yet (ui/first_frame.py says why)
            first_frame.paint_cue(self, *self._cue)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._open_if_pending)

    def _on_services_opened(self, services: Services) -> None:
        if self.services is not None and self.services is not services:
            old = self.services
            self._runner.run(old.close)
        self.services = services
        self._show_database(services)
        from dxtrainer.messages import service_error_text

        # What opening found worth saying (read-only because the app is older than the database,
        # this PC's content differs from the shared one), then content files that did not load.
        self._notice_texts = [service_error_text(n.code, **n.detail) for n in services.notices]
        errors = [p for p in services.content.index.problems if p.severity == "error"]
        self._content_text = _(
            "教材ファイル {n} 件に問題があります。問題のある設問は出題から除き、項目に不備のあるレッスンは"
            "集計から外しています。「詳しく見る」か dxtrainer validate で確認してください。").format(
            n=len({p.path for p in errors})) if errors else ""
        self._update_warning_bar(None)
        if services.backup is not None:
            self.statusBar().showMessage(_("更新の前にバックアップを作りました: {path}").format(
                path=services.backup), 10_000)
        self.signin.set_accounts(services.accounts, demo=services.is_demo)
        accounts = services.accounts
        self._runner.run(accounts.idle_minutes, self._on_idle_minutes)
        self.pages.setCurrentWidget(self.signin)
        self.services_ready.emit()

    def _show_database(self, services: Services) -> None:
        """Name the database in the title and the status bar when it is not the usual one."""
        from dxtrainer.ui.database_names import status_text, window_title

        flags = {"demo": services.is_demo, "read_only": services.read_only}
        self.setWindowTitle(window_title(services.url, **flags))
        self.database_text.setText(status_text(services.url, **flags))
        self.database_text.setToolTip(_("開いているデータベース: {name}").format(
            name=database_label(services.url)))

    def _on_open_failed(self, exc: BaseException) -> None:
        self._open_error = exc
        self.error_page.show_error(exc)
        self.pages.setCurrentWidget(self.error_page)

    def _on_recover_clicked(self) -> None:
        """Only a damaged file is set aside (copied first, then removed), and never in a place
        that cannot be written: the recover callback refuses with a ServiceError then."""
        from dxtrainer.ui.task_runner import describe_error

        if self._open_error is None:
            return
        try:
            moved = self._recover(self._open_error)
        except Exception as exc:  # refused or failed: say so, keep the file where it is
            log.error("setting the database aside failed", exc_info=exc)
            self.error_page.show_message(describe_error(exc))
            return
        if moved:
            self.statusBar().showMessage(_("壊れたファイルを {path} に複製して残しました。").format(
                path=moved), 15_000)
        self.open_database(self._demo)

    def _show_problems(self) -> None:
        if self.services is None:
            return
        from PySide6.QtWidgets import QMessageBox

        from dxtrainer.messages import format_problem

        lines = [format_problem(p) for p in self.services.content.index.problems]
        box = QMessageBox(QMessageBox.Icon.Warning, _("教材ファイルの問題"),
                          _("次のファイルに問題がありました(ファイル:行: 内容)。"), parent=self)
        box.setDetailedText("\n".join(lines))
        box.open()

    # ---- sign-in / sign-out -------------------------------------------------------------

    def _on_signin_signed_in(self, user: CurrentUser) -> None:
        from dxtrainer.ui.shell import Shell  # the screens load after sign-in, not at start-up

        assert self.services is not None
        self.text_size.set_person(user.staff_id)
        self.shell = Shell(self._runner, self.services, user, text_size=self.text_size,
                           settings=self._settings)
        self.shell.sign_out_requested.connect(self.sign_out)
        self.pages.addWidget(self.shell)
        self.pages.setCurrentWidget(self.shell)
        if self._idle_enabled:
            self._idle.start()
        self._update_warning_bar(user)
        self.signed_in.emit(user)

    def sign_out(self) -> None:
        self._idle.stop()
        if self.shell is not None:
            self.pages.removeWidget(self.shell)
            self.shell.deleteLater()
            self.shell = None
            self.pages.setCurrentWidget(self.signin)
            self.signin.refresh()
        self.text_size.set_person(None)
        self._update_warning_bar(None)

    def _on_idle_minutes(self, minutes: int) -> None:
        """The organisation's setting; 0 turns automatic sign-out off (personal PCs)."""
        self._idle_enabled = minutes > 0
        if minutes:
            self._idle.setInterval(minutes * 60_000)

    def _on_idle_timeout(self) -> None:
        if self.shell is not None:
            self.sign_out()
            self.signin.status.setText(_("しばらく操作がなかったため、自動的にサインアウトしました。"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.shell is not None and self._idle_enabled and event.type() in (
                QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self._idle.start()
        return False

    # ---- feedback -----------------------------------------------------------------------

    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            self.statusBar().showMessage(_("処理しています…"))
            from PySide6.QtCore import Qt

            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            self.statusBar().clearMessage()
            QApplication.restoreOverrideCursor()

    def show_failure(self, message: str) -> None:
        """A worded failure (never exception text) in a box that does not block the app."""
        from PySide6.QtWidgets import QMessageBox

        self.failure_box = QMessageBox(QMessageBox.Icon.Warning, _("処理を完了できませんでした"),
                                       message, parent=self)
        self.failure_box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._settings.setValue("window/size", self.size())
        self._settings.setValue("window/pos", self.pos())
        self._settings.setValue("window/maximized", self.isMaximized())
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

