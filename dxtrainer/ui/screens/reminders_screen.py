"""督促 (managers): for each 必修研修 in their own section, who has not finished yet (names and
status only, never scores), a CSV / Excel export and a ready-made reminder to copy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from dxtrainer.i18n import _, format_date, long_date
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.dialogs.outstanding_dialog import remaining_text
from dxtrainer.ui.models.row_table_model import Column, RowTableModel
from dxtrainer.ui.screens.admin_screen import AdminScreen
from dxtrainer.ui.task_runner import TaskRunner, describe_error
from dxtrainer.ui.widgets.common import data_table, empty_state, label

if TYPE_CHECKING:
    from dxtrainer.services.assignments import ReminderList
    from dxtrainer.services.container import Services


def reminder_columns() -> list[Column]:
    return [
        Column(_("職員番号"), lambda r: r.staff_no),
        Column(_("氏名"), lambda r: r.name),
        Column(_("所属"), lambda r: r.department),
        Column(_("まだのレッスン"), remaining_text),
        Column(_("状況"), lambda r: _("期限超過") if r.overdue else _("受講中・未着手")),
    ]


def reminder_text(item: ReminderList, sender: str) -> str:
    """A kind reminder to paste into mail or a notice board (no names: it goes to everyone)."""
    info = item.info
    lessons = list(dict.fromkeys(title for row in item.rows for title in row.remaining))
    lines = [
        _("【ご案内】必修研修「{title}」の受講について").format(title=info.title),
        "",
        _("おつかれさまです。"),
        _("必修研修「{title}」の受講期限は{deadline}です。").format(
            title=info.title, deadline=long_date(info.deadline)),
    ]
    if any(row.overdue for row in item.rows):
        lines.append(_("期限を過ぎていますが、まだ修了していない方は、お手数ですができるだけ早く受講をお願いします。"))
    else:
        lines.append(_("まだ修了していない方は、期限までに DX Trainer で受講をお願いします。"))
    if lessons:
        lines.append(_("対象のレッスン: {lessons}").format(lessons="、".join(lessons)))
    if any(row.post_test for row in item.rows):
        lines.append(_("レッスンをすべて修了したら、事後テストに合格すると研修の修了です。"))
    lines += ["", _("業務の合間に少しずつ進めても大丈夫です。途中でやめても、次回は続きから再開できます。"),
              _("ご不明な点は{sender}までお知らせください。").format(sender=sender)]
    return "\n".join(lines)


class RemindersScreen(AdminScreen):
    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, services, user, _("督促"), _("最新の状況にする"), self.refresh,
                         parent)
        self.lists: list[ReminderList] = []
        layout = self.body
        layout.addWidget(label(_(
            "あなたの所属で、必修研修をまだ修了していない職員の一覧です(氏名と状況のみ。点数は表示しません)。"
            "この画面を開いたことは記録されます。"), "muted", wrap=True))
        row = QHBoxLayout()
        row.addWidget(label(_("必修研修"), "subtitle"))
        self.choice = QComboBox()
        self.choice.setAccessibleName(_("督促する必修研修"))
        self.choice.currentIndexChanged.connect(self._on_choice_changed)
        row.addWidget(self.choice, 1)
        layout.addLayout(row)
        self.summary = label("", "subtitle", wrap=True)
        layout.addWidget(self.summary)
        self.model = RowTableModel(reminder_columns(), self)
        self.table = data_table(self.model, stretch=3)
        self.table.setAccessibleName(_("未修了の職員"))
        layout.addWidget(self.table, 2)
        self.empty = empty_state(_("あなたの所属に関係する必修研修は、いまはありません。"))
        layout.addWidget(self.empty)
        actions = QHBoxLayout()
        self.export_buttons = []
        for fmt, text in (("csv", _("CSV で保存")), ("xlsx", _("Excel で保存"))):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, f=fmt: self.save(f))
            actions.addWidget(button)
            self.export_buttons.append(button)
        actions.addStretch(1)
        self.status = label("", "muted", wrap=True)
        actions.addWidget(self.status, 1)
        layout.addLayout(actions)
        layout.addWidget(label(_("お知らせの文面(そのまま、または直してメールや掲示板に使えます)"), "subtitle"))
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(_("お知らせの文面"))
        self.text.setTabChangesFocus(True)
        layout.addWidget(self.text, 1)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        self.copy_button = QPushButton(_("文面をコピー"))
        self.copy_button.clicked.connect(self.copy_text)
        copy_row.addWidget(self.copy_button)
        layout.addLayout(copy_row)

    def refresh(self) -> None:
        service, user = self._services.assignments, self._user
        self._runner.run(lambda: service.reminders(user), self._on_loaded)

    def _on_loaded(self, lists: list[ReminderList]) -> None:
        self.stale = False
        chosen = self.current()
        self.lists = lists
        self.choice.blockSignals(True)
        self.choice.clear()
        for item in lists:
            self.choice.addItem(_("{title}(期限 {d}、未修了 {n} 人)").format(
                title=item.info.title, d=format_date(item.info.deadline), n=len(item.rows)))
        keep = next((i for i, item in enumerate(lists)
                     if chosen is not None and item.info.id == chosen.info.id), 0)
        self.choice.setCurrentIndex(keep if lists else -1)
        self.choice.blockSignals(False)
        self._on_choice_changed()
        self.loaded.emit()

    def current(self) -> ReminderList | None:
        index = self.choice.currentIndex()
        return self.lists[index] if 0 <= index < len(self.lists) else None

    def _on_choice_changed(self, *_args: object) -> None:
        item = self.current()
        has = item is not None
        for widget in (self.choice, self.table, self.summary, self.text, self.copy_button,
                       *self.export_buttons):
            widget.setVisible(has)
        self.empty.setVisible(not has)
        self.status.setText("")
        if item is None:
            self.model.set_rows([])
            return
        self.model.set_rows(list(item.rows))
        if item.rows:
            self.summary.setText(_("対象 {total} 人のうち、まだ修了していない職員は {n} 人です。").format(
                total=item.targeted, n=len(item.rows)))
        else:
            self.summary.setText(_("対象 {total} 人の全員が修了しています。").format(
                total=item.targeted))
        self.table.setVisible(bool(item.rows))
        self.text.setPlainText(reminder_text(item, self._user.name) if item.rows else "")
        self.text.setVisible(bool(item.rows))
        self.copy_button.setEnabled(bool(item.rows))
        for button in self.export_buttons:
            button.setEnabled(bool(item.rows))

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.status.setText(_("文面をコピーしました。メールなどに貼り付けてください。"))

    def save(self, fmt: str, path: str | None = None) -> None:
        item = self.current()
        if item is None:
            return
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            name = _("未修了者一覧_{title}.{ext}").format(title=item.info.title, ext=fmt)
            path, _chosen = QFileDialog.getSaveFileName(self, _("保存先を選んでください"),
                                                        str(Path(folder) / name),
                                                        f"{fmt.upper()} (*.{fmt})")
            if not path:
                return
        target = path

        def work() -> Path:
            from dxtrainer.services.outstanding_export import write_outstanding

            return write_outstanding(item.info, item.rows, target, fmt)

        def failed(exc: BaseException) -> None:
            self.status.setText(_("{path} に保存できませんでした。ファイルが Excel などで開かれていないか、"
                                  "保存先に書き込めるかを確かめてください。").format(path=target)
                                if isinstance(exc, OSError) else describe_error(exc))

        self._runner.run(work, lambda p: self.status.setText(_("保存しました: {p}").format(p=p)),
                         failed)
