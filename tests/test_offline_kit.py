"""tools/offline_kit.py: the kit for this platform installs into a fresh virtual environment with
no package index, and the installed app starts."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from dxtrainer import __version__
from tests.conftest import REPO


@pytest.mark.slow
def test_the_kit_installs_without_a_network_and_the_app_starts(tmp_path):
    # Time budget: about 5 s to gather the wheels (the pip cache or the index serves them),
    # about 40 s to make the venv and install (PySide6 is large), 3 s to start. Limit 10 min.
    started = time.monotonic()
    kit = tmp_path / "kit"
    made = subprocess.run([sys.executable, str(REPO / "tools" / "offline_kit.py"), "-o", str(kit)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert made.returncode == 0, made.stderr[-3000:]
    for name in ("install.bat", "install.sh", "README.txt", "requirements.txt", "SHA256SUMS.txt"):
        assert (kit / name).is_file(), name
    wheels = {w.name.split("-")[0].lower() for w in (kit / "wheels").glob("*.whl")}
    assert {"dxtrainer", "pyside6_essentials", "sqlalchemy", "psycopg_binary"} <= wheels
    batch = (kit / "install.bat").read_bytes().decode("cp932")  # as cmd.exe reads it in Japan
    assert "--no-index" in batch and "インストールしました" in batch and "\r\n" in batch
    gathered = time.monotonic() - started

    # No pip configuration (it names local wheel folders and indexes here): only the kit.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PYTHON=sys.executable, HOME=str(tmp_path / "home"),
               QT_QPA_PLATFORM="offscreen", DXTRAINER_DATA_DIR=str(tmp_path / "data"))
    target = tmp_path / "app"
    installed = subprocess.run(["sh", str(kit / "install.sh"), str(target)], capture_output=True,
                               text=True, cwd=tmp_path, env=env, timeout=600)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-3000:]
    python = target / "bin" / "python"
    version = subprocess.run([str(python), "-m", "dxtrainer", "--version"], capture_output=True,
                             text=True, cwd=tmp_path, env=env, timeout=120)
    assert version.stdout.strip() == f"dxtrainer {__version__}"
    where = subprocess.run([str(python), "-c", "import dxtrainer; print(dxtrainer.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert str(target) in where.stdout  # the kit's copy, not this checkout
    smoke = subprocess.run([str(python), "-m", "dxtrainer", "--smoke"], capture_output=True,
                           text=True, cwd=tmp_path, env=env, timeout=180)
    assert smoke.returncode == 0, smoke.stderr
    print(f"\noffline kit: gathered in {gathered:.0f} s, installed and started in "
          f"{time.monotonic() - started - gathered:.0f} s")
