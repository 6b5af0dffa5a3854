"""Where things live: the user-data folder, the default and demo databases, the bundled content."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "DXTrainer"
_CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    override = os.environ.get("DXTRAINER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """The rotating log that support staff read (named in every apology for the unexpected)."""
    return data_dir() / "logs" / "dxtrainer.log"


def default_database() -> str:
    return os.environ.get("DXTRAINER_DATABASE_URL") or str(data_dir() / "dxtrainer.sqlite3")


def demo_database() -> str:
    return str(data_dir() / "demo.sqlite3")


def _bundled(name: str) -> Path:
    """A top-level folder of the checkout, or its copy inside the installed wheel."""
    local = _CHECKOUT / name
    if local.is_dir() and (_CHECKOUT / "pyproject.toml").exists():
        return local
    return Path(__file__).resolve().parent / f"bundled_{name}"


def content_dir(explicit: str | None = None) -> Path:
    chosen = explicit or os.environ.get("DXTRAINER_CONTENT")
    return Path(chosen) if chosen else _bundled("content")


def draft_content_dir(explicit: str | None = None) -> Path | None:
    """A content folder the person named (--content or DXTRAINER_CONTENT): a draft shown on this
    PC instead of the organisation's published content. None: show the published content."""
    chosen = explicit or os.environ.get("DXTRAINER_CONTENT")
    return Path(chosen) if chosen else None


def resources_dir() -> Path:
    return _bundled("resources")


def database_label(database: str) -> str:
    """How a database is named to people: the file name, or host/database for a server. Never a
    user name or password (a URL may carry both)."""
    text = str(database)
    if "://" not in text:
        return Path(text).name
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    if parts.scheme.startswith("sqlite"):
        return Path(parts.path.lstrip("/") or ":memory:").name
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}/{parts.path.lstrip('/')}"


def is_default_database(database: str) -> bool:
    return str(database) == default_database()
