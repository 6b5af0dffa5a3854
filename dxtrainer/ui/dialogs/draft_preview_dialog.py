"""下書きのプレビュー: a trainer opens any content folder as a draft (not what learners use), picks
a lesson or quiz and sees it as learners will, re-rendered shortly after each save in an external
editor, with the validator's messages for that file beside it.

Editors such as VS Code and vim save by writing a new file and renaming it over the old one;
QFileSystemWatcher then stops watching the path. So the folders are watched too (the draft
folder, lessons/ and quizzes/, from the moment the preview opens), the file's path is added again
after every change, and files created or removed later join or leave the list."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.content.loader import load_content
from dxtrainer.content.render import render_lesson
from dxtrainer.domain.content import ContentIndex, Lesson, Quiz
from dxtrainer.i18n import _
from dxtrainer.messages import admonition_titles, format_problem
from dxtrainer.services.records import LessonView, TocItem
from dxtrainer.ui.screens.lesson_screen import ReadingBrowser, lesson_document
from dxtrainer.ui.style import read_style
from dxtrainer.ui.widgets.answer_words import right_answer
from dxtrainer.ui.widgets.common import label

log = logging.getLogger(__name__)
DEBOUNCE_MS = 150  # editors write in bursts; render once, well within a second


class DraftPreviewDialog(QDialog):
    rendered = Signal(str)  # the path shown
    files_changed = Signal()  # a lesson or quiz file was added to or removed from the draft

    def __init__(self, root: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = Path(root)
        self.path: Path | None = None
        self.index: ContentIndex | None = None
        self.setWindowTitle(_("下書きのプレビュー"))
        self.resize(1200, 760)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("下書き: {root}(受講者が使う教材ではありません。保存すると表示が"
                                 "更新されます)").format(root=self.root), "muted", wrap=True))
        self.files = QListWidget()
        self.files.setAccessibleName(_("レッスンとクイズのファイル"))
        self.files.currentItemChanged.connect(self._on_file)
        self.browser = ReadingBrowser()
        self.browser.setObjectName("lessonText")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(_("プレビュー"))
        self.browser.document().setDefaultStyleSheet(read_style("lesson.css"))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.status = label("", "muted", wrap=True)
        side_layout.addWidget(self.status)
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("このファイルの問題"))
        self.problems.setWordWrap(True)
        side_layout.addWidget(self.problems, 1)
        self.try_button = QPushButton(_("試しに解く"))
        self.try_button.setToolTip(_("このクイズを解いてみます。結果は記録されません"))
        self.try_button.clicked.connect(self.try_quiz)
        side_layout.addWidget(self.try_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.files)
        split.addWidget(self.browser)
        split.addWidget(side)
        split.setSizes([250, 670, 280])
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton(_("閉じる"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._on_timer)
        self.try_button.setEnabled(False)
        self._fill_files()
        self._watch()

    def _draft_files(self) -> list[Path]:
        return [*sorted((self.root / "lessons").glob("*.md")),
                *sorted((self.root / "quizzes").glob("*.y*ml"))]

    def _fill_files(self) -> None:
        """List the draft's lessons and quizzes (again after a file was added or removed),
        keeping the file shown selected."""
        paths = self._draft_files()
        shown = [Path(self.files.item(row).data(Qt.ItemDataRole.UserRole))
                 for row in range(self.files.count())]
        if not paths:
            self.status.setText(_("このフォルダにはレッスンもクイズもありません。"))
        if paths == shown:
            return
        self.files.blockSignals(True)
        self.files.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.parent.name}/{path.name}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.files.addItem(item)
            if self.path is not None and path == self.path:
                self.files.setCurrentItem(item)
        self.files.blockSignals(False)
        self.files_changed.emit()

    def _on_timer(self) -> None:
        self._fill_files()
        self._watch()
        self.reload()

    def select(self, path: str | Path) -> None:
        """Show `path` (a lesson .md or quiz .yaml in the draft folder)."""
        for row in range(self.files.count()):
            if Path(self.files.item(row).data(Qt.ItemDataRole.UserRole)) == Path(path):
                self.files.setCurrentRow(row)
                return

    def _on_file(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        self.path = Path(item.data(Qt.ItemDataRole.UserRole))
        self.browser.clear()
        self.reload()
        self.browser.verticalScrollBar().setValue(0)

    def _changed(self, _path: str) -> None:
        self.timer.start()

    def _watch(self) -> None:
        """(Re)watch the draft's folders and the shown file: a rename-over drops the file's
        watch, and a folder's change is how a new file shows."""
        folders = [self.root, self.root / "lessons", self.root / "quizzes"]
        wanted = [str(f) for f in folders if f.is_dir()]
        if self.path is not None:
            if str(self.path.parent) not in wanted:
                wanted.append(str(self.path.parent))
            if self.path.exists():
                wanted.append(str(self.path))
        old = [p for p in self.watcher.files() + self.watcher.directories() if p not in wanted]
        if old:
            self.watcher.removePaths(old)
        missing = [p for p in wanted if p not in self.watcher.files() + self.watcher.directories()]
        if missing:
            self.watcher.addPaths(missing)

    def reload(self) -> None:
        if self.path is None:
            return
        self._watch()
        path = self.path
        try:
            self.index = load_content(self.root)
        except Exception:  # a draft must never take the app down
            log.exception("draft preview could not load %s", self.root)
            self.status.setText(_("教材フォルダを読み込めませんでした。"))
            return
        mine = [p for p in self.index.problems if _same(p.path, path)]
        self.problems.clear()
        for problem in mine:
            self.problems.addItem(format_problem(problem))
        errors = sum(1 for p in mine if p.severity == "error")
        quiz = next((q for q in self.index.quizzes if _same(q.path, path)), None)
        lesson = next((x for x in (*self.index.lessons, *self.index.uncounted)
                       if _same(x.path, path)), None)
        self.try_button.setEnabled(quiz is not None)
        if lesson is None and quiz is None:
            self.status.setText(_("このファイルは読み込めません。右の問題を直して保存してください。"))
            self.rendered.emit(str(path))
            return
        document = (self._lesson_html(lesson) if lesson is not None
                    else self._quiz_html(quiz))  # type: ignore[arg-type]
        self.status.setText(_("エラー {errors} 件、警告 {warnings} 件").format(
            errors=errors, warnings=len(mine) - errors))
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(document)
        self.browser.fit_images()
        bar.setValue(min(position, bar.maximum()))
        self.rendered.emit(str(path))

    def _lesson_html(self, lesson: Lesson) -> str:
        assert self.index is not None
        ordered = list(self.index.lessons)
        counted = lesson in ordered
        position = ordered.index(lesson) + 1 if counted else len(ordered) + 1
        rendered = render_lesson(lesson, admonition_titles())
        view = LessonView(lesson.id, lesson.title, lesson.category, lesson.minutes,
                          lesson.objectives, rendered.html,
                          tuple(TocItem(t.anchor, t.title, t.level) for t in rendered.toc),
                          None, None, None, False, False, position, max(len(ordered), position),
                          lesson.checked, counted)
        return lesson_document(view)

    def _quiz_html(self, quiz: Quiz) -> str:
        assert self.index is not None
        lesson = self.index.readable_lesson(quiz.lesson_id)
        title = _("確認クイズ: {title}").format(title=lesson.title if lesson else quiz.lesson_id)
        parts = [f'<h1 class="lesson-title">{html.escape(title)}</h1>',
                 '<p class="lesson-meta">{}</p>'.format(html.escape(
                     _("全{n}問 ・ 合格点 {mark}%").format(n=len(quiz.questions),
                                                       mark=round(quiz.pass_mark * 100))))]
        for number, question in enumerate(quiz.questions, 1):
            parts.append(f"<h2>{html.escape(_('問{n}').format(n=number))}</h2>"
                         f"<p>{html.escape(question.prompt)}</p>")
            if question.choices:
                items = "".join(f"<li>{html.escape(c.text)}</li>" for c in question.choices)
                parts.append(f"<ol>{items}</ol>")
            answer = _("正解: {answer}").format(answer=right_answer(question))
            parts.append(f'<p class="lesson-meta">{html.escape(answer)}</p>')
            if question.explanation:
                parts.append(f'<p class="lesson-meta">{html.escape(question.explanation)}</p>')
        return "".join(parts) + "<p>&nbsp;</p>"

    def try_quiz(self) -> None:
        from dxtrainer.ui.dialogs.quiz_trial_dialog import QuizTrialDialog

        quiz = None if self.index is None or self.path is None else next(
            (q for q in self.index.quizzes if _same(q.path, self.path)), None)
        if quiz is None:
            return
        lesson = self.index.readable_lesson(quiz.lesson_id) if self.index else None
        self.trial = QuizTrialDialog(quiz, self, lesson_title=lesson.title if lesson else "")
        self.trial.open()


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
