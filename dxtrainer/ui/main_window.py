"""The one main window: start-up cue, sign-in, the signed-in shell, and recovery pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label, primary_button

if TYPE_CHECKING:
    from dxtrainer.services.container import Services
    from dxtrainer.services.records import CurrentUser
    from dxtrainer.ui.screens.signin_screen import SignInScreen
    from dxtrainer.ui.shell import Shell

IDLE_MINUTES = 15
# opener(demo, report) opens the database on the worker; report(step, share 0..1) may be called
# from there to move the start-up progress bar.
Opener = Callable[[bool, Callable[[str, float], None]], "Services"]


class MainWindow(QMainWindow):
    services_ready = Signal()
    signed_in = Signal(object)
    _progress = Signal(float)

    def __init__(self, runner: TaskRunner, settings: QSettings, opener: Opener,
                 recover: Callable[[BaseException], str | None],
                 idle_minutes: int = IDLE_MINUTES) -> None:
        super().__init__()
        self._runner = runner
        self._settings = settings
        self._opener = opener
        self._recover = recover
        self.services: Services | None = None
        self.shell: Shell | None = None
        self._painted = False
        self._open_pending: bool | None = None
        self.setWindowTitle(_("DX Trainer ― 自治体職員のためのDX研修"))
        self.setMinimumSize(960, 640)
        self._restore_window_geometry()

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.warning_bar = self._warning_bar()
        outer.addWidget(self.warning_bar)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.startup = self._startup_page()
        self.pages.addWidget(self.startup)
        self._signin: SignInScreen | None = None  # made after the first paint
        self.error_page, self.error_text, self.error_action = self._error_page()
        self.pages.addWidget(self.error_page)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setVisible(False)
        self.statusBar().addPermanentWidget(self.busy)
        runner.busy_changed.connect(self._on_runner_busy_changed)
        self._progress.connect(self._on_progress)
        runner.failed.connect(self._on_runner_failed)

        self._idle = QTimer(self, singleShot=True, interval=idle_minutes * 60_000)
        self._idle.timeout.connect(self._on_idle_timeout)
        self._idle_enabled = idle_minutes > 0
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _restore_window_geometry(self) -> None:
        size = self._settings.value("window/size")
        self.resize(size if isinstance(size, QSize) and size.isValid() else QSize(1280, 820))
        pos = self._settings.value("window/pos")
        if isinstance(pos, QPoint) and any(screen.availableGeometry().contains(pos)
                                           for screen in QGuiApplication.screens()):
            self.move(pos)
        if str(self._settings.value("window/maximized", "false")).lower() == "true":
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
        page = QWidget()
        page.setObjectName("screen")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        title = label(_("DX Trainer"), "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.startup_text = label(_("準備しています…"), "muted")
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

    def _error_page(self) -> tuple[QWidget, QWidget, QPushButton]:
        page = QWidget()
        page.setObjectName("screen")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.addWidget(label(_("データベースを開けませんでした"), "title"))
        text = label("", wrap=True, selectable=True)
        layout.addWidget(text)
        row = QHBoxLayout()
        action = primary_button(_("壊れたファイルを退避して、新しく始める"))
        action.clicked.connect(self._on_recover_clicked)
        row.addWidget(action)
        quit_button = QPushButton(_("終了する"))
        quit_button.clicked.connect(self.close)
        row.addWidget(quit_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return page, text, action

    def _warning_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("warningBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 6, 16, 6)
        self.warning_text = label("", "warning", wrap=True)
        row.addWidget(self.warning_text, 1)
        details = QPushButton(_("詳しく見る"))
        details.clicked.connect(self._show_problems)
        row.addWidget(details)
        bar.setVisible(False)
        return bar

    # ---- database -----------------------------------------------------------------------

    def open_database(self, demo: bool = False) -> None:
        """Open (and migrate) the database on the worker while the start-up cue shows."""
        self.sign_out()
        self.pages.setCurrentWidget(self.startup)
        self.startup_text.setText(_("デモ用のデータを準備しています…") if demo
                                  else _("データベースを準備しています…"))
        opener, report = self._opener, lambda _step, share: self._progress.emit(share)
        self.startup_bar.setRange(0, 0)
        self._runner.run(lambda: opener(demo, report), self._on_services_opened,
                         self._on_open_failed)

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
        if self._open_pending is not None:
            demo, self._open_pending = self._open_pending, None
            self.open_database(demo=demo)

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._open_if_pending)

    def _on_services_opened(self, services: Services) -> None:
        if self.services is not None and self.services is not services:
            old = self.services
            self._runner.run(old.close)
        self.services = services
        title = _("DX Trainer ― 自治体職員のためのDX研修")
        self.setWindowTitle(f"{title} 【{_('デモ')}】" if services.is_demo else title)
        problems = services.content.index.problems
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            self.warning_text.setText(_(
                "教材ファイルに問題があるため、{n} 件の項目を読み込めませんでした。そのほかの教材は使えます。"
                "研修担当者は「詳しく見る」か dxtrainer validate で確認してください。").format(
                n=len({p.path for p in errors})))
        self.warning_bar.setVisible(bool(errors))
        if services.backup is not None:
            self.statusBar().showMessage(_("更新の前にバックアップを作りました: {path}").format(
                path=services.backup), 10_000)
        self.signin.set_accounts(services.accounts, demo=services.is_demo)
        accounts = services.accounts
        self._runner.run(accounts.idle_minutes, self._on_idle_minutes)
        self.pages.setCurrentWidget(self.signin)
        self.services_ready.emit()

    def _on_open_failed(self, exc: BaseException) -> None:
        self._open_error = exc
        self.error_text.setText(_(
            "データベースのファイルが壊れているか、読み込めない形式です。\n\n"
            "「退避して新しく始める」を押すと、今のファイルを別の名前で残したうえで、空のデータベースで"
            "始めます(残したファイルは、情報システム担当者が復旧に使えます)。\n\n詳細: {detail}")
            .format(detail=exc))
        self.pages.setCurrentWidget(self.error_page)

    def _on_recover_clicked(self) -> None:
        moved = self._recover(self._open_error)
        if moved:
            self.statusBar().showMessage(_("壊れたファイルを {path} に退避しました。").format(path=moved),
                                         15_000)
        self.open_database()

    def _show_problems(self) -> None:
        if self.services is None:
            return
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
        self.shell = Shell(self._runner, self.services, user)
        self.shell.sign_out_requested.connect(self.sign_out)
        self.pages.addWidget(self.shell)
        self.pages.setCurrentWidget(self.shell)
        if self._idle_enabled:
            self._idle.start()
        self.signed_in.emit(user)

    def sign_out(self) -> None:
        self._idle.stop()
        if self.shell is not None:
            self.pages.removeWidget(self.shell)
            self.shell.deleteLater()
            self.shell = None
            self.pages.setCurrentWidget(self.signin)
            self.signin.refresh()

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
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            self.statusBar().clearMessage()
            QApplication.restoreOverrideCursor()

    def _on_runner_failed(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("処理を完了できませんでした"), message,
                          parent=self)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._settings.setValue("window/size", self.size())
        self._settings.setValue("window/pos", self.pos())
        self._settings.setValue("window/maximized", self.isMaximized())
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
