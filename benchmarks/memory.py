"""Resident memory of the real app (offscreen): at the sign-in screen, and signed in as HR with
the dashboard drawn, on a 300-person demo made beforehand. Targets (issue 10): <= 120 MB and
<= 200 MB. Also lists the heavier libraries already loaded at each stop, to find what is
loaded before it is needed.

    python3 benchmarks/memory.py [--staff 300] [--keep DIR]

Linux only (reads VmRSS from /proc/self/status; no psutil needed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MAKE_DEMO = r'''
import sys
from datetime import date
from dxtrainer import paths
from dxtrainer.services.container import open_services
from dxtrainer.services.demo_org import generate
services = open_services(sys.argv[1], paths.content_dir(None))
generate(services, staff=int(sys.argv[2]), months=6, today=date.today())
services.close()
'''

DRIVER = r'''
import argparse, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

HEAVY = ("sqlalchemy", "alembic", "markdown", "pyqtgraph", "numpy", "openpyxl", "yaml",
         "PySide6.QtSvg", "PySide6.QtPrintSupport", "PySide6.QtPdf", "fsrs", "psycopg",
         "logging.handlers", "email", "http", "xml.dom")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def report(stop: str) -> None:
    loaded = [m for m in HEAVY if m in sys.modules]
    print(f"STOP {stop} {rss_mb():.1f} {len(sys.modules)} {' '.join(loaded)}", flush=True)


app = QApplication(sys.argv[:1])
from dxtrainer import i18n
i18n.install("ja")
from dxtrainer.app import build_main_window
window, runner = build_main_window(
    argparse.Namespace(database=sys.argv[1], content=None, demo=False), app)
state = {"stop": "signin"}


def poll() -> None:
    if state["stop"] == "signin":
        signin = window._signin
        if window.services is None or signin is None or runner.pending \
                or signin.list.model().rowCount() == 0:
            return
        report("signin")
        state["stop"] = "signing-in"
        services = window.services
        person = services.accounts.find_by_number("D0001")  # 山田 花子, HR
        result = services.accounts.sign_in(person.id, "dx2026ok")
        if result.user is None:  # a fresh demo: the published 初期コード first
            from dxtrainer.services.initial_codes import DEMO_CODE

            result = services.accounts.claim(person.id, DEMO_CODE, "dx2026ok")
        if result.user is None:
            print("could not sign in:", result.status, file=sys.stderr)
            app.exit(3)
            return
        window._on_signin_signed_in(result.user)
        shell = window.shell
        shell.dashboard.loaded.connect(lambda: state.update(stop="drawn"))
        shell.go("dashboard")
        state["stop"] = "dashboard"
    elif state["stop"] == "drawn" and not runner.pending:
        app.processEvents()
        report("dashboard")
        timer.stop()
        runner.shutdown()
        app.exit(0)


timer = QTimer()
timer.timeout.connect(poll)
timer.start(50)
QTimer.singleShot(120_000, lambda: app.exit(2))
sys.exit(app.exec())
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--keep", help="folder for the demo database (kept between runs)")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="dx-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data"),
           "HOME": str(folder)}
    database = folder / f"demo-{args.staff}.sqlite3"
    if not database.exists():
        print(f"making a {args.staff}-person demo in {database} …", flush=True)
        subprocess.run([sys.executable, "-c", MAKE_DEMO, str(database), str(args.staff)],
                       env=env, cwd=REPO, check=True, timeout=900)
    done = subprocess.run([sys.executable, "-c", DRIVER, str(database)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    stops = [line.split(" ", 4) for line in done.stdout.splitlines() if line.startswith("STOP ")]
    if done.returncode != 0 or len(stops) != 2:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        return 1
    targets = {"signin": 120.0, "dashboard": 200.0}
    for _stop, name, rss, modules, *loaded in stops:
        verdict = "ok" if float(rss) <= targets[name] else "OVER"
        print(f"{name:10s} {float(rss):7.1f} MB (target <= {targets[name]:.0f} MB, {verdict}); "
              f"{modules} modules; heavy loaded: {(loaded or [''])[0] or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
