"""The one message catalogue (gettext). Japanese is the source language; English is a translation.

Core code returns codes; the UI and the command line turn them into sentences with `_`.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in annotations: the GUI's first paint does without datetime
    from datetime import date, datetime

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


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: date) -> str:
    """2026/11/30 in Japanese, 30 Nov 2026 in English (never the US month/day order)."""
    if _language == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def format_datetime(moment: datetime) -> str:
    """2026/11/30 14:05 in Japanese, 30 Nov 2026 14:05 in English."""
    return f"{format_date(moment.date())} {moment:%H:%M}"


def long_date(day: date) -> str:
    """2026年11月30日 in Japanese (for letters and reports), 30 Nov 2026 in English."""
    if _language == "en":
        return format_date(day)
    return f"{day.year}年{day.month}月{day.day}日"


def month_year(day: date) -> str:
    """November 2026 style, without relying on the C library's locale."""
    names = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
    return f"{names[day.month - 1]} {day.year}"
