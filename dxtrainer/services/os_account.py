"""The PC's signed-in account, asked of the operating system (never of environment variables,
which anyone can set before starting the app)."""

from __future__ import annotations

import logging
import sys
import unicodedata

log = logging.getLogger(__name__)
_NAME_SAM_COMPATIBLE = 2  # EXTENDED_NAME_FORMAT: DOMAIN\\user


def normalise_os_account(text: str) -> str:
    """Windows account names are case-insensitive: compare them folded, without stray spaces."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def current_os_account() -> str | None:
    """`DOMAIN\\user` on Windows (GetUserNameExW), the uid's login name elsewhere; None when the
    system will not say."""
    try:
        if sys.platform == "win32":
            return _windows_account()
        import os
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name or None
    except (OSError, KeyError, AttributeError):
        log.warning("the operating system did not give the account name", exc_info=True)
        return None


def _windows_account() -> str | None:
    import ctypes

    secur32 = ctypes.WinDLL("secur32")  # type: ignore[attr-defined]
    size = ctypes.c_ulong(0)
    secur32.GetUserNameExW(_NAME_SAM_COMPATIBLE, None, ctypes.byref(size))
    if size.value == 0:
        return None
    buffer = ctypes.create_unicode_buffer(size.value)
    if not secur32.GetUserNameExW(_NAME_SAM_COMPATIBLE, buffer, ctypes.byref(size)):
        return None
    return buffer.value or None
