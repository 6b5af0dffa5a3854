"""Composition root: QApplication -> window shown at once -> (worker) database, migrations,
content and services -> screens filled in. Nothing heavier than PySide6 loads before the first
paint: sqlalchemy, alembic and Markdown are imported on the worker."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from dxtrainer import paths
from dxtrainer.i18n import _


def run_gui(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window, runner = build_main_window(args, app)
    code = app.exec()
    runner.shutdown()
    if window.services is not None:
        window.services.close()  # checkpoints the WAL so the database is one tidy file again
    return code


def run_smoke(args: argparse.Namespace, timeout_s: float = 90.0) -> int:
    """`dxtrainer --smoke`: start as a person would, and exit 0 once the sign-in screen has
    painted and every lesson renders; otherwise a non-zero code and a worded reason on stderr and in the log. Without
    --database (or DXTRAINER_DATABASE_URL) a fresh database in a temporary folder is used, so
    that checking a PC never touches its real records."""
    from dxtrainer.ui.smoke import SmokeWatch

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _log_to_file()
    scratch = None
    if not args.database and not os.environ.get("DXTRAINER_DATABASE_URL"):
        scratch = tempfile.TemporaryDirectory(prefix="dxtrainer-smoke-", ignore_cleanup_errors=True)
        args = argparse.Namespace(**{**vars(args), "database": str(Path(scratch.name) / "smoke.sqlite3")})
    args.demo = False
    started = time.monotonic()
    window, runner = build_main_window(args, app)
    window.finish_building()  # the watch follows its pages from the start
    watch = SmokeWatch(window, runner, timeout_s)
    watch.finished.connect(app.exit)
    app.exec()
    runner.shutdown()
    log = logging.getLogger("dxtrainer.smoke")
    if watch.code == 0 and window.services is not None:
        watch.code, watch.reason = _render_lessons(window.services, log)
    if window.services is not None:
        window.services.close()
    window.hide()  # not close(): that would remember the smoke run's window size for the person
    seconds = time.monotonic() - started
    if watch.code == 0:
        log.info("smoke test passed in %.1f s", seconds)
        print(_("起動を確認しました。サインイン画面を表示できました({seconds:.1f} 秒)。").format(
            seconds=seconds))
    else:
        log.error("smoke test failed (code %d): %s", watch.code, watch.reason)
        print("dxtrainer: " + _("起動を確認できませんでした: {reason}").format(reason=watch.reason),
              file=sys.stderr)
    if scratch is not None:
        scratch.cleanup()
    return watch.code


def _render_lessons(services, log: logging.Logger) -> tuple[int, str]:  # noqa: ANN001
    """After the sign-in screen: every lesson renders (Markdown with the extensions it loads by
    name, then the HTML sanitiser), as a reader opening it would need."""
    try:
        for lesson in services.content.index.lessons:
            services.content.rendered(lesson.id)
    except Exception:
        log.exception("smoke test: a lesson did not render")
        return 5, _("レッスンを表示用に変換できませんでした。")
    return 0, ""


def build_main_window(args: argparse.Namespace, app: QApplication):  # noqa: ANN201
    """Show the window with its start-up cue at once (ui/first_frame.py); after its first paint
    style the app, finish the window, and open the database on the worker."""
    from dxtrainer.ui.source_scan import stop_caching_sources

    stop_caching_sources()  # before the imports below: PySide6 would keep all their sources
    from dxtrainer.ui.main_window import MainWindow
    from dxtrainer.ui.task_runner import TaskRunner

    app.setApplicationName("DX Trainer")
    app.setOrganizationName("DXTrainer")
    runner = TaskRunner()  # words every failure from the message catalogue (describe_error)
    settings = QSettings("DXTrainer", "DXTrainer")
    content = paths.draft_content_dir(args.content)  # None: the organisation's published content
    explicit = args.database

    def opener(demo: bool, report, read_only: bool = False):  # noqa: ANN001, ANN202
        # runs on the worker thread
        _log_to_file()  # here, not before the first paint: logging.handlers is not free
        from dxtrainer.services.container import open_services
        from dxtrainer.services.demo import populate_demo

        # 「デモで試す」 always uses the separate demo database, never the one named with
        # --database: a demo must not fill a database somebody chose for real work.
        database = paths.demo_database() if demo else (explicit or paths.default_database())
        services = open_services(database, content, read_only=read_only)
        if demo and not read_only:
            populate_demo(services, progress=report)
        return services

    def prepare() -> None:  # after the first paint (MainWindow.finish_building)
        from dxtrainer.ui import style

        install_qt_translations(app)
        style.apply(app)
        _show_uncaught_exceptions(window)

    window = MainWindow(runner, settings, opener, recover, first_frame_only=True, prepare=prepare)
    window.show()
    window.open_database_after_first_paint(demo=bool(getattr(args, "demo", False)))
    return window, runner


def install_qt_translations(app: QApplication) -> bool:
    """Qt's own words (file dialogs, standard buttons, context menus) in Japanese when the app
    speaks Japanese, from the qtbase_ja.qm that PySide6 ships; none in English (Qt's source
    language). Returns whether a catalogue was loaded."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from dxtrainer import i18n

    if i18n.current() != "ja":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_ja", folder):
        logging.getLogger(__name__).warning("Qt's Japanese translations not found in %s", folder)
        return False
    app.installTranslator(translator)
    app.installTranslator(_qt_gaps(app))
    return True


# Qt strings that qtbase_ja.qm (as shipped) leaves in English, worded as its other entries are.
QT_GAPS_JA = {
    ("QFileDialog", "&Look in:"): "場所(&L):",
    ("QFileDialog", "Files of &type:"): "ファイルの種類(&T):",
}


def _qt_gaps(app: QApplication):  # noqa: ANN202
    from PySide6.QtCore import QTranslator

    class Gaps(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN202
            return QT_GAPS_JA.get((context, source))  # None: a null string, "not mine"

        def isEmpty(self) -> bool:  # noqa: N802
            return False

    return Gaps(app)


def recover(exc: BaseException) -> str | None:
    """Set a damaged database file aside (a copy kept, then the original removed) so that a
    fresh one can be made; returns the copy's path. Anything but damage is left alone, and a
    file in a place that cannot be written is refused (a ServiceError saying so)."""
    from dxtrainer.db.engine import move_aside
    from dxtrainer.services.failures import opening_error

    if getattr(exc, "code", None) != "database-damaged":
        return None
    path = getattr(exc, "detail", {}).get("path")
    if not path:
        return None
    try:
        return str(move_aside(Path(path)))
    except Exception as error:
        raise opening_error(error, str(path)) from error


def _show_uncaught_exceptions(window) -> None:  # noqa: ANN001
    """An exception nobody caught on the UI thread is logged with its traceback and shown as a
    short apology naming the log file; the app carries on."""
    from dxtrainer.ui.task_runner import describe_error

    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:  # noqa: ANN001
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        _log_to_file()
        logging.getLogger("dxtrainer").error("uncaught exception", exc_info=(kind, exc, tb))
        try:
            window.show_failure(describe_error(exc))
        except Exception:  # the window itself is gone or broken: the log has it
            logging.getLogger("dxtrainer").exception("could not show the apology")

    sys.excepthook = hook


def _log_to_file() -> None:
    """Problems go to a small rotating log in the user-data folder (a GUI started without a
    console has nowhere else to write), so that support staff can read what happened."""
    from logging.handlers import RotatingFileHandler

    target = str(paths.log_file())
    folder = paths.log_file().parent
    root = logging.getLogger()
    if any(getattr(h, "baseFilename", None) == target for h in root.handlers):
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(target, maxBytes=1_000_000,
                                                       backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.setLevel(logging.WARNING)
    root.addHandler(handler)


def main() -> int:
    """The `dxtrainer-gui` entry point (no console window on Windows)."""
    from dxtrainer.cli import main as cli_main

    return cli_main()
