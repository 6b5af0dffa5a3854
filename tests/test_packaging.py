"""The wheel carries what an installed (non-editable) app needs: content, styles, icons,
migrations and the compiled English catalogue."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import REPO


def test_the_wheel_contains_the_bundled_content_and_resources(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
                           "--no-build-isolation", "-q", "-w", str(tmp_path)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("dxtrainer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("dxtrainer/bundled_content/lessons/dx-basics.md",
                   "dxtrainer/bundled_content/quizzes/security.yaml",
                   "dxtrainer/bundled_content/glossary.yaml",
                   "dxtrainer/bundled_resources/styles/app.qss",
                   "dxtrainer/bundled_resources/styles/lesson.css",
                   "dxtrainer/bundled_resources/icons/home.svg",
                   "dxtrainer/bundled_resources/licenses/pyside6-essentials.txt",
                   "dxtrainer/locale/en/LC_MESSAGES/dxtrainer.mo",
                   "dxtrainer/db/migrations/env.py",
                   "dxtrainer/db/migrations/versions/0001_initial_schema.py"):
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)
