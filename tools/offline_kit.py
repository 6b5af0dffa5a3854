"""Make an offline install kit: every wheel DX Trainer needs for one platform, in one folder with
install scripts, for PCs that cannot reach a package index (LGWAN). Carry it on a USB stick.

    python3 tools/offline_kit.py -o kit                                   # this PC's platform
    python3 tools/offline_kit.py --platform win_amd64 --python 3.11 -o kit-win

The kit: wheels/ (the app's own wheel and its dependencies, binary wheels only), install.bat
(Windows), install.sh (Linux, macOS), requirements.txt (the exact versions), SHA256SUMS.txt and
README.txt. On the target PC: install.bat [folder] makes a virtual environment (by default
%LOCALAPPDATA%\\DXTrainer\\app) and installs into it with `pip install --no-index`.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

INSTALL_BAT = r"""@echo off
rem DX Trainer: install from this kit without a network (see README.txt).
rem   install.bat [folder]   default folder: %LOCALAPPDATA%\DXTrainer\app
rem The Python used is %PYTHON% if set, else "py -{python}" (the Python launcher).
setlocal
set "KIT=%~dp0"
set "TARGET=%LOCALAPPDATA%\DXTrainer\app"
if not "%~1"=="" set "TARGET=%~1"
if "%PYTHON%"=="" set "PYTHON=py -{python}"
%PYTHON% -m venv "%TARGET%" || goto :failed
"%TARGET%\Scripts\python.exe" -m pip install --no-index --find-links "%KIT%wheels" "{requirement}" || goto :failed
"%TARGET%\Scripts\python.exe" -m dxtrainer --version || goto :failed
echo.
echo DX Trainer をインストールしました: %TARGET%
echo 起動: "%TARGET%\Scripts\dxtrainer-gui.exe"
exit /b 0
:failed
echo DX Trainer をインストールできませんでした。README.txt を確認してください。
exit /b 1
"""

INSTALL_SH = """#!/bin/sh
# DX Trainer: install from this kit without a network (see README.txt).
#   ./install.sh [folder]   default folder: ~/.local/share/DXTrainer/app
# The Python used is $PYTHON if set, else python{python}.
set -eu
KIT=$(cd "$(dirname "$0")" && pwd)
TARGET=${{1:-"$HOME/.local/share/DXTrainer/app"}}
PYTHON=${{PYTHON:-python{python}}}
"$PYTHON" -m venv "$TARGET"
"$TARGET/bin/python" -m pip install --no-index --find-links "$KIT/wheels" "{requirement}"
"$TARGET/bin/python" -m dxtrainer --version
echo "DX Trainer をインストールしました: $TARGET"
echo "起動: $TARGET/bin/dxtrainer-gui"
"""

README = """DX Trainer オフライン インストールキット(版 {version}、{platform}、Python {python})

インターネットにつながらない PC(LGWAN 端末など)に、DX Trainer を入れるためのフォルダーです。
USB メモリなどでこのフォルダーごと運び、対象の PC で次を実行してください。

- Windows: install.bat をダブルクリック(またはコマンドプロンプトで install.bat [入れる先のフォルダー])
  既定の入れる先は %LOCALAPPDATA%\\DXTrainer\\app です。Python {python}(64 ビット)が必要です
  (別の場所の Python を使うときは、環境変数 PYTHON にその python.exe を引用符つきで指定します。
  例: set PYTHON="C:\\Program Files\\Python311\\python.exe")。
- Linux / macOS: ./install.sh [入れる先のフォルダー]

ネットワークには接続しません(pip install --no-index --find-links wheels)。運んだ後に
SHA256SUMS.txt で中身が壊れていないか確かめられます(Windows: certutil -hashfile ファイル SHA256)。
requirements.txt は、このキットに入っている版の一覧です。

くわしくは docs/deployment.md(配備の手引き)を参照してください。
"""


def dependencies(postgres: bool) -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    if postgres:
        wanted += project["optional-dependencies"]["postgres"]
    return wanted


def build(output: Path, platform: str | None, python: str, postgres: bool = True) -> list[Path]:
    """Fill `output` and return the wheels it holds."""
    wheels = output / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip"]
    # the app's own wheel (pure Python: one for every platform)
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels),
                    str(REPO)], check=True)
    target = ["--python-version", python, "--implementation", "cp"]
    if platform:
        target += ["--platform", platform]
    subprocess.run([*pip, "download", "-q", "--only-binary=:all:", *target, "-d", str(wheels),
                    *dependencies(postgres)], check=True)
    found = sorted(wheels.glob("*.whl"))
    version = next(w.name.split("-")[1] for w in found if w.name.startswith("dxtrainer-"))
    requirement = "dxtrainer[postgres]" if postgres else "dxtrainer"
    fields = {"python": python, "requirement": requirement, "version": version,
              "platform": platform or "this platform"}
    # cmd.exe on a Japanese Windows reads a batch file in the ANSI code page (Shift_JIS)
    (output / "install.bat").write_bytes(
        INSTALL_BAT.format(**fields).replace("\n", "\r\n").encode("cp932"))
    script = output / "install.sh"
    script.write_text(INSTALL_SH.format(**fields), encoding="utf-8")
    script.chmod(0o755)
    (output / "README.txt").write_text(README.format(**fields), encoding="utf-8-sig")  # Notepad
    pins = sorted({_pin(w.name) for w in found})
    (output / "requirements.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    sums = [f"{hashlib.sha256(w.read_bytes()).hexdigest()}  wheels/{w.name}" for w in found]
    (output / "SHA256SUMS.txt").write_text("\n".join(sums) + "\n", encoding="utf-8")
    return found


def _pin(wheel_name: str) -> str:
    name, version = wheel_name.split("-")[:2]
    return f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="the kit's folder")
    parser.add_argument("--platform", metavar="TAG",
                        help="wheel platform tag, e.g. win_amd64 (default: this PC's)")
    parser.add_argument("--python", default=f"{sys.version_info.major}.{sys.version_info.minor}",
                        metavar="X.Y", help="the target PCs' Python (default: this one's)")
    parser.add_argument("--no-postgres", action="store_true",
                        help="leave out the PostgreSQL driver (SQLite on one PC only)")
    args = parser.parse_args(argv)
    found = build(Path(args.output), args.platform, args.python, postgres=not args.no_postgres)
    size = sum(w.stat().st_size for w in found) / 1e6
    print(f"{len(found)} wheels, {size:.0f} MB in {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
