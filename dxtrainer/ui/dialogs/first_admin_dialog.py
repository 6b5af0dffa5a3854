"""First-run set-up: registers the first HR admin of a new organisation."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout

from dxtrainer.i18n import _
from dxtrainer.ui.widgets.common import label, ok_cancel


class FirstAdminDialog(QDialog):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(_("はじめての設定"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_(
            "最初に、この研修を管理する人事担当者(管理者)を 1 人登録します。\n"
            "登録後、職員名簿を取り込むと職員がサインインできるようになります。\n"
            "管理者がパスワードを忘れても困らないよう、2 人目の管理者も名簿で登録しておくことを"
            "おすすめします。"), wrap=True))
        form = QFormLayout()
        self.number = QLineEdit()
        self.name = QLineEdit()
        self.kana = QLineEdit()
        self.department = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("職員番号"), self.number)
        form.addRow(_("氏名"), self.name)
        form.addRow(_("フリガナ"), self.kana)
        form.addRow(_("所属"), self.department)
        form.addRow(_("パスワード(英字と数字を含む8文字以上)"), self.password)
        form.addRow(_("パスワード(もう一度)"), self.repeat)
        layout.addLayout(form)
        self.message = label("", "error", wrap=True)
        layout.addWidget(self.message)
        buttons = ok_cancel(self, _("登録してサインイン"), self._on_buttons_accepted)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _on_buttons_accepted(self) -> None:
        pw = self.password.text()
        if not self.number.text().strip() or not self.name.text().strip():
            self.message.setText(_("職員番号と氏名を入力してください。"))
        elif len(pw) < 8 or not any(c.isdigit() for c in pw) or not any(c.isalpha() for c in pw):
            self.message.setText(_("パスワードは英字と数字を含む 8 文字以上にしてください。"))
        elif pw != self.repeat.text():
            self.message.setText(_("2 回入力したパスワードが一致しません。"))
        else:
            self.accept()

    def say(self, text: str) -> None:
        self.message.setText(text)

    def values(self) -> tuple[str, str, str, str, str]:
        return (self.number.text(), self.name.text(), self.kana.text(), self.department.text(),
                self.password.text())
