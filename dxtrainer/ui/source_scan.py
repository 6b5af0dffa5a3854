"""Keep PySide6 from holding a copy of every imported module's source in memory.

PySide6 (6.11) hooks every import to learn whether the new module mentions "PySide6" (for its
`from __feature__ import ...` switches). It asks `inspect.getsource(module)`, and that keeps the
whole file, line by line, in `linecache` for the rest of the run: about 12 MB of text and 28 MB of
Python objects once SQLAlchemy is loaded, more with the charts (benchmarks/memory.py). Nobody
here uses `__feature__`, so the answer only has to stay the same, not be cached: we give PySide6
the same test (does the file contain "PySide6"?) that reads the file and keeps nothing.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"


def mentions_pyside(module: ModuleType) -> bool:
    """Whether the module's source file contains "PySide6" (PySide6's own test), read once and
    not kept. Modules without a source file (built-in, extension, frozen) do not."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def stop_caching_sources() -> bool:
    """Replace PySide6's source test by `mentions_pyside` and drop what it cached so far.
    Returns False (and changes nothing) if this PySide6 has no such test."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = mentions_pyside  # type: ignore[attr-defined]
    linecache.clearcache()
    return True
