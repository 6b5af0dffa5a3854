"""The fixture content with its quiz swapped for one that also holds a short, a numeric and a
matching question (tests/fixtures/typed/sample-basics.yaml: the four sample questions first)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, SAMPLE_CONTENT

TYPED_QUIZ = FIXTURES / "typed" / "sample-basics.yaml"


def typed_content(tmp_path: Path) -> Path:
    root = tmp_path / "typed-content"
    if not root.exists():
        shutil.copytree(SAMPLE_CONTENT, root)
        shutil.copy(TYPED_QUIZ, root / "quizzes" / "sample-basics.yaml")
    return root
