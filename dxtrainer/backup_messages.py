"""Sentences for backups and restores, for the GUI and the command line alike."""

from __future__ import annotations

from dxtrainer.i18n import _


def reason_name(reason: str) -> str:
    names = {"startup": _("起動時(1日1回)"), "upgrade": _("データベース更新の前"),
             "roster-import": _("名簿取り込みの前"), "before-restore": _("復元の前"),
             "manual": _("手動")}
    return names.get(reason, reason)


def backup_error_text(code: str, **detail: object) -> str:
    """The sentence for a ServiceError code raised by dxtrainer.services.backups."""
    templates = {
        "backup-server-database": _(
            "共有サーバー(PostgreSQL)のデータベースは、このアプリではバックアップ・復元しません。"
            "サーバーの管理者が pg_dump で取得し、pg_restore で戻してください。"),
        "backup-no-database": _("データベース {path} が見つかりません。--database でファイルを"
                                "指定してください。"),
        "backup-failed": _("{path} のバックアップを作れませんでした。保存先のフォルダの空き容量と"
                           "書き込み権限を確かめてください。データベースは変更していません。"),
        "backup-bad-output": _("{path} には保存できません。使用中のデータベースやフォルダではない、"
                               "新しいファイル名を -o で指定してください。"),
        "backup-missing": _("バックアップのファイル {path} が見つかりません。"),
        "backup-is-live": _("{path} は使用中のデータベースそのものです。バックアップのファイルを"
                            "指定してください。"),
        "backup-damaged": _("{path} は壊れているため復元に使えません。別のバックアップを選んで"
                            "ください。"),
        "backup-not-ours": _("{path} は DX Trainer のデータベースではないため、復元に使えません。"),
        "backup-newer": _("{path} は新しい版のアプリで作られたデータベースです。アプリを更新してから"
                          "復元してください。"),
        "backup-none": _("復元に使えるバックアップがありません。"),
        "restore-failed": _("データベース {path} を復元できませんでした。元の内容は {copy} に"
                            "残してあります。情報システム担当者に連絡してください。"),
        "access-denied": _("この操作を行う権限がありません。"),
    }
    template = templates.get(code, _("バックアップ・復元を完了できませんでした。"))
    try:
        return template.format(**detail)
    except (KeyError, IndexError):
        return template
