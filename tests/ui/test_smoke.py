"""`dxtrainer --smoke`: exit 0 only once the sign-in screen has painted; otherwise a non-zero
code with the reason on stderr and in the log."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading

from tests.conftest import REPO


def _smoke(tmp_path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DXTRAINER_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(REPO)}
    env.pop("DXTRAINER_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "dxtrainer", "--smoke", *extra],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def test_smoke_passes_once_sign_in_has_painted_and_leaves_no_database(tmp_path):
    done = _smoke(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "サインイン画面を表示できました" in done.stdout
    # the scratch database was temporary: the PC's own database was not made
    assert not (tmp_path / "data" / "dxtrainer.sqlite3").exists()


def test_smoke_fails_with_a_worded_and_logged_reason(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all " * 100)
    done = _smoke(tmp_path, "--database", str(broken))
    assert done.returncode == 2
    assert "起動を確認できませんでした" in done.stderr
    assert "壊れています" in done.stderr
    assert "Traceback" not in done.stderr
    log = (tmp_path / "data" / "logs" / "dxtrainer.log").read_text(encoding="utf-8")
    assert "smoke test failed (code 2)" in log


def test_smoke_fails_when_a_lesson_does_not_render(tmp_path, monkeypatch, capsys):
    import argparse

    from dxtrainer import app
    from dxtrainer.services.content_service import ContentService

    def broken(self, lesson_id):
        raise ImportError("markdown.extensions.tables")

    monkeypatch.setattr(ContentService, "rendered", broken)
    args = argparse.Namespace(database=str(tmp_path / "s.sqlite3"), content=None, demo=False)
    assert app.run_smoke(args) == 5
    assert "レッスンを表示用に変換できませんでした" in capsys.readouterr().err


def _window(qtbot, opener):
    from PySide6.QtCore import QSettings

    from dxtrainer.ui.main_window import MainWindow
    from dxtrainer.ui.task_runner import TaskRunner

    runner = TaskRunner()
    window = MainWindow(runner, QSettings("DXTrainerTest", "smoke"), opener, lambda exc: None)
    qtbot.addWidget(window)
    return window, runner


def test_the_watch_passes_only_when_the_sign_in_screen_is_shown(qtbot, tmp_path):
    from dxtrainer.services.container import open_services
    from dxtrainer.ui.smoke import PASSED, SmokeWatch
    from tests.conftest import SAMPLE_CONTENT

    opened = []

    def opener(demo, report, read_only=False):
        opened.append(open_services(tmp_path / "s.sqlite3", SAMPLE_CONTENT))
        return opened[-1]

    window, runner = _window(qtbot, opener)
    watch = SmokeWatch(window, runner, timeout_s=60)
    window.show()
    assert watch.code is None  # the start-up page has painted, not the sign-in screen
    with qtbot.waitSignal(watch.finished, timeout=30_000) as blocker:
        window.open_database_after_first_paint()
    assert blocker.args == [PASSED]
    assert window.pages.currentWidget() is window.signin and window.signin.isVisible()
    runner.shutdown()
    opened[0].close()


def test_the_watch_times_out_when_opening_never_ends(qtbot):
    from dxtrainer.ui.smoke import TIMED_OUT, SmokeWatch

    release = threading.Event()

    def opener(demo, report, read_only=False):
        release.wait(30)
        raise RuntimeError("never opened")

    window, runner = _window(qtbot, opener)
    watch = SmokeWatch(window, runner, timeout_s=0.5)
    window.show()
    with qtbot.waitSignal(watch.finished, timeout=10_000) as blocker:
        window.open_database_after_first_paint()
    assert blocker.args == [TIMED_OUT]
    assert "サインイン画面が表示されませんでした" in watch.reason
    release.set()
    runner.shutdown()


def test_smoke_is_an_option_of_the_command():
    from dxtrainer.cli import build_parser

    args = build_parser().parse_args(["--smoke", "--database", "x.sqlite3"])
    assert isinstance(args, argparse.Namespace) and args.smoke
