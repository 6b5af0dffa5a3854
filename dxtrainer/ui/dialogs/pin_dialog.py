"""Asks for a PIN (learners) or a password (trainers, managers, HR), or for a new one twice at
first sign-in."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout

from dxtrainer.i18n import _
from dxtrainer.ui.widgets.common import label, ok_cancel


class PinDialog(QDialog):
    def __init__(self, name: str, *, new: bool, password: bool = False, message: str = "",
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._new = new
        self._password = password
        if password:
            self.setWindowTitle(_("パスワードの設定") if new else _("パスワードの入力"))
            intro = (_("{name} さん、はじめてのサインインです。\n英字と数字を含む 8 文字以上で"
                       "パスワードを決めてください。") if new
                     else _("{name} さん、パスワードを入力してください。")).format(name=name)
        else:
            self.setWindowTitle(_("PIN の設定") if new else _("PIN の入力"))
            intro = (_("{name} さん、はじめてのサインインです。\n4〜8 桁の数字で PIN を決めてください。"
                       "次回からこの PIN でサインインします。") if new
                     else _("{name} さん、PIN を入力してください。")).format(name=name)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label(intro, wrap=True))
        self.message = label(message, "error", wrap=True)
        self.message.setVisible(bool(message))
        layout.addWidget(self.message)
        form = QFormLayout()
        validator = None if password else QRegularExpressionValidator(
            QRegularExpression("[0-9]{0,8}"), self)
        self.pin = self._field(validator)
        form.addRow(_("パスワード") if password else _("PIN"), self.pin)
        self.repeat = self._field(validator)
        if new:
            form.addRow(_("もう一度"), self.repeat)
        layout.addLayout(form)
        buttons = ok_cancel(self, _("サインイン"), self._on_buttons_accepted)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def _field(self, validator: QRegularExpressionValidator | None) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        if validator is not None:
            field.setValidator(validator)
            field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        return field

    def _on_buttons_accepted(self) -> None:
        pin = self.pin.text()
        if self._password and self._new and not (
                len(pin) >= 8 and any(c.isdigit() for c in pin) and any(c.isalpha() for c in pin)):
            self._say(_("パスワードは英字と数字を含む 8 文字以上にしてください。"))
        elif self._password and not pin:
            self._say(_("パスワードを入力してください。"))
        elif not self._password and len(pin) < 4:
            self._say(_("PIN は 4〜8 桁の数字です。"))
        elif self._new and pin != self.repeat.text():
            self._say(_("2 回入力した PIN が一致しません。もう一度入力してください。"))
            self.repeat.clear()
            self.repeat.setFocus()
        else:
            self.accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def value(self) -> str:
        return self.pin.text()
