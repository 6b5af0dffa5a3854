"""Asks for a PIN, or for a new PIN twice at first sign-in."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from dxtrainer.i18n import _
from dxtrainer.ui.widgets.common import label


class PinDialog(QDialog):
    def __init__(self, name: str, *, new: bool, message: str = "", parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(_("PIN の設定") if new else _("PIN の入力"))
        self.setModal(True)
        self._new = new
        layout = QVBoxLayout(self)
        intro = (_("{name} さん、はじめてのサインインです。\n4〜8 桁の数字で PIN を決めてください。"
                   "次回からこの PIN でサインインします。") if new
                 else _("{name} さん、PIN を入力してください。")).format(name=name)
        layout.addWidget(label(intro, wrap=True))
        self.message = label(message, "error", wrap=True)
        self.message.setVisible(bool(message))
        layout.addWidget(self.message)
        form = QFormLayout()
        validator = QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), self)
        self.pin = self._field(validator)
        form.addRow(_("PIN"), self.pin)
        self.repeat = self._field(validator)
        if new:
            form.addRow(_("もう一度"), self.repeat)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("サインイン"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("キャンセル"))
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def _field(self, validator: QRegularExpressionValidator) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setValidator(validator)
        field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        return field

    def _on_buttons_accepted(self) -> None:
        pin = self.pin.text()
        if len(pin) < 4:
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
