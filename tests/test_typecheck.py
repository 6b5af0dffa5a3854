"""mypy (STYLE.md: domain/content/db/services are type-checked) runs with the test suite, so CI
enforces it. Which files and which options come from [tool.mypy] in pyproject.toml."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO


def test_mypy_finds_nothing(tmp_path):
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it comes with the [test] extra)")
    # A fresh cache each run: a cache left by another run or mypy version cannot mislead it.
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-color-output", "--cache-dir",
                           str(tmp_path / "mypy-cache")], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
