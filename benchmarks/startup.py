"""Start-up benchmark: process start -> first painted window, DX Trainer vs a bare PySide6 window.

Both are measured side by side in one run (alternating), median of several runs each, and the
ratio is printed. Target (issue 10): DX Trainer <= 1.3x the bare window (issue 2 asked 2.0x).

    python3 benchmarks/startup.py [--runs 7] [--platform offscreen|xcb]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

DRIVER = r'''
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.isWindow():
            print(f"PAINTED {time.time():.6f}", flush=True)
            QTimer.singleShot(0, lambda: QApplication.instance().exit(0))
            QApplication.instance().removeEventFilter(self)
        return False

app = QApplication(sys.argv[:1])
watcher = FirstPaint()
app.installEventFilter(watcher)
if sys.argv[1] == "bare":
    window = QWidget()
    window.setWindowTitle("bare")
    window.resize(1280, 820)
    window.show()
    sys.exit(app.exec())
else:
    from dxtrainer.cli import main
    code = main([])
    import os
    os._exit(code)  # do not wait for the database worker; only the first paint matters
'''


def measure(kind: str, env: dict[str, str]) -> float:
    start = time.time()
    done = subprocess.run([sys.executable, "-c", DRIVER, kind], capture_output=True, text=True,
                          env=env, timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{kind}: no paint seen\n{done.stdout}\n{done.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="dxtrainer-bench-")
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "DXTRAINER_DATA_DIR": data}
    measure("bare", env)  # warm the file cache for both
    measure("app", env)
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(measure("bare", env))
        app.append(measure("app", env))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"platform: {args.platform}, runs: {args.runs} each, alternating")
    print(f"bare PySide6 window : median {b * 1000:7.1f} ms  (min {min(bare) * 1000:.1f})")
    print(f"DX Trainer window   : median {a * 1000:7.1f} ms  (min {min(app) * 1000:.1f})")
    print(f"ratio               : {a / b:.2f}x  (target <= 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
