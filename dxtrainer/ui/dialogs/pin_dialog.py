"""Asks for a PIN (learners) or a password (trainers, managers, HR); at first sign-in, for the
初期コード from HR and then the person's own new PIN or password, twice."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout

from dxtrainer.i18n import _
from dxtrainer.ui.widgets.common import label, ok_cancel


class PinDialog(QDialog):
    def __init__(self, name: str, *, new: bool, password: bool = False, message: str = "",
                 department: str = "", parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._new = new
        self.first_sign_in = new  # asks for the 初期コード too
        self._password = password
        what = _("パスワード") if password else _("PIN")
        if new:
            self.setWindowTitle(_("はじめてのサインイン"))
            rule = (_("英字と数字を含む 8 文字以上") if password else _("4〜8 桁の数字"))
            intro = _("{name} さん、はじめてのサインインです。\n"
                      "① 人事担当者から受け取った「初期コード」を入力してください。\n"
                      "② 次回から使う{what}を{rule}で決めて、2 回入力してください。").format(
                name=name, what=what, rule=rule)
        else:
            self.setWindowTitle(_("パスワードの入力") if password else _("PIN の入力"))
            intro = _("{name} さん、{what}を入力してください。").format(name=name, what=what)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label(intro, wrap=True))
        if department:
            layout.addWidget(label(_("所属: {department}").format(department=department),
                                   "muted", wrap=True))
        self.message = label(message, "error", wrap=True)
        self.message.setVisible(bool(message))
        layout.addWidget(self.message)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("例: ABCD-EFGH"))
        self.code.setAccessibleName(_("初期コード"))
        self.code.setMaxLength(20)
        if new:
            form.addRow(_("初期コード"), self.code)
        validator = None if password else QRegularExpressionValidator(
            QRegularExpression("[0-9]{0,8}"), self)
        self.pin = self._field(validator)
        self.pin.setAccessibleName(what)
        form.addRow(_("新しい{what}").format(what=what) if new else what, self.pin)
        self.repeat = self._field(validator)
        self.repeat.setAccessibleName(_("もう一度"))
        if new:
            form.addRow(_("もう一度"), self.repeat)
        layout.addLayout(form)
        buttons = ok_cancel(self, _("サインイン"), self._on_buttons_accepted)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        (self.code if new else self.pin).setFocus()

    def _field(self, validator: QRegularExpressionValidator | None) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        if validator is not None:
            field.setValidator(validator)
            field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        return field

    def _on_buttons_accepted(self) -> None:
        pin = self.pin.text()
        if self._new and len("".join(c for c in self.code.text() if c.isalnum())) < 8:
            self._say(_("初期コード(8 文字)を入力してください。"))
            self.code.setFocus()
        elif self._password and self._new and not (
                len(pin) >= 8 and any(c.isdigit() for c in pin) and any(c.isalpha() for c in pin)):
            self._say(_("パスワードは英字と数字を含む 8 文字以上にしてください。"))
        elif self._password and not pin:
            self._say(_("パスワードを入力してください。"))
        elif not self._password and len(pin) < 4:
            self._say(_("PIN は 4〜8 桁の数字です。"))
        elif self._new and pin != self.repeat.text():
            self._say(_("2 回入力した内容が一致しません。もう一度入力してください。"))
            self.repeat.clear()
            self.repeat.setFocus()
        else:
            self.accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def value(self) -> str:
        return self.pin.text()

    def code_value(self) -> str:
        return self.code.text()
