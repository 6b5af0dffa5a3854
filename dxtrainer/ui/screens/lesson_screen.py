"""The lesson reader: title, objectives, the body in a reading column, a table of contents,
previous / next and the quiz call-to-action. Reaching the end marks the lesson read."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from dxtrainer import i18n
from dxtrainer.i18n import _
from dxtrainer.messages import category_name
from dxtrainer.services.records import Changes, CurrentUser, LessonView
from dxtrainer.ui.style import read_style
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label, primary_button
from dxtrainer.ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from dxtrainer.services.training import TrainingService

READING_WIDTH = 760
TOC_MIN_ENTRIES = 4
TOC_WIDTH = 240
# Below this width the 目次 folds away by itself, so the text keeps a full reading column.
TOC_NARROW = READING_WIDTH + TOC_WIDTH + 100


class ReadingBrowser(QTextBrowser):
    """A QTextBrowser that keeps its text in a centred column of about READING_WIDTH px."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        side = max(24, (self.width() - READING_WIDTH) // 2)
        if self.viewportMargins().left() != side:
            # before the text is laid out, so that it is laid out for the narrower viewport
            self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(event)
        self.fit_images()

    def fit_images(self) -> None:
        """Figures never wider than the column (no sideways scroll bar in a narrow window)."""
        from dxtrainer.ui.widgets.fit_images import fit_images

        fit_images(self.document(), self.viewport().width() - 2 * self.document().documentMargin()
                   - 8)


class LessonScreen(QWidget):
    lesson_requested = Signal(str)
    quiz_requested = Signal(str)
    glossary_requested = Signal(str)
    changed = Signal(object)  # frozenset[Changes]
    loaded = Signal()

    def __init__(self, runner: TaskRunner, training: TrainingService, user: CurrentUser,
                 glossary_lookup, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("lessonPage")
        self._runner = runner
        self._training = training
        self._user = user
        self._glossary_lookup = glossary_lookup  # term id -> (term, definition) or None
        self.view: LessonView | None = None
        self._read_pending = False
        self._pending_anchor = ""  # a section to open at, from a search result

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._jump_row())
        middle = QHBoxLayout()
        middle.setSpacing(0)
        self.browser = ReadingBrowser()
        self.browser.setObjectName("lessonText")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(_("レッスン本文"))
        self.browser.anchorClicked.connect(self._on_browser_anchorClicked)
        self.browser.highlighted.connect(self._on_browser_highlighted)
        self._css = read_style("lesson.css")  # its font size comes from app.qss (text size)
        self.browser.document().setDefaultStyleSheet(self._css)
        self.browser.verticalScrollBar().valueChanged.connect(self._check_end)
        self.browser.verticalScrollBar().rangeChanged.connect(self._check_end)
        middle.addWidget(self.browser, 1)

        self.toc_panel = QWidget()
        self.toc_panel.setObjectName("tocPanel")
        self.toc_panel.setFixedWidth(TOC_WIDTH)
        toc_layout = QVBoxLayout(self.toc_panel)
        toc_layout.addWidget(label(_("目次"), "subtitle"))
        self.toc = QListWidget()
        self.toc.setAccessibleName(_("目次"))
        self.toc.setWordWrap(True)
        self.toc.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.toc.itemActivated.connect(self._on_toc_itemActivated)
        self.toc.itemClicked.connect(self._on_toc_itemActivated)
        toc_layout.addWidget(self.toc, 1)
        middle.addWidget(self.toc_panel)
        layout.addLayout(middle, 1)

        bar = QWidget()
        bar.setObjectName("lessonBar")
        row = FlowLayout(bar, spacing=6)  # wraps at large text sizes
        row.setContentsMargins(16, 10, 16, 10)
        self.previous_button = QPushButton(_("← 前のレッスン"))
        self.previous_button.clicked.connect(lambda: self._go(self.view.previous_id
                                                              if self.view else None))
        row.addWidget(self.previous_button)
        self.toc_button = QPushButton(_("目次"))
        self.toc_button.setCheckable(True)
        self.toc_button.setAccessibleName(_("目次の表示"))
        self.toc_button.setToolTip(_("目次を表示する・隠す"))
        self.toc_button.clicked.connect(self._on_toc_button_clicked)
        row.addWidget(self.toc_button)
        self._toc_chosen: bool | None = None  # the learner's own choice wins over the width
        row.addStretch()
        self.status = label("", "muted", wrap=True)  # wraps at large text sizes
        row.addWidget(self.status)
        self.read_button = QPushButton(_("読み終えた"))
        self.read_button.setToolTip(_("最後まで読んだら押してください"))
        self.read_button.clicked.connect(self._mark_read)
        row.addWidget(self.read_button)
        self.quiz_button = primary_button(_("確認クイズに挑戦する"))
        self.quiz_button.clicked.connect(self._on_quiz_button_clicked)
        row.addWidget(self.quiz_button)
        row.addStretch()
        self.next_button = QPushButton(_("次のレッスン →"))
        self.next_button.clicked.connect(lambda: self._go(self.view.next_id if self.view
                                                          else None))
        row.addWidget(self.next_button)
        layout.addWidget(bar)
        QShortcut(QKeySequence("Alt+Left"), self, activated=self.previous_button.click)
        QShortcut(QKeySequence("Alt+Right"), self, activated=self.next_button.click)

    def _jump_row(self) -> QHBoxLayout:
        """「本文へ」 and 「クイズへ」 first in Tab order, so that a keyboard user need not pass
        every glossary link in the text to reach the quiz (also Alt+B / Alt+Q)."""
        row = QHBoxLayout()
        row.setContentsMargins(16, 6, 16, 0)
        row.addStretch(1)
        self.to_text_button = QPushButton(_("本文へ (Alt+B)"))
        self.to_text_button.setProperty("link", True)
        self.to_text_button.setToolTip(_("レッスン本文に移ります。本文では Tab で用語のリンクを順にたどれます。"))
        self.to_text_button.clicked.connect(lambda: self.browser.setFocus(
            Qt.FocusReason.ShortcutFocusReason))
        row.addWidget(self.to_text_button)
        self.to_quiz_button = QPushButton(_("クイズへ (Alt+Q)"))
        self.to_quiz_button.setProperty("link", True)
        self.to_quiz_button.setToolTip(_("本文を飛ばして「確認クイズに挑戦する」ボタンに移ります。"))
        self.to_quiz_button.clicked.connect(lambda: self.quiz_button.setFocus(
            Qt.FocusReason.ShortcutFocusReason))
        row.addWidget(self.to_quiz_button)
        QShortcut(QKeySequence("Alt+B"), self, activated=self.to_text_button.click)
        QShortcut(QKeySequence("Alt+Q"), self, activated=self._on_quiz_jump)
        return row

    def _on_quiz_jump(self) -> None:
        if self.to_quiz_button.isVisible():
            self.to_quiz_button.click()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """A theme chosen while the lesson is open: its colours follow at once."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            css = read_style("lesson.css")
            if css != self._css:
                self._css = css
                self.browser.document().setDefaultStyleSheet(css)
                if self.view is not None:
                    position = self.browser.verticalScrollBar().value()
                    self.browser.setHtml(self._document(self.view))
                    self.browser.verticalScrollBar().setValue(position)

    # ---- loading ------------------------------------------------------------------------

    def open_lesson(self, lesson_id: str, anchor: str = "") -> None:
        """Open a lesson; with `anchor` (as in the 目次), at that section."""
        self._pending_anchor = anchor
        training, user = self._training, self._user
        self._runner.run(lambda: training.open_lesson(user, lesson_id), self._on_lesson_opened)

    def place(self) -> tuple[str, int] | None:
        """Where the learner is: the lesson and how far it is scrolled (None: no lesson)."""
        if self.view is None:
            return None
        return self.view.id, self.browser.verticalScrollBar().value()

    def return_to(self, place: tuple[str, int]) -> None:
        """Back from the glossary: the same lesson at the same place, the text focused."""
        lesson_id, position = place
        if self.view is None or self.view.id != lesson_id:
            self.open_lesson(lesson_id)  # reloaded meanwhile: at least the same lesson
            return
        self.browser.verticalScrollBar().setValue(position)
        self.browser.setFocus()

    def refresh(self) -> None:
        if self.view is not None:
            self.open_lesson(self.view.id)

    def _on_lesson_opened(self, view: LessonView) -> None:
        same = self.view is not None and self.view.id == view.id
        position = self.browser.verticalScrollBar().value() if same else 0
        self.view = view
        self._read_pending = False
        self.browser.setHtml(self._document(view))
        self.browser.fit_images()
        self.browser.verticalScrollBar().setValue(position)
        if self._pending_anchor:  # opened from a search result: at that section
            self.browser.scrollToAnchor(self._pending_anchor)
            self._pending_anchor = ""
        self.toc.clear()
        for entry in view.toc:
            item = QListWidgetItem(("    " if entry.level > 2 else "") + entry.title)
            item.setData(Qt.ItemDataRole.UserRole, entry.anchor)
            self.toc.addItem(item)
        self._update_toc()
        self.previous_button.setEnabled(view.previous_id is not None)
        self.next_button.setEnabled(view.next_id is not None)
        self.quiz_button.setVisible(view.quiz_id is not None)
        self.to_quiz_button.setVisible(view.quiz_id is not None)
        self._update_status()
        QTimer.singleShot(0, self._check_end)
        self.loaded.emit()

    def _document(self, view: LessonView) -> str:
        return lesson_document(view)

    def _update_status(self) -> None:
        view = self.view
        if view is None:
            return
        if view.completed:
            self.status.setText(_("✔ 修了しました"))
        elif view.read and view.quiz_id:
            self.status.setText(_("✔ 読了 ― クイズに合格すると修了です"))
        elif view.read:
            self.status.setText(_("✔ 読了"))
        else:
            self.status.setText(_("最後まで読むと「読了」になります"))
        self.read_button.setVisible(False)

    # ---- the 目次 pane ------------------------------------------------------------------

    def _update_toc(self) -> None:
        has_toc = self.view is not None and len(self.view.toc) >= TOC_MIN_ENTRIES
        wanted = self._toc_chosen if self._toc_chosen is not None \
            else self.width() >= TOC_NARROW
        self.toc_button.setVisible(has_toc)
        self.toc_button.setChecked(has_toc and wanted)
        self.toc_panel.setVisible(has_toc and wanted)

    def _on_toc_button_clicked(self, on: bool) -> None:
        self._toc_chosen = on
        self._update_toc()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._update_toc()

    # ---- reading to the end -------------------------------------------------------------

    def _check_end(self, *_args: object) -> None:
        view = self.view
        if view is None or view.read:
            return
        bar = self.browser.verticalScrollBar()
        if bar.maximum() == 0:
            self.read_button.setVisible(True)  # fits on one screen: the learner says so
        elif bar.value() >= bar.maximum() - 4:
            self._mark_read()

    def _mark_read(self) -> None:
        view = self.view
        if view is None or view.read or self._read_pending:
            return
        self._read_pending = True
        training, user, lesson_id = self._training, self._user, view.id
        self._runner.run(lambda: training.mark_read(user, lesson_id), self._on_marked_read)

    def _on_marked_read(self, changes: frozenset[Changes]) -> None:
        self.changed.emit(changes)
        self.refresh()

    # ---- navigation ---------------------------------------------------------------------

    def _go(self, lesson_id: str | None) -> None:
        if lesson_id:
            self.lesson_requested.emit(lesson_id)

    def _on_quiz_button_clicked(self) -> None:
        if self.view is not None and self.view.quiz_id:
            self.quiz_requested.emit(self.view.quiz_id)

    def _on_toc_itemActivated(self, item: QListWidgetItem) -> None:  # noqa: N802
        self.browser.scrollToAnchor(item.data(Qt.ItemDataRole.UserRole))

    def _on_browser_anchorClicked(self, url: QUrl) -> None:  # noqa: N802
        scheme = url.scheme()
        if scheme == "glossary":
            self.glossary_requested.emit(url.path())
        elif scheme == "lesson":
            self.lesson_requested.emit(url.path())
        elif scheme in ("http", "https"):
            self.open_external(url)
        elif not scheme and url.fragment():
            self.browser.scrollToAnchor(url.fragment())

    def open_external(self, url: QUrl) -> bool:
        """A web page opens in the browser only after the reader confirms its address."""
        from dxtrainer.ui.dialogs import external_link_dialog

        if not external_link_dialog.confirm_external_link(self, url):
            return False
        return QDesktopServices.openUrl(url)

    def _on_browser_highlighted(self, url: QUrl) -> None:
        if url.scheme() == "glossary":
            found = self._glossary_lookup(url.path())
            if found:
                QToolTip.showText(self.cursor().pos(), f"<b>{html.escape(found[0])}</b><br/>"
                                  f"{html.escape(found[1])}", self.browser)
        elif url.scheme() in ("http", "https"):
            QToolTip.showText(self.cursor().pos(), html.escape(url.toString()), self.browser)
        else:
            QToolTip.hideText()


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")


def lesson_document(view: LessonView) -> str:
    """The lesson page as learners see it (also the trainers' draft preview)."""
    objectives = "".join(f"<li>{html.escape(o)}</li>" for o in view.objectives)
    meta = _("第{n}課 / 全{count}課 ・ {category} ・ 約{m}分").format(
        n=view.position, count=view.count, category=category_name(view.category)
        if view.counted else _("教材を確認中"), m=view.minutes)
    goals = _("このレッスンの学習目標")  # outside the f-string, where the extractor finds it
    return (
        f'<h1 class="lesson-title">{html.escape(view.title)}</h1>'
        f'<p class="lesson-meta">{html.escape(meta)}</p>'
        f'{_checked_line(view)}{_uncounted_line(view)}'
        f'<table class="box objectives" width="100%" cellspacing="0" cellpadding="12"><tr><td>'
        f'<p class="box-title">{html.escape(goals)}</p>'
        f'<ul>{objectives}</ul></td></tr></table>'
        f'{view.html}<p>&nbsp;</p>')


def _uncounted_line(view: LessonView) -> str:
    """A lesson with a bad field: readable, but say why it counts nowhere yet."""
    if view.counted:
        return ""
    text = _("このレッスンは教材の確認中のため、修了や成績の集計、必修研修には含まれません。確認クイズは"
             "修正後に受けられます。読むことはできます。")
    return f'<p class="lesson-meta lesson-uncounted"><b>{html.escape(text)}</b></p>'


def _checked_line(view: LessonView) -> str:
    """「この課の内容は2026年11月時点のものです」: when the lesson's facts were last checked."""
    if view.checked is None:
        return ""
    year, month = view.checked.year, view.checked.month
    when = (f"{year}年{month}月" if i18n.current() == "ja"
            else f"{ENGLISH_MONTHS[month - 1]} {year}")
    text = _("この課の内容は{when}時点のものです").format(when=when)
    return f'<p class="lesson-meta lesson-checked">{html.escape(text)}</p>'
