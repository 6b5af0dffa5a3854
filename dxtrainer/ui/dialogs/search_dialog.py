"""Search across lessons and the glossary (Ctrl+F). Results are listed as they are typed; the
match is marked with 【 】 (not by colour alone). Activating a result opens the lesson at that
section, or the glossary at that term."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _
from dxtrainer.services.search import SearchHit, SearchService
from dxtrainer.ui.widgets.common import label


class SearchDialog(QDialog):
    # kind ("lesson" / "glossary"), lesson or term id, anchor ("" for none)
    chosen = Signal(str, str, str)

    def __init__(self, search: SearchService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self.setWindowTitle(_("レッスンと用語集の検索"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setAccessibleName(_("検索する言葉"))
        self.query.setPlaceholderText(_("例: 窓口、ガバメントクラウド"))
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._on_query_textChanged)
        self.query.returnPressed.connect(self._on_query_returnPressed)
        layout.addWidget(self.query)
        self.summary = label("", wrap=True)
        layout.addWidget(self.summary)
        self.results = QListWidget()
        self.results.setAccessibleName(_("検索結果"))
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setSpacing(4)
        self.results.itemActivated.connect(self._on_results_itemActivated)
        layout.addWidget(self.results, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.query.setFocus()

    def _on_query_textChanged(self, text: str) -> None:  # noqa: N802
        self.results.clear()
        if not text.strip():
            self.summary.setText("")
            return
        hits = self._search.search(text)
        for hit in hits:
            item = QListWidgetItem(self.describe(hit))
            item.setData(Qt.ItemDataRole.UserRole, (hit.kind, hit.target_id, hit.anchor))
            self.results.addItem(item)
        self.summary.setText(_("{count} 件見つかりました。Enter で開きます。").format(count=len(hits))
                             if hits else _("見つかりませんでした。言葉を短くするか、言い換えてみてください。"))

    @staticmethod
    def describe(hit: SearchHit) -> str:
        where = _("用語集: {term}").format(term=hit.title) if hit.kind == "glossary" \
            else f"{hit.title} › {hit.section}" if hit.section else hit.title
        return f"{where}\n{hit.before}【{hit.match}】{hit.after}"

    def _on_query_returnPressed(self) -> None:  # noqa: N802
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus()

    def _on_results_itemActivated(self, item: QListWidgetItem) -> None:  # noqa: N802
        kind, target, anchor = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.chosen.emit(kind, target, anchor)
