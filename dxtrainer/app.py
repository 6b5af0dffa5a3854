"""Composition root: QApplication -> window shown at once -> (worker) database, migrations,
content and services -> screens filled in. Nothing heavier than PySide6 loads before the first
paint: sqlalchemy, alembic and Markdown are imported on the worker."""

from __future__ import annotations

import argparse
import logging
import sys
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


def build_main_window(args: argparse.Namespace, app: QApplication):  # noqa: ANN201
    """Style the app, show the window, and schedule the database to open after first paint."""
    from dxtrainer.ui import style
    from dxtrainer.ui.main_window import MainWindow
    from dxtrainer.ui.task_runner import TaskRunner

    app.setApplicationName("DX Trainer")
    app.setOrganizationName("DXTrainer")
    style.apply(app)
    runner = TaskRunner()
    runner.error_text = lambda exc: _(
        "予期しない問題が起きました({detail})。もう一度操作してください。続くときは、記録ファイル {log} を"
        "添えて情報システム担当者に連絡してください。").format(
        detail=exc, log=paths.data_dir() / "logs" / "dxtrainer.log")
    settings = QSettings("DXTrainer", "DXTrainer")
    content = paths.content_dir(args.content)
    explicit = args.database

    def opener(demo: bool, report):  # runs on the worker thread  # noqa: ANN001, ANN202
        _log_to_file()  # here, not before the first paint: logging.handlers is not free
        from dxtrainer.services.container import open_services
        from dxtrainer.services.demo import populate_demo

        # 「デモで試す」 always uses the separate demo database, never the one named with
        # --database: a demo must not fill a database somebody chose for real work.
        database = paths.demo_database() if demo else (explicit or paths.default_database())
        services = open_services(database, content)
        if demo:
            populate_demo(services, progress=report)
        return services

    def recover(exc: BaseException) -> str | None:
        from dxtrainer.db.engine import DatabaseCorrupt, move_aside

        if isinstance(exc, DatabaseCorrupt):
            return str(move_aside(Path(exc.path)))
        return None

    window = MainWindow(runner, settings, opener, recover)
    window.show()
    window.open_database_after_first_paint(demo=bool(getattr(args, "demo", False)))
    return window, runner


def _log_to_file() -> None:
    """Problems go to a small rotating log in the user-data folder (a GUI started without a
    console has nowhere else to write), so that support staff can read what happened."""
    from logging.handlers import RotatingFileHandler

    folder = paths.data_dir() / "logs"
    target = str(folder / "dxtrainer.log")
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
