"""Run a piece of a test as an unprivileged user: CI runs as root, for whom no file is read-only.

As root, the function runs in a forked child that has become `nobody` (everything it needs must
already be imported: nobody cannot read root's site-packages); its result or the code of the
DatabaseOpenError it raised comes back through a pipe. Run by anyone else, permissions already
apply, and the function runs in the test's own process.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NOBODY = 65534


def run_unprivileged(fn: Callable[[], object]) -> object:
    """fn's result (JSON-able), or "error:<code>" for a DatabaseOpenError or ServiceError."""
    if os.geteuid() != 0:
        return _outcome(fn)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run, report, and leave without running pytest's exit
        status = 0
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(write, json.dumps(_outcome(fn)).encode())
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            os.write(write, json.dumps(f"crash:{exc!r}").encode())
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks).decode())


def _outcome(fn: Callable[[], object]) -> object:
    from dxtrainer.db.probe import DatabaseOpenError
    from dxtrainer.services.errors import ServiceError

    try:
        return fn()
    except (DatabaseOpenError, ServiceError) as exc:
        return f"error:{exc.code}"


def _reachable(folder: Path) -> bool:
    """Whether every folder on the way is open to others (nobody can walk into it)."""
    return folder.is_dir() and all(p.stat().st_mode & stat.S_IXOTH
                                   for p in [folder, *folder.parents])


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's tmp_path is root's alone)."""
    import pytest

    bases = [Path(tempfile.gettempdir()), Path("/tmp"), Path("/var/tmp"), Path("/dev/shm")]
    base = next((b for b in bases if _reachable(b)), None)
    if base is None:
        pytest.skip("no folder here that an unprivileged user can reach")
    folder = Path(tempfile.mkdtemp(prefix="dxtrainer-test-", dir=base))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o777)
        shutil.rmtree(folder, ignore_errors=True)
