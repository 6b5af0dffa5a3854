"""How the window names the open database: in its title and its status bar, only when it is not
the usual one (file name or host:port/database, never a user name or password), with marks for
a demo or a read-only database."""

from __future__ import annotations

from pathlib import Path

from dxtrainer.i18n import _
from dxtrainer.paths import database_label, default_database, demo_database


def window_title(url: str, *, demo: bool, read_only: bool) -> str:
    title = _("DX Trainer ― 自治体職員のためのDX研修")
    name = "" if is_usual(url) else database_label(url)
    parts = [title, f"― {name}"] if name else [title]
    if demo:
        parts.append(_("【デモ】"))
    if read_only:
        parts.append(_("【読み取り専用】"))
    return " ".join(parts)


def status_text(url: str, *, demo: bool, read_only: bool) -> str:
    """The status bar's words (shown under the sign-in screen too); empty for the usual one."""
    shown = "" if is_usual(url) else database_label(url)
    shown = shown or (_("デモ用データベース") if demo else "")
    text = _("データベース: {name}").format(name=shown) if shown else ""
    if read_only:
        text = " ".join(filter(None, [text, _("(読み取り専用)")]))
    return text


def is_usual(url: str) -> bool:
    """Whether `url` (as the services hold it) is the default or the demo database."""
    def as_url(database: str) -> str:
        if "://" in database:
            return database
        return f"sqlite:///{Path(database).expanduser().resolve()}"

    return url in (as_url(default_database()), as_url(demo_database()))
