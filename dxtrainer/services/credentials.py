"""PIN and password hashing with hashlib.scrypt, in a self-describing string."""

from __future__ import annotations

import hashlib
import hmac
import os
import re

_N, _R, _P = 2**14, 8, 1
PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")


def hash_secret(secret: str, *, n: int = _N) -> str:
    """`n` is scrypt's cost; the stored string records it, so verify_secret needs no hint."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=n, r=_R, p=_P, dklen=32)
    return f"scrypt${n}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                            p=int(p), dklen=len(digest) // 2)
    return hmac.compare_digest(actual.hex(), digest)


def valid_pin(pin: str) -> bool:
    return bool(PIN_PATTERN.match(pin))


def valid_password(password: str) -> bool:
    """At least 8 characters with both letters and digits (trainers, managers, HR)."""
    return (len(password) >= 8 and any(c.isdigit() for c in password)
            and any(c.isalpha() for c in password))


def needs_password(role: str) -> bool:
    """Learners use a PIN; every role that can see other people's data uses a password."""
    return role != "learner"
