"""Asked before a lesson's link opens a web page in the browser: the full address is shown, and
nothing opens unless the reader says so."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

from dxtrainer.i18n import _


def confirm_external_link(parent: QWidget, url: QUrl) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("外部のWebページを開く"))
    box.setText(_("次のアドレスをブラウザで開きます。よろしいですか。"))
    box.setInformativeText(_("{url}\n\n庁内ネットワークからは開けないことがあります。アドレスが正しいか"
                             "確かめてから開いてください。").format(url=url.toString()))
    opened = box.addButton(_("ブラウザで開く"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("開かない"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(QMessageBox.StandardButton.NoButton)
    box.exec()
    return box.clickedButton() is opened
