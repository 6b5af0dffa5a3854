"""One worker thread for database work; results come back to the UI thread by signal."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)
BUSY_DELAY_MS = 500


class TaskRunner(QObject):
    """Runs callables on a single worker thread, in order, and calls back on the UI thread.

    `busy_changed(True)` fires only when work has been pending for BUSY_DELAY_MS, so quick
    tasks never flash a busy cue. `idle` fires whenever the queue drains (tests wait on it).
    """

    busy_changed = Signal(bool)
    idle = Signal()
    failed = Signal(str)  # a user-facing sentence; the traceback goes to the log
    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dxtrainer-db")
        self._pending = 0
        self._busy = False
        self._timer = QTimer(self, singleShot=True, interval=BUSY_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._connected = False  # at the first run(): `Qt` is not built before the first paint
        self.error_text: Callable[[BaseException], str] = describe_error

    @property
    def pending(self) -> int:
        return self._pending

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> None:
        if not self._connected:
            from PySide6.QtCore import Qt

            # Queued even when emitted on this thread: a task done before add_done_callback runs
            # its callback at once, and on_done would then run inside run(), before the caller
            # is ready.
            self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
            self._connected = True
        self._pending += 1
        if not self._timer.isActive() and not self._busy:
            self._timer.start()
        future = self._executor.submit(fn)
        future.add_done_callback(lambda f: self._finished.emit((f, on_done, on_error)))

    @Slot(object)
    def _on_finished(self, payload: tuple[Future, Callable | None, Callable | None]) -> None:
        future, on_done, on_error = payload
        self._pending -= 1
        try:
            exc = future.exception()
            if exc is not None:
                log.error("background task failed:\n%s",
                          "".join(traceback.format_exception(exc)))
                if on_error is not None:
                    on_error(exc)
                else:
                    self.failed.emit(self.error_text(exc))
            elif on_done is not None:
                on_done(future.result())
        except Exception as exc:  # a screen's callback failed: log it, apologise, carry on
            log.error("callback on the UI thread failed:\n%s",
                      "".join(traceback.format_exception(exc)))
            self.failed.emit(self.error_text(exc))
        finally:
            if self._pending == 0:
                self._timer.stop()
                if self._busy:
                    self._busy = False
                    self.busy_changed.emit(False)
                self.idle.emit()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._pending and not self._busy:
            self._busy = True
            self.busy_changed.emit(True)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


def describe_error(exc: BaseException) -> str:
    """The sentence a person reads for any failure: a ServiceError by its code, database trouble
    by its cause, anything else the general apology naming the log file (never the exception's
    own words, which are English and meant for the log)."""
    from dxtrainer.messages import service_error_text
    from dxtrainer.services.failures import as_service_error

    error = as_service_error(exc)
    return service_error_text(error.code, **error.detail)
