"""HR: the access log (who opened whose records, issued codes, exports, settings changed), newest
first, with a CSV export. Opening it is itself logged (services/personal_data.py)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout

from dxtrainer.i18n import _, format_datetime, ngettext
from dxtrainer.messages import access_action_name, record_kind_name
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label
from dxtrainer.ui.widgets.report_filters import save_csv

if TYPE_CHECKING:
    from dxtrainer.services.personal_data import AccessLogRow, PersonalDataService


_PAIR = re.compile(r"(?:^|\s)([a-z_]+)=")


def detail_text(detail: str) -> str:
    """The log's detail in words: `course=core rows=12` as 「コース: core、件数: 12」, a JSON
    object of record counts as 「回答: 772、クイズの受験: 248」; anything else as it is."""
    keys = {"course": _("コース"), "rows": _("件数"), "code": _("確認コード"), "reason": _("理由"),
            "years": _("保存年数"), "staff": _("職員数"), "added": _("追加"), "updated": _("更新"),
            "new": _("新規"), "conflicts": _("食い違い"), "expires": _("有効期限"),
            "device": _("PC"), "exported_at": _("書き出した日時"),
            "xapi_home_page": _("xAPI のホームページ")}
    pairs: list[tuple[str, object]] = []
    text = detail.strip()
    if text.startswith("{"):
        try:
            loaded = json.loads(text)
        except ValueError:
            return detail
        if not isinstance(loaded, dict):
            return detail
        pairs = list(loaded.items())
    else:
        found = list(_PAIR.finditer(text))
        if not found or found[0].start() > 0:
            return detail
        for match, after in zip(found, [*found[1:], None], strict=True):
            end = after.start() if after is not None else len(text)
            pairs.append((match.group(1), text[match.end():end].strip()))
    words = []
    for key, value in pairs:
        name = keys.get(key) or record_kind_name(key)
        shown = _("すべて") if key == "course" and not value else value
        words.append(_("{name}: {value}").format(name=name, value=shown))
    return _("、").join(words)


class AccessLogDialog(QDialog):
    loaded = Signal()
    saved = Signal(str)

    def __init__(self, runner: TaskRunner, personal: PersonalDataService, user: CurrentUser,
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._runner, self._personal, self._user = runner, personal, user
        self._rows: list[AccessLogRow] = []
        self.setWindowTitle(_("アクセス記録"))
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_(
            "個人の記録の閲覧、初期コードの発行、書き出し、設定の変更を新しい順に表示します。"
            "この画面を開いたことも記録されます。"), "muted", wrap=True))
        self.model = RowTableModel([
            Column(_("日時"), lambda r: format_datetime(r.at)),
            Column(_("操作した人"), lambda r: r.actor or _("コマンドライン")),
            Column(_("操作"), lambda r: access_action_name(r.action)),
            Column(_("対象の職員"), lambda r: r.target), Column(_("所属"), lambda r: r.department),
            Column(_("詳細"), lambda r: detail_text(r.detail))], self)
        self.table = data_table(self.model, stretch=5)
        self.table.setAccessibleName(_("アクセス記録の一覧"))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("CSV で保存…"))
        self.save_button.clicked.connect(lambda: self.save())
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.status = label(_("読み込んでいます…"), "muted")
        row.addWidget(self.status)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.reject)
        close.setDefault(True)  # Enter in the table closes, never opens a file dialog
        row.addWidget(close)
        layout.addLayout(row)
        runner.run(lambda: personal.access_log(user), self._on_loaded, self._on_failed)

    def _on_loaded(self, rows: list[AccessLogRow]) -> None:
        self._rows = rows
        self.model.set_rows(rows)
        self.status.setText(ngettext("{n} 件の記録", "{n} 件の記録", len(rows)).format(n=len(rows)))
        self.loaded.emit()

    def _on_failed(self, exc: BaseException) -> None:
        from dxtrainer.ui.task_runner import describe_error

        self.status.setText(describe_error(exc))

    def save(self, path: str | None = None) -> None:
        from dxtrainer.services.personal_data import access_log_csv

        rows = self._rows
        save_csv(self, self._runner, self.status, _("アクセス記録.csv"),
                 lambda: access_log_csv(rows), path, self.saved.emit)
