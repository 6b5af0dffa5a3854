"""What `dxtrainer --smoke` watches: the sign-in screen painting (success), the error page or an
unexpected failure, or too long a wait."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from dxtrainer.i18n import _
from dxtrainer.ui.main_window import MainWindow
from dxtrainer.ui.task_runner import TaskRunner

PASSED, OPEN_FAILED, FAILED, TIMED_OUT = 0, 2, 3, 4


class SmokeWatch(QObject):
    """Emits `finished(code)` once: PASSED after the sign-in screen has painted, OPEN_FAILED
    when the database could not be opened, FAILED on another worded failure, TIMED_OUT when
    neither happened within `timeout_s`. `reason` holds the sentence for a failure."""

    finished = Signal(int)

    def __init__(self, window: MainWindow, runner: TaskRunner, timeout_s: float) -> None:
        super().__init__(window)
        self._window = window
        self.code: int | None = None
        self.reason = ""
        window.services_ready.connect(self._watch_sign_in)
        window.pages.currentChanged.connect(self._on_page)
        runner.failed.connect(lambda message: self._finish(FAILED, message))
        self._timer = QTimer(self, singleShot=True, interval=round(timeout_s * 1000))
        self._timer.timeout.connect(lambda: self._finish(TIMED_OUT, _(
            "{seconds:.0f} 秒待ってもサインイン画面が表示されませんでした。").format(seconds=timeout_s)))
        self._timer.start()

    def _watch_sign_in(self) -> None:
        signin = self._window.signin
        signin.installEventFilter(self)
        signin.update()  # a paint is due even if Qt had painted it before the filter came

    def _on_page(self, _index: int) -> None:
        if self._window.pages.currentWidget() is self._window.error_page:
            self._finish(OPEN_FAILED, self._window.error_page.text.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and watched is self._window.signin:
            # after this paint has finished, if the sign-in screen is still the one shown
            QTimer.singleShot(0, self._check_painted)
        return False

    def _check_painted(self) -> None:
        window = self._window
        if window.pages.currentWidget() is window.signin and window.signin.isVisible():
            self._finish(PASSED, "")

    def _finish(self, code: int, reason: str) -> None:
        if self.code is not None:
            return
        self.code, self.reason = code, reason
        self._timer.stop()
        self.finished.emit(code)
