"""このアプリについて: the version, and the licences of the software the app is built on (the
files in resources/licenses/, kept in step with the dependencies by tools/update_licenses.py)."""

from __future__ import annotations

import logging
import platform
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dxtrainer import __version__, paths
from dxtrainer.i18n import _
from dxtrainer.ui.widgets.common import label

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    name: str
    version: str
    licence: str
    text: str


def read_notices(folder: Path | None = None) -> list[Notice]:
    """The licence files, Qt for Python first (its LGPL asks to be named), then by name."""
    folder = folder or paths.resources_dir() / "licenses"
    notices = []
    for path in sorted(folder.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            log.warning("licence file unreadable: %s", path)
            continue
        head = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines()
                    if ": " in line)
        notices.append(Notice(head.get("Name", path.stem), head.get("Version", ""),
                              head.get("License", ""), text))
    first = ("PySide6_Essentials", "PySide6-Essentials", "shiboken6")
    return sorted(notices, key=lambda n: (n.name not in first, n.name.lower()))


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("このアプリについて"))
        self.setAccessibleName(_("このアプリについて"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        title = label(_("DX Trainer(DXトレーナー)"), "title")
        layout.addWidget(title)
        self.version_text = label(_("バージョン {version}").format(version=__version__))
        self.version_text.setAccessibleName(_("アプリのバージョン"))
        self.version_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.version_text)
        layout.addWidget(label(_("Python {python}・Qt {qt}・PySide6 {pyside}").format(
            python=platform.python_version(), qt=qVersion(), pyside=PySide6.__version__),
            "muted"))
        layout.addWidget(label(_(
            "このアプリは、次のソフトウェアを使っています。それぞれのライセンスの本文は、一覧で選ぶと右に"
            "表示します。Qt と Qt for Python(PySide6)は LGPL-3.0 で利用しており、アプリのフォルダーにある"
            " Qt のライブラリは、互換のあるものに差し替えられます。"), wrap=True))

        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(_("使っているソフトウェアの一覧"))
        self.list.setFixedWidth(260)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("ライセンスの本文"))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        row.addWidget(self.list)
        row.addWidget(self.text, 1)
        layout.addLayout(row, 1)

        self.notices = read_notices(folder)
        for notice in self.notices:
            version = f" {notice.version}" if notice.version else ""
            self.list.addItem(f"{notice.name}{version}\n{notice.licence}")
        self.list.currentRowChanged.connect(self._show_notice)
        if self.notices:
            self.list.setCurrentRow(0)
        else:
            self.text.setPlainText(_("ライセンスのファイルが見つかりません。アプリを入れ直してください。"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_notice(self, row: int) -> None:
        if 0 <= row < len(self.notices):
            self.text.setPlainText(self.notices[row].text)


def show_about(parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
