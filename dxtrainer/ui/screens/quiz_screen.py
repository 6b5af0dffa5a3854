"""The quiz: one question per screen with a navigator (answered / not yet / flagged) for free
order, feedback after each answer (the answer is then locked), a summary page before finishing
early, then the result and review. Each answer and flag is committed the moment it is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.domain.content import QuestionType
from dxtrainer.i18n import N_, _
from dxtrainer.services.records import (
    AttemptView,
    CurrentUser,
    Feedback,
    FinishResult,
    QuestionView,
    QuizResult,
    SubmitResult,
)
from dxtrainer.ui.screens.quiz_result import PRE_TEST_NOTE, QuizResultPage
from dxtrainer.ui.screens.quiz_summary import QuizSummaryPage, quiz_title
from dxtrainer.ui.style import set_role
from dxtrainer.ui.task_runner import TaskRunner, describe_error
from dxtrainer.ui.widgets.common import centred_column, label, primary_button
from dxtrainer.ui.widgets.flow_layout import FlowLayout
from dxtrainer.ui.widgets.question_widgets import AnswerWidget, answer_text, answer_widget
from dxtrainer.ui.widgets.quiz_navigator import FLAG_MARK, QuizNavigator, legend
from dxtrainer.ui.widgets.quiz_notice import attempt_notice

if TYPE_CHECKING:
    from dxtrainer.services.course_tests import CourseTestService
    from dxtrainer.services.quiz_trial import TrialTraining
    from dxtrainer.services.training import TrainingService

_HINTS = {
    QuestionType.SINGLE: N_("正しいものを 1 つ選んでください。(数字キー 1〜9 で選び、Enter で回答)"),
    QuestionType.MULTIPLE: N_("当てはまるものをすべて選んでください。(数字キーで選び、Enter で回答)"),
    QuestionType.TRUEFALSE: N_("正しいか誤りかを選んでください。(1 = 正しい、2 = 誤り、Enter で回答)"),
    QuestionType.ORDERING: N_("正しい順番に並べ替えてください。項目を選び Alt+↑ / Alt+↓ で移動できます。"),
    QuestionType.SHORT: N_("答えを入力してください。全角・半角、ひらがな・カタカナの違いは問いません。(Enter で回答)"),
    QuestionType.NUMERIC: N_("数を入力してください。全角の数字や「,」区切りも使えます。(Enter で回答)"),
    QuestionType.MATCHING: N_("各項目に合う答えを選んでください。Tab で次の項目へ、↑ / ↓ で選べます。(Enter で回答)"),
}


# Shown while answers wait on this PC for an unreachable server (services/answer_journal.py).
_KEPT_ON_PC = N_("サーバーにつながらないため、回答をこのPCに一時保存しました。つながりしだい送ります。")


class QuizScreen(QuizResultPage, QWidget):
    answered = Signal(object)  # SubmitResult, or FinishResult when finished from the summary
    finished = Signal(object)  # QuizResult
    lesson_requested = Signal(str)
    home_requested = Signal()
    certificates_requested = Signal(str)  # a course just completed: its 修了証 and アンケート
    loaded = Signal()

    def __init__(self, runner: TaskRunner, training: TrainingService | TrialTraining,
                 user: CurrentUser,
                 parent: QWidget | None = None, *,
                 course_tests: CourseTestService | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._runner = runner
        self._training = training  # the service of the quiz shown: lesson quizzes or course tests
        self._lesson_quizzes = training
        self._course_tests = course_tests
        self._user = user
        self.attempt: AttemptView | None = None
        self.index = 0
        self.answer: AnswerWidget | None = None
        self.flags: frozenset[str] = frozenset()
        self._sending = False
        self.trial = False  # set_trial(): a draft tried out, nothing recorded
        self.result: QuizResult | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)
        self.question_page = self._build_question_page()
        self.result_page = self._build_result_page()
        self.summary_page = QuizSummaryPage()
        self.summary_page.jump.connect(self.go_to)
        self.summary_page.back_requested.connect(lambda: self.go_to(self.index))
        self.summary_page.finish_requested.connect(self.finish_now)
        self.pages.addWidget(self.question_page)
        self.pages.addWidget(self.summary_page)
        self.pages.addWidget(self.result_page)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # ---- layout -------------------------------------------------------------------------

    def _build_question_page(self) -> QWidget:
        page = QScrollArea()
        layout = centred_column(page)
        page.setAccessibleName(_("問題"))
        self.quiz_title = label("", "muted")
        layout.addWidget(self.quiz_title)
        self.notice = label("", "warning", wrap=True)
        layout.addWidget(self.notice)
        top = QHBoxLayout()
        self.counter = label("", "subtitle")
        top.addWidget(self.counter)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        top.addWidget(self.progress, 1)
        layout.addLayout(top)
        self.navigator = QuizNavigator()
        self.navigator.jump.connect(self.go_to)
        layout.addWidget(self.navigator)
        layout.addWidget(label(legend(), "muted"))
        self.prompt = label("", wrap=True, selectable=True)
        self.prompt.setObjectName("questionPrompt")
        layout.addWidget(self.prompt)
        self.hint = label("", "muted", wrap=True)
        layout.addWidget(self.hint)
        self.answer_holder = QVBoxLayout()
        layout.addLayout(self.answer_holder)
        self.feedback = QFrame()
        self.feedback.setObjectName("feedback")
        fb = QVBoxLayout(self.feedback)
        fb.setContentsMargins(16, 12, 16, 12)
        self.verdict = label("", "subtitle")
        fb.addWidget(self.verdict)
        self.explanation = label("", wrap=True, selectable=True)
        fb.addWidget(self.explanation)
        self.feedback.setVisible(False)
        layout.addWidget(self.feedback)
        buttons = FlowLayout(spacing=6)  # wraps at large text sizes
        self.back_button = QPushButton(_("レッスンに戻る"))
        self.back_button.clicked.connect(self._on_back_button_clicked)
        buttons.addWidget(self.back_button)
        self.prev_button = QPushButton(_("前へ"))
        self.prev_button.clicked.connect(lambda: self.go_to(self.index - 1))
        buttons.addWidget(self.prev_button)
        self.flag_button = QPushButton()
        self.flag_button.setCheckable(True)
        self.flag_button.setAccessibleName(_("見直し印"))  # before the first question shows
        self.flag_button.clicked.connect(self.toggle_flag)
        buttons.addWidget(self.flag_button)
        buttons.addStretch()
        self.summary_button = QPushButton(_("まとめと採点へ"))
        self.summary_button.clicked.connect(self.show_summary)
        buttons.addWidget(self.summary_button)
        self.submit_button = primary_button(_("回答する"))
        self.submit_button.clicked.connect(self.submit)
        buttons.addWidget(self.submit_button)
        self.next_button = primary_button(_("次へ"))
        self.next_button.clicked.connect(self.next_question)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        self.saved_note = label(_("回答はその場で保存されます。途中でやめても、次回は続きから再開できます。"),
                                "muted", wrap=True)
        layout.addWidget(self.saved_note)
        layout.addStretch(1)
        return page

    def set_trial(self) -> None:
        """「試しに解く」 of a draft (services/quiz_trial.py): the same pages, nothing recorded,
        so no way to the lesson or home and no words about saving, completion or 復習."""
        self.trial = True
        for button in self.leave_buttons:
            button.setVisible(False)
        self.saved_note.setText(_("試しに解いた結果はどこにも記録されません。"))

    # ---- flow ---------------------------------------------------------------------------

    def open_quiz(self, quiz_id: str) -> None:
        self._training = self._lesson_quizzes
        training, user = self._training, self._user
        self._runner.run(lambda: training.start_or_resume(user, quiz_id), self._on_attempt_loaded)

    def open_course_test(self, course_id: str, purpose: str) -> None:
        """A course's 事前テスト ("pre") or 事後テスト ("post"), run like a quiz."""
        tests = self._course_tests
        if tests is None:
            return
        self._training = tests
        user = self._user
        start = tests.start_pre_test if purpose == "pre" else tests.start_post_test
        self._runner.run(lambda: start(user, course_id), self._on_attempt_loaded)

    def retry(self) -> None:
        if self.attempt is None:
            return
        training, user, quiz_id = self._training, self._user, self.attempt.quiz_id
        self._runner.run(lambda: training.new_attempt(user, quiz_id), self._on_attempt_loaded)

    def _on_attempt_loaded(self, attempt: AttemptView) -> None:
        self.attempt = attempt
        self.flags = attempt.flags
        self.navigator.set_count(len(attempt.questions))
        self.index = attempt.current_index
        self.notice.setText(attempt_notice(attempt))
        self.notice.setVisible(bool(self.notice.text()))
        if self.index >= len(attempt.questions):
            self._load_result()
        else:
            self._show_question()
        self.loaded.emit()

    def _show_question(self) -> None:
        attempt = self.attempt
        assert attempt is not None
        question = attempt.questions[self.index]
        self.pages.setCurrentWidget(self.question_page)
        self.quiz_title.setText(quiz_title(attempt))
        self.back_button.setText(_("レッスンに戻る") if attempt.lesson_id else _("ホームへ"))
        self.counter.setText(_("問 {n} / {total}").format(n=self.index + 1,
                                                          total=len(attempt.questions)))
        self.progress.setRange(0, len(attempt.questions))
        self.progress.setValue(len(attempt.feedback))
        self.prompt.setText(question.prompt.strip())
        self.hint.setText(_(_HINTS[question.type]))
        if self.answer is not None:
            self.answer.setParent(None)
            self.answer.deleteLater()
        self.answer = answer_widget(question)
        self.answer.changed.connect(self._update_buttons)
        self.answer_holder.addWidget(self.answer)
        self.feedback.setVisible(False)
        self._update_buttons()
        self._order_tabs()
        existing = attempt.feedback.get(question.id)
        if existing is not None:
            self._show_feedback(existing)

    def _order_tabs(self) -> None:
        """Tab follows reading order: the choices, then the actions; focus starts on the first
        choice (keys 1–9 and Enter still reach this screen from there)."""
        assert self.answer is not None
        stops = [w for w in self.answer.findChildren(QWidget)
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        chain = [*stops, self.back_button, self.prev_button, self.flag_button,
                 self.summary_button, self.submit_button, self.next_button,
                 *self.navigator.buttons]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        (stops[0] if stops else self).setFocus()

    def _update_buttons(self) -> None:
        done = self.feedback.isVisible()
        has_answer = self.answer is not None and self.answer.response() is not None
        self.submit_button.setVisible(not done)
        self.submit_button.setEnabled(has_answer and not self._sending)
        self.next_button.setVisible(done)
        attempt = self.attempt
        complete = attempt is not None and not attempt.unanswered
        last = attempt is not None and self.index + 1 >= len(attempt.questions)
        self.next_button.setText(_("結果を見る") if complete else
                                 _("まとめと採点へ") if last else _("次へ"))
        self.summary_button.setVisible(not complete)
        self.prev_button.setEnabled(self.index > 0)
        question = self.current_question()
        flagged = question is not None and question.id in self.flags
        self.flag_button.setChecked(flagged)
        self.flag_button.setText(_("{flag} 見直し印を外す").format(flag=FLAG_MARK) if flagged
                                 else _("{flag} あとで見直す").format(flag=FLAG_MARK))
        self.flag_button.setAccessibleName(_("見直し印"))
        self.flag_button.setAccessibleDescription(
            _("この問題に見直し印を付けます。印は問題の一覧に表示され、保存されます。"))
        if attempt is not None:
            self.navigator.show_states([q.id in attempt.feedback for q in attempt.questions],
                                       [q.id in self.flags for q in attempt.questions],
                                       self.index)

    def current_question(self) -> QuestionView | None:
        if self.attempt is None or self.index >= len(self.attempt.questions):
            return None
        return self.attempt.questions[self.index]

    def submit(self) -> None:
        question = self.current_question()
        if question is None or self.answer is None or self._sending or self.feedback.isVisible():
            return
        response = self.answer.response()
        if response is None:
            return
        self._sending = True
        self._update_buttons()
        training, user, attempt_id = self._training, self._user, self.attempt.id
        self._runner.run(lambda: training.submit_answer(user, attempt_id, question.id, response),
                         self._on_answer_saved, self._on_answer_failed)

    def _on_answer_saved(self, result: SubmitResult) -> None:
        self._sending = False
        assert self.attempt is not None
        if result.kept_on_pc:  # the server is unreachable: the answer waits on this PC
            self.notice.setText(_(_KEPT_ON_PC))
        elif self.notice.text() == _(_KEPT_ON_PC):  # sent: back to the attempt's own notice
            self.notice.setText(attempt_notice(self.attempt))
        self.notice.setVisible(bool(self.notice.text()))
        self.attempt.feedback[result.feedback.question_id] = result.feedback
        self._show_feedback(result.feedback)
        self.answered.emit(result)
        if result.result is not None:
            self._result = result.result

    def _on_answer_failed(self, exc: BaseException) -> None:
        self._sending = False
        self._update_buttons()
        self.verdict.setText(_("回答を保存できませんでした。もう一度「回答する」を押してください。"))
        set_role(self.feedback, "correct", "false")
        self.explanation.setText(describe_error(exc))
        self.feedback.setVisible(True)

    def _show_feedback(self, feedback: Feedback) -> None:
        assert self.answer is not None
        if self.attempt is not None and self.attempt.purpose == "pre":
            self._show_recorded(feedback)
            return
        self.answer.show_feedback(feedback)
        set_role(self.feedback, "correct", "true" if feedback.correct else "false")
        self.verdict.setText(_("✔ 正解です") if feedback.correct else _("✖ 不正解です"))
        self.verdict.setProperty("role", "success" if feedback.correct else "error")
        set_role(self.verdict, "role", "success" if feedback.correct else "error")
        self.explanation.setText(self._explain(feedback))
        self.feedback.setVisible(True)
        self._update_buttons()
        self.next_button.setFocus()

    def _show_recorded(self, feedback: Feedback) -> None:
        """事前テスト: the answer is recorded, but right answers and explanations are not shown,
        so that the 事後テスト measures what the course taught rather than what this test did."""
        assert self.answer is not None
        self.answer.show_recorded(feedback.response)
        set_role(self.feedback, "correct", "none")
        self.verdict.setText(_("回答を記録しました"))
        set_role(self.verdict, "role", "subtitle")
        self.explanation.setText(_(PRE_TEST_NOTE))
        self.feedback.setVisible(True)
        self._update_buttons()
        self.next_button.setFocus()

    def _explain(self, feedback: Feedback) -> str:
        question = self.current_question()
        parts = [feedback.explanation.strip()]
        if question is not None and question.type in (QuestionType.SINGLE,
                                                       QuestionType.MULTIPLE):
            chosen = feedback.response if isinstance(feedback.response, list) else []
            texts = {c.id: c.text for c in question.choices}
            for cid in chosen:
                note = feedback.choice_explanations.get(cid)
                if note and cid not in feedback.correct_ids:
                    parts.append(_("「{choice}」について: {note}").format(choice=texts[cid],
                                                                      note=note.strip()))
        if question is not None and question.type is QuestionType.ORDERING \
                and not feedback.correct:
            texts = {c.id: c.text for c in question.choices}
            steps = answer_text(QuestionType.ORDERING, texts, feedback.correct_ids)
            parts.append(_("正しい順番: {steps}").format(steps=steps))
        return "\n\n".join(p for p in parts if p)

    def next_question(self) -> None:
        attempt = self.attempt
        if attempt is None:
            return
        if not attempt.unanswered:
            self._load_result()
        elif self.index + 1 >= len(attempt.questions):
            self.show_summary()
        else:
            self.go_to(self.index + 1)

    def go_to(self, index: int) -> None:
        """Show question `index` (free order); an answered one shows its locked feedback."""
        if self.attempt is None or not 0 <= index < len(self.attempt.questions) \
                or self._sending:
            return
        self.index = index
        self._show_question()

    def toggle_flag(self) -> None:
        question = self.current_question()
        if question is None or self.attempt is None:
            return
        flagged = question.id not in self.flags
        self.flags = self.flags | {question.id} if flagged else self.flags - {question.id}
        self._update_buttons()
        training, user, attempt_id = self._training, self._user, self.attempt.id
        self._runner.run(lambda: training.set_flag(user, attempt_id, question.id, flagged),
                         self._on_flags_saved)

    def _on_flags_saved(self, flags: frozenset[str]) -> None:
        self.flags = flags
        if self.pages.currentWidget() is self.question_page:
            self._update_buttons()

    def show_summary(self) -> None:
        if self.attempt is None:
            return
        self.summary_page.show_attempt(self.attempt, self.flags)
        self.pages.setCurrentWidget(self.summary_page)

    def finish_now(self) -> None:
        """Finish from the summary page; unanswered questions score 0."""
        if self.attempt is None:
            return
        training, user, attempt_id = self._training, self._user, self.attempt.id
        self._runner.run(lambda: training.finish_attempt(user, attempt_id), self._on_finished)

    def _on_finished(self, finished: FinishResult) -> None:
        self.answered.emit(finished)  # the shell refreshes home and progress on its changes
        self._on_result_loaded(finished.result)

    def _on_back_button_clicked(self) -> None:
        if self.attempt is None:
            return
        if self.attempt.lesson_id:
            self.lesson_requested.emit(self.attempt.lesson_id)
        else:  # a course test belongs to no one lesson: back to Home and the course's card
            self.home_requested.emit()

    # ---- keyboard -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if self.pages.currentWidget() is self.question_page and self.answer is not None:
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not self.feedback.isVisible():
                self.answer.pick(key - Qt.Key.Key_0)
                return
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.go_to(self.index + (1 if key == Qt.Key.Key_PageDown else -1))
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.feedback.isVisible():
                    self.next_question()
                else:
                    self.submit()
                return
        super().keyPressEvent(event)
