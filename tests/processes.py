"""Real processes for the many-PCs tests: each reports one dict on a queue (its "error" a
traceback, or None), started together and always reaped, so a hung one cannot outlive the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def database_url(where: str | Path) -> str:
    """A URL another process can open: a PostgreSQL URL as it is, a SQLite file as sqlite:///."""
    return where if isinstance(where, str) else f"sqlite:///{where}"


def run_together(procs: list[Any], out: Any, timeout: float) -> list[dict[str, Any]]:  # noqa: ANN401
    """Start `procs`, wait for one report from each (in the order they come), then join them,
    killing any still alive after `timeout` seconds."""
    for p in procs:
        p.start()
    try:
        return [out.get(timeout=timeout) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=timeout)
            if p.is_alive():
                p.kill()
