"""Sentences for backups and restores, for the GUI and the command line alike."""

from __future__ import annotations

from dxtrainer.i18n import _


def reason_name(reason: str) -> str:
    names = {"startup": _("起動時(1日1回)"), "upgrade": _("データベース更新の前"),
             "roster-import": _("名簿取り込みの前"), "before-restore": _("復元の前"),
             "manual": _("手動")}
    return names.get(reason, reason)


def backup_error_text(code: str, **detail: object) -> str:
    """The sentence for a ServiceError code raised by dxtrainer.services.backups (worded, like
    every code, in messages.service_error_text)."""
    from dxtrainer.messages import service_error_text

    return service_error_text(code, **detail)
