"""The one main window: start-up cue, sign-in, the signed-in shell, idle sign-out and busy cue.
Opening the database and its recovery pages are in database_opening.py (a mixin)."""

from __future__ import annotations

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
from dxtrainer.ui import first_frame
from dxtrainer.ui.database_opening import DatabaseOpening

if TYPE_CHECKING:
    from dxtrainer.services.container import Services
    from dxtrainer.services.records import CurrentUser
    from dxtrainer.ui.open_error_page import OpenErrorPage
    from dxtrainer.ui.screens.signin_screen import SignInScreen
    from dxtrainer.ui.shell import Shell
    from dxtrainer.ui.task_runner import TaskRunner

IDLE_MINUTES = 15
# opener(demo, report, read_only=False) opens the database on the worker; report(step, share
# 0..1) may be called from there to move the start-up progress bar. read_only is passed only
# when True (the person chose to look at a database that cannot be written).
Opener = Callable[..., "Services"]


class MainWindow(DatabaseOpening, QMainWindow):
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

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        if self._built:
            super().paintEvent(event)
        else:  # the first frame: no widgets yet (ui/first_frame.py says why)
            first_frame.paint_cue(self, *self._cue)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._open_if_pending)

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

