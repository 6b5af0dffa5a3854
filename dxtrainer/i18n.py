"""The one message catalogue (gettext). Japanese is the source language; English is a translation.

Core code returns codes; the UI and the command line turn them into sentences with `_`.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "dxtrainer"
LOCALE_DIR = Path(__file__).parent / "locale"
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "ja"


def choose_language(requested: str | None = None) -> str:
    """'ja' or 'en'. Japanese first: English only when asked for (--lang en or
    DXTRAINER_LANG=en), since a municipal PC set to an English locale is still used by staff
    who read the Japanese course."""
    wanted = requested or os.environ.get("DXTRAINER_LANG") or ""
    return "en" if wanted.lower().startswith("en") else "ja"


def install(language: str | None = None) -> str:
    global _translation, _language
    lang = choose_language(language)
    _language = lang
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return lang


def current() -> str:
    """The language installed for messages: 'ja' or 'en'."""
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction; translate it later with `_` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
