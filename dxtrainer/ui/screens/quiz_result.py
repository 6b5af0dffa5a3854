"""The quiz's result page: the score, pass or not, what to do next in words, and the review of
each question (none of it for a 事前テスト, which shows no right answers). A part of QuizScreen
(ui/screens/quiz_screen.py), which owns the signals and the attempt."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from dxtrainer.domain.progress import format_percent
from dxtrainer.i18n import N_, _
from dxtrainer.services.records import AttemptView, Feedback, QuestionView, QuizResult
from dxtrainer.ui.style import read_style, set_role
from dxtrainer.ui.widgets.answer_words import TYPED, given_text, key_text
from dxtrainer.ui.widgets.common import chip, label, primary_button
from dxtrainer.ui.widgets.flow_layout import FlowLayout
from dxtrainer.ui.widgets.question_widgets import answer_text

if TYPE_CHECKING:
    from dxtrainer.ui.screens.quiz_screen import QuizScreen


def result_title(attempt: AttemptView) -> str:
    if attempt.purpose == "pre":
        return _("事前テストの結果: {title}").format(title=attempt.lesson_title)
    if attempt.purpose == "post":
        return _("事後テストの結果: {title}").format(title=attempt.lesson_title)
    return _("確認クイズの結果: {title}").format(title=attempt.lesson_title)


PRE_TEST_NOTE = N_("事前テストでは、正解と解説は表示しません。コースのレッスンで学んだあと、"
                    "事後テストで理解を確かめましょう。")


class QuizResultPage:
    """The result page's widgets and filling (QuizScreen's base, before QWidget)."""

    def _build_result_page(self: QuizScreen) -> QWidget:
        page = QWidget()
        page.setObjectName("pageBody")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(10)
        self.result_title = label("", "muted")
        layout.addWidget(self.result_title)
        row = QHBoxLayout()
        self.score = label("", "big")
        row.addWidget(self.score)
        self.verdict_chip = chip("", "pass")
        row.addWidget(self.verdict_chip, 0, Qt.AlignmentFlag.AlignVCenter)
        self.result_detail = label("", "muted", wrap=True)
        row.addWidget(self.result_detail, 1)
        layout.addLayout(row)
        self.review = QTextBrowser()
        self.review.setAccessibleName(_("ふりかえり"))
        self.review.document().setDefaultStyleSheet(read_style("lesson.css"))
        layout.addWidget(self.review, 1)
        buttons = FlowLayout(spacing=6)
        lesson = QPushButton(_("レッスンに戻る"))
        lesson.clicked.connect(self._on_back_button_clicked)
        self.lesson_button = lesson
        buttons.addWidget(lesson)
        home = QPushButton(_("ホームへ"))
        home.clicked.connect(self.home_requested)
        self.home_button = home
        buttons.addWidget(home)
        self.leave_buttons = (self.back_button, lesson, home)
        buttons.addStretch()
        self.retry_button = primary_button(_("もう一度挑戦する"))
        self.retry_button.clicked.connect(self.retry)
        buttons.addWidget(self.retry_button)
        self.certificate_button = primary_button(_("修了証とアンケートへ"))
        self.certificate_button.setAccessibleDescription(
            _("進捗の画面で修了証(PDF)を保存し、研修アンケート(任意)に答えられます。"))
        self.certificate_button.clicked.connect(self._on_certificate_button_clicked)
        self.certificate_button.setVisible(False)
        buttons.addWidget(self.certificate_button)
        layout.addLayout(buttons)
        layout.addStretch(0)  # takes the room when the review is hidden (事前テスト)
        return page

    def _load_result(self: QuizScreen) -> None:
        training, user, attempt_id = self._training, self._user, self.attempt.id
        self._runner.run(lambda: training.result(user, attempt_id), self._on_result_loaded)

    def _on_result_loaded(self: QuizScreen, result: QuizResult) -> None:
        self.result = result
        attempt = self.attempt
        assert attempt is not None
        self.pages.setCurrentWidget(self.result_page)
        self.result_title.setText(result_title(attempt))
        self.score.setText(format_percent(result.score))
        self.verdict_chip.setText(_("合格") if result.passed else _("不合格"))
        set_role(self.verdict_chip, "chip", "pass" if result.passed else "fail")
        course_test = result.purpose is not None
        completed = result.course_completed and not self.trial
        self.certificate_button.setVisible(completed)
        self.review.setVisible(result.purpose != "pre")  # no answers shown (see _show_recorded)
        self.verdict_chip.setVisible(result.purpose != "pre")  # the 事前テスト has no pass mark
        self.lesson_button.setVisible(not course_test and not self.trial)
        # The 事前テスト is taken once; a course just completed needs no second 事後テスト.
        self.retry_button.setVisible(result.purpose != "pre" and not completed)
        detail = _("{total} 問中 {correct} 問正解(合格は {mark} 以上)").format(
            total=result.total, correct=result.correct, mark=format_percent(result.pass_mark))
        if self.trial:
            detail += "\n" + _("試しに解いた結果は記録されません。")
        elif result.purpose == "pre":
            detail = _("{total} 問中 {correct} 問正解").format(total=result.total,
                                                          correct=result.correct)
            detail += "\n" + _("事前テストの結果は、コースを終えたあとの事後テストと比べるためのものです。"
                               "このままレッスンに進んでください。")
            detail += "\n" + _(PRE_TEST_NOTE)
        elif result.purpose == "post" and result.course_completed:
            detail += "\n" + _("コースを修了しました。おつかれさまでした。修了証を発行しました。"
                                "「修了証とアンケートへ」から保存でき、研修アンケート(任意)にも答えられます。")
        elif result.purpose == "post" and result.passed:
            detail += "\n" + _("事後テストに合格しました。要再受講のレッスンを受け直すと、コースの修了になります。")
        elif course_test:
            detail += "\n" + _("解説を読んで、もう一度挑戦してみましょう。")
        elif result.passed and result.lesson_completed:
            detail += "\n" + _("このレッスンは修了です。")
        elif result.passed:
            detail += "\n" + _("レッスンを最後まで読むと修了になります。")
        else:
            detail += "\n" + _("解説を読んで、もう一度挑戦してみましょう。")
        if not self.trial and not course_test and any(
                not f.correct for f in attempt.feedback.values()):  # 復習 (not for course tests)
            detail += "\n" + _("間違えた問題は、ホームの「今日の復習」でもう一度解けます。")
        self.result_detail.setText(detail)
        self.review.setHtml(self._review_html(attempt))
        (self.certificate_button if completed else self.retry_button
         if self.retry_button.isVisibleTo(self) else self.home_button).setFocus()
        self.finished.emit(result)

    def _review_html(self, attempt: AttemptView) -> str:
        parts = [f"<h3>{html.escape(_('ふりかえり'))}</h3>"]
        for n, q in enumerate(attempt.questions, 1):
            fb = attempt.feedback.get(q.id)
            mark = (_("✔ 正解") if fb.correct else _("✖ 不正解")) if fb else _("― 未回答(0 点)")
            kind = "right" if fb and fb.correct else "wrong"
            parts.append(f'<p><b>{n}. <span class="{kind}">{html.escape(mark)}</span></b>'
                         f" {html.escape(q.prompt.strip())}</p>")
            if fb is not None:
                mine = "" if fb.correct else (
                    f"{html.escape(_('あなたの回答'))}: "
                    f"{html.escape(self._answer_text(q, fb, given=True))}<br/>")
                parts.append(f"<p style='margin-left:18px'>{mine}{html.escape(_('正解'))}: "
                             f"{html.escape(self._answer_text(q, fb))}<br/>"
                             f"{html.escape(fb.explanation.strip())}</p>")
        return "".join(parts)

    @staticmethod
    def _answer_text(q: QuestionView, fb: Feedback, given: bool = False) -> str:
        if q.type in TYPED:
            return given_text(q.type, fb.response, q.lefts) if given else \
                key_text(q.type, fb.accepted, fb.numeric, fb.pairs)
        ids = fb.response if given and isinstance(fb.response, list) else fb.correct_ids
        truth = fb.response if given else fb.correct_answer
        return answer_text(q.type, {c.id: c.text for c in q.choices}, ids,
                           truth if isinstance(truth, bool) else None)

    def _on_certificate_button_clicked(self: QuizScreen) -> None:
        if self.result is not None and self.result.course_id:
            self.certificates_requested.emit(self.result.course_id)
