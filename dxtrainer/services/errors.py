"""One error type for every refusal or failure a service reports to a screen or a command.

Services raise `ServiceError(code, **detail)`; `dxtrainer.messages.service_error_text` turns the
code into a sentence from the message catalogue. No exception text ever reaches a person.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A code the UI and the command line word (see messages.service_error_text)."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail

    def __repr__(self) -> str:
        return f"ServiceError({self.code!r}, {self.detail!r})"
