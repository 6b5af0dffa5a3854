"""復習: the questions the learner last answered wrong, with the right answer and the reason,
and a way back into each quiz."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from dxtrainer.i18n import _
from dxtrainer.services.records import CurrentUser, ReviewItem
from dxtrainer.ui.style import read_style
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.answer_words import right_answer
from dxtrainer.ui.widgets.common import label

__all__ = ["ReviewScreen", "right_answer"]

if TYPE_CHECKING:
    from dxtrainer.services.training import TrainingService


class ReviewScreen(QWidget):
    quiz_requested = Signal(str)
    loaded = Signal()

    def __init__(self, runner: TaskRunner, training: TrainingService, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._runner, self._training, self._user = runner, training, user
        self.items: list[ReviewItem] = []
        self.stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(label(_("復習"), "title"))
        self.intro = label("", "muted", wrap=True)
        layout.addWidget(self.intro)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.document().setDefaultStyleSheet(read_style("lesson.css"))
        self.view.setAccessibleName(_("間違えた問題の一覧"))
        self.view.anchorClicked.connect(self._on_view_anchorClicked)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        training, user = self._training, self._user
        self._runner.run(lambda: training.review_items(user), self._on_items_loaded)

    def _on_items_loaded(self, items: list[ReviewItem]) -> None:
        self.items = items
        self.stale = False
        if not items:
            self.intro.setText(_("最後の回答がまちがっている問題はありません。クイズに答えると、まちがえた問題が"
                                 "ここに集まります。"))
            self.view.setHtml("")
            self.loaded.emit()
            return
        self.intro.setText(_("最後の回答がまちがっていた問題が {n} 問あります。正解と解説を読んでから、"
                             "クイズにもう一度挑戦しましょう。正解すると一覧から消えます。").format(n=len(items)))
        parts, current = [], None
        for item in items:
            if item.lesson_id != current:
                current = item.lesson_id
                parts.append(
                    f'<h3>{html.escape(item.lesson_title)}</h3><p><a href="quiz:{item.quiz_id}">'
                    f'{html.escape(_("このクイズにもう一度挑戦する"))}</a></p>')
            q = item.question
            parts.append(
                f'<table class="card" width="100%" cellpadding="10"><tr><td>'
                f'<p><b>{html.escape(q.prompt.strip())}</b></p>'
                f'<p>{html.escape(_("正解"))}: {html.escape(right_answer(q))}</p>'
                f'<p class="muted">{html.escape(q.explanation.strip())}</p>'
                f'</td></tr></table><p></p>')
        self.view.setHtml("".join(parts))
        self.loaded.emit()

    def _on_view_anchorClicked(self, url: QUrl) -> None:  # noqa: N802
        if url.scheme() == "quiz":
            self.quiz_requested.emit(url.path())
