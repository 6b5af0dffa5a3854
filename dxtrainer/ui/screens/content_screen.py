"""For trainers (研修担当): the state of the content folder (problems with file:line), a reload
after editing, and how each question performs so weak ones can be rewritten."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton, QWidget

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import N_, _
from dxtrainer.messages import format_problem
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.models.row_table_model import Column, RowFilterModel, RowTableModel
from dxtrainer.ui.screens.admin_screen import AdminScreen
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import data_table, label

if TYPE_CHECKING:
    from dxtrainer.services.container import Services
    from dxtrainer.services.item_stats import QuestionStat

TYPE_NAMES = {"single": N_("択一"), "multiple": N_("複数選択"), "truefalse": N_("○×"),
              "ordering": N_("並べ替え")}


def _flag(stat: QuestionStat) -> str:
    return {"easy": _("易しすぎるかも"), "hard": _("見直しを")}.get(stat.flag, "")


def stat_columns() -> list[Column]:
    return [
        Column(_("レッスン"), lambda r: _("第{n}課").format(n=r.lesson_number),
               lambda r: (r.lesson_number, r.position)),
        Column(_("問"), lambda r: str(r.position), lambda r: (r.lesson_number, r.position), True),
        Column(_("形式"), lambda r: _(TYPE_NAMES.get(r.type.value, r.type.value))),
        Column(_("問題文"), lambda r: r.prompt.strip().replace("\n", " ")[:80]),
        Column(_("回答数"), lambda r: str(r.answers), lambda r: r.answers, True),
        Column(_("回答した人"), lambda r: str(r.learners), lambda r: r.learners, True),
        Column(_("正答率"), lambda r: format_percent(r.correct_share, 1),
               lambda r: -1 if r.correct_share is None else r.correct_share, True),
        Column(_("気づき"), _flag),
    ]


class ContentScreen(AdminScreen):
    def __init__(self, runner: TaskRunner, services: Services, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, services, user, _("教材"), _("教材フォルダを読み込み直す"),
                         self.reload, parent)
        layout = self.body
        self.folder = label("", "muted", wrap=True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        self.publish_button = QPushButton(_("公開…"))
        self.publish_button.setToolTip(_("教材フォルダを検査して、すべての端末に公開します"))
        self.publish_button.clicked.connect(self.open_publish_dialog)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        self.summary = label("", "subtitle", wrap=True)
        layout.addWidget(self.summary)
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("教材ファイルの問題"))
        self.problems.setMaximumHeight(140)
        layout.addWidget(self.problems)
        layout.addWidget(label(_("問題ごとの回答状況"), "subtitle"))
        layout.addWidget(label(_(
            "回答が 20 件以上ある問題に気づきを表示します。「易しすぎるかも」はほぼ全員が正解した問題、"
            "「見直しを」は正答率が 40% 以下の問題です。問題文や選択肢が分かりにくくないか確かめてください。"),
            "muted", wrap=True))
        self.model = RowTableModel(stat_columns(), self)
        self.proxy = RowFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = data_table(self.proxy, stretch=3)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # course order
        self.table.setAccessibleName(_("問題ごとの回答状況"))
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        items, user = self._services.items, self._user
        self._runner.run(lambda: items.question_stats(user), self._on_stats_loaded)
        self._show_problems(self._services.content.index.problems)

    def reload(self) -> None:
        items, user = self._services.items, self._user
        self.summary.setText(_("読み込んでいます…"))
        self._runner.run(lambda: items.reload_content(user),
                         lambda problems: (self._show_problems(problems), self.refresh()))

    def open_publish_dialog(self) -> None:
        from dxtrainer.ui.dialogs.publish_dialog import PublishDialog

        draft = "" if self._services.publication is not None else self._services.content.index.root
        self.publish_dialog = PublishDialog(self._runner, self._services.publishing, self._user,
                                            draft, self)
        self.publish_dialog.done.connect(self.refresh)
        self.publish_dialog.open()

    def _show_problems(self, problems) -> None:  # noqa: ANN001
        index = self._services.content.index
        number = self._services.publication
        self.folder.setText(_("公開中の教材(公開番号 {n})").format(n=number) if number is not None
                            else _("教材フォルダ: {root}").format(root=index.root))
        questions = sum(len(q.questions) for q in index.quizzes)
        errors = sum(1 for p in problems if p.severity == "error")
        self.summary.setText(_("レッスン {lessons} 件、クイズ {quizzes} 件、問題 {questions} 問 ― "
                               "エラー {errors} 件、警告 {warnings} 件").format(
            lessons=len(index.lessons), quizzes=len(index.quizzes), questions=questions,
            errors=errors, warnings=len(problems) - errors))
        self.problems.clear()
        for problem in problems:
            self.problems.addItem(format_problem(problem))
        self.problems.setVisible(bool(problems))

    def _on_stats_loaded(self, stats: list[QuestionStat]) -> None:
        self.stale = False
        self.model.set_rows(stats)
        self.loaded.emit()
