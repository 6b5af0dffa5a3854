"""The glossary (用語集): search by term, reading or definition; lessons link into it, and a
term opened from a lesson offers 「レッスンに戻る」 to the same place in that lesson."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.domain.content import GlossaryTerm
from dxtrainer.i18n import _
from dxtrainer.ui.models.staff_model import fold
from dxtrainer.ui.style import read_style
from dxtrainer.ui.widgets.common import label


class GlossaryScreen(QWidget):
    term_shown = Signal(str)
    back_requested = Signal()  # 「レッスンに戻る」: back to the lesson the link was in

    def __init__(self, terms: list[GlossaryTerm], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._terms = {t.id: t for t in terms}
        self._keys = {t.id: fold(f"{t.term}|{t.reading}|{t.definition}") for t in terms}
        self._names = {t.id: fold(f"{t.term}|{t.reading}|{t.id}") for t in terms}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        top = QHBoxLayout()
        top.addWidget(label(_("用語集"), "title"))
        top.addStretch(1)
        self.back_button = QPushButton(_("← レッスンに戻る"))
        self.back_button.setAccessibleName(_("レッスンに戻る"))
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.setVisible(False)
        top.addWidget(self.back_button)
        layout.addLayout(top)
        QShortcut(QKeySequence("Alt+Left"), self, activated=self._back)
        layout.addWidget(label(_("レッスンに出てくる用語を {n} 語収録しています。読み(ひらがな可)でも探せます。")
                               .format(n=len(terms)), "muted", wrap=True))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("用語を探す(例: クラウド、lgwan、しょしき)"))
        self.search.setAccessibleName(_("用語を探す"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_textChanged)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(_("用語の一覧"))
        self.list.setMaximumWidth(320)
        for t in sorted(terms, key=lambda x: x.reading or x.term):
            item = QListWidgetItem(t.term)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._on_list_currentItemChanged)
        row.addWidget(self.list)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self._css = read_style("lesson.css")
        self.detail.document().setDefaultStyleSheet(self._css)
        self.detail.setAccessibleName(_("用語の説明"))
        self.detail.anchorClicked.connect(self._on_detail_anchorClicked)
        row.addWidget(self.detail, 1)
        layout.addLayout(row, 1)
        if self.list.count():
            self.list.setCurrentRow(0)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """A theme chosen while the glossary is open: the term's colours follow at once."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            css = read_style("lesson.css")
            if css != self._css:
                self._css = css
                self.detail.document().setDefaultStyleSheet(css)
                item = self.list.currentItem()
                if item is not None:
                    self._show(item.data(Qt.ItemDataRole.UserRole))

    def offer_return(self, lesson_title: str | None) -> None:
        """Offer the way back to a lesson (its title), or withdraw it (None)."""
        self.back_button.setVisible(lesson_title is not None)
        if lesson_title is not None:
            words = _("「{title}」の読んでいた場所に戻ります(Alt+←)").format(title=lesson_title)
            self.back_button.setAccessibleDescription(words)
            self.back_button.setToolTip(words)

    def _back(self) -> None:
        if self.back_button.isVisible():
            self.back_button.click()

    def _on_search_textChanged(self, text: str) -> None:  # noqa: N802
        needle = fold(text)
        first = None
        best = 3
        for i in range(self.list.count()):
            item = self.list.item(i)
            term_id = item.data(Qt.ItemDataRole.UserRole)
            hidden = bool(needle) and needle not in self._keys[term_id]
            item.setHidden(hidden)
            # Prefer a term whose name or reading matches over one that only mentions it.
            rank = 0 if needle and needle in self._names[term_id] else 1
            if not hidden and rank < best:
                first, best = item, rank
        if first is not None:
            self.list.setCurrentItem(first)
        else:
            self.detail.setHtml(f"<p>{html.escape(_('当てはまる用語がありません。別の言葉で探してください。'))}</p>")

    def _on_list_currentItemChanged(self, item: QListWidgetItem | None, _old=None) -> None:  # noqa: ANN001, N802
        if item is not None:
            self._show(item.data(Qt.ItemDataRole.UserRole))

    def show_term(self, term_id: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == term_id:
                self.search.clear()
                self.list.setCurrentItem(item)
                return

    def _show(self, term_id: str) -> None:
        term = self._terms.get(term_id)
        if term is None:
            return
        related = "、".join(
            f'<a href="glossary:{r}">{html.escape(self._terms[r].term)}</a>'
            for r in term.related if r in self._terms)
        parts = [f"<h2>{html.escape(term.term)}</h2>"]
        if term.reading:
            parts.append(f'<p class="muted">{html.escape(term.reading)}</p>')
        parts.append(f'<p class="definition">'
                     f'{html.escape(term.definition)}</p>')
        if related:
            parts.append(f"<p><b>{html.escape(_('関連する用語'))}</b>: {related}</p>")
        self.detail.setHtml("".join(parts))
        self.term_shown.emit(term_id)

    def _on_detail_anchorClicked(self, url: QUrl) -> None:  # noqa: N802
        if url.scheme() == "glossary":
            self.show_term(url.path())

    def lookup(self, term_id: str) -> tuple[str, str] | None:
        term = self._terms.get(term_id)
        return (term.term, term.definition) if term else None
