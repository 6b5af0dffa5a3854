"""Opening the database for the main window: on the worker behind the start-up cue, the page
that says why it cannot be opened (with retry, read-only and setting a damaged file aside), and
the warning bar for what opening found (notices, content files with problems)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from dxtrainer.i18n import _
from dxtrainer.paths import database_label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFrame

    from dxtrainer.services.container import Services
    from dxtrainer.services.records import CurrentUser
    from dxtrainer.ui.open_error_page import OpenErrorPage

log = logging.getLogger(__name__)


class DatabaseOpening:
    """A mixin of MainWindow (main_window.py), whose widgets and state it uses: pages, startup,
    startup_text, startup_bar, database_text, signin, services, _runner, _opener, _recover,
    _progress, _demo, _open_error, _open_pending, _painted, _notice_texts, _content_text."""

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

    # ---- warning bar --------------------------------------------------------------------

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
