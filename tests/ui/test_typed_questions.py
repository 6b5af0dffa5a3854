"""Short, numeric and matching questions on screen: typed or chosen by keyboard, set through the
widget, locked with feedback, and shown in words in the review after the quiz and in 復習."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dxtrainer.domain.content import NumericKey, Pair, QuestionType
from dxtrainer.services.records import Feedback, QuestionView
from dxtrainer.ui.widgets.answer_words import right_answer
from dxtrainer.ui.widgets.question_widgets import (
    ChoiceAnswer,
    MatchingAnswer,
    OrderingAnswer,
    TextAnswer,
    answer_widget,
)
from tests.typed_content import typed_content
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle
from tests.ui.test_learner_path import seed_staff

LEFTS = ("クラウド", "RPA")
OPTIONS = ("紙の台帳", "定型作業の自動化", "計算資源")
PAIRS = (Pair("クラウド", "計算資源"), Pair("RPA", "定型作業の自動化"))


def view(kind: QuestionType) -> QuestionView:
    if kind is QuestionType.MATCHING:
        return QuestionView("m", kind, "組み合わせてください。", (), LEFTS, OPTIONS)
    return QuestionView("x", kind, "答えてください。", ())


def feedback(qid: str, correct: bool, response, **key) -> Feedback:
    return Feedback(qid, correct, response, (), None, "説明", {}, **key)


def test_short_answer_by_keyboard_then_feedback(qtbot):
    widget = answer_widget(view(QuestionType.SHORT))
    qtbot.addWidget(widget)
    assert isinstance(widget, TextAnswer) and widget.edit.accessibleName() == "回答欄"
    assert widget.response() is None
    with qtbot.waitSignal(widget.changed, timeout=TIMEOUT):
        qtbot.keyClicks(widget.edit, "dx")
    assert widget.response() == "dx"
    widget.edit.clear()
    widget.edit.insert("ＤＸ")  # as an input method commits it (QTest types Latin-1 only)
    assert widget.response() == "ＤＸ"
    widget.show_feedback(feedback("x", False, "ＩＴ", accepted=("DX", "デジタル")))
    assert widget.edit.text() == "ＩＴ" and widget.edit.isReadOnly()
    assert widget.note.text() == "✖ 正解は「DX」「デジタル」です"


def test_numeric_reads_full_width_and_refuses_words(qtbot):
    widget = answer_widget(view(QuestionType.NUMERIC))
    qtbot.addWidget(widget)
    assert widget.edit.accessibleName() == "数値の回答欄"
    qtbot.keyClicks(widget.edit, "1,200")
    assert widget.response() == 1200.0 and not widget.note.isVisibleTo(widget)
    widget.edit.clear()
    widget.edit.insert("１，２００．５")
    assert widget.response() == 1200.5
    widget.edit.clear()
    widget.edit.insert("千二百")
    assert widget.response() is None
    assert widget.note.isVisibleTo(widget) and "数として読めません" in widget.note.text()
    widget.set_response(3.5)
    assert widget.edit.text() == "3.5" and widget.response() == 3.5
    key = NumericKey(3.4, 3.6, 3.5, 0.1)
    widget.show_feedback(feedback("x", True, 3.5, numeric=key))
    assert widget.note.text() == "✔ 正解" and widget.edit.isReadOnly()


def test_matching_by_keyboard_with_named_drop_downs(qtbot):
    widget = answer_widget(view(QuestionType.MATCHING))
    qtbot.addWidget(widget)
    assert isinstance(widget, MatchingAnswer)
    assert [b.accessibleName() for b in widget.boxes] == ["「クラウド」の答え", "「RPA」の答え"]
    assert [widget.boxes[0].itemText(i) for i in range(4)] == ["(選んでください)", *OPTIONS]
    for box, wanted in zip(widget.boxes, ("計算資源", "紙の台帳"), strict=True):
        while box.currentData() != wanted:
            qtbot.keyClick(box, Qt.Key.Key_Down)
        assert widget.response() is None or box is widget.boxes[-1]
    assert widget.response() == {"クラウド": "計算資源", "RPA": "紙の台帳"}
    widget.pick(2)  # the number keys move to the n-th item
    widget.set_response({"クラウド": "計算資源", "RPA": "定型作業の自動化"})
    assert widget.response() == {"クラウド": "計算資源", "RPA": "定型作業の自動化"}
    given = {"クラウド": "計算資源", "RPA": "紙の台帳"}
    widget.show_feedback(feedback("m", False, given, pairs=PAIRS))
    assert not any(b.isEnabled() for b in widget.boxes)
    assert [m.text() for m in widget.marks] == ["✔ 正解", "✖ 正解は「定型作業の自動化」"]
    assert widget.response() == given


def answer(qtbot, quiz, index, right: bool) -> None:
    """The choice questions through the widget; the new types by keyboard; then Enter."""
    question = index.quiz("sample-basics").question(quiz.current_question().id)
    widget = quiz.answer
    if isinstance(widget, OrderingAnswer | ChoiceAnswer):
        widget.set_response(list(question.correct_order) if question.type is
                            QuestionType.ORDERING else question.answer if question.type is
                            QuestionType.TRUEFALSE else sorted(question.correct_ids))
        widget.changed.emit()
    elif isinstance(widget, TextAnswer):
        qtbot.keyClicks(widget.edit, {"short1": "dx", "numeric1": "60"}[question.id]
                        if right else "99")
    else:
        assert isinstance(widget, MatchingAnswer)
        for n, box in enumerate(widget.boxes):
            wanted = question.pairs[n].right if right else question.pairs[1 - n].right
            while box.currentData() != wanted:
                qtbot.keyClick(box, Qt.Key.Key_Down)
    with qtbot.waitSignal(quiz.answered, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(quiz, Qt.Key.Key_Return)
    assert blocker.args[0].feedback.correct is right


def test_quiz_with_each_new_type_then_review_and_fukushu(qtbot, tmp_path, db_path):
    content = typed_content(tmp_path)
    seed_staff(db_path)
    from dxtrainer.content.loader import load_content
    index = load_content(content)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, content, opened)
    shell = sign_in(qtbot, window, "2001", "4321")
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz("sample-basics")
    quiz = shell.quiz
    ids = [q.id for q in quiz.attempt.questions]
    assert ids[-3:] == ["short1", "numeric1", "matching1"]
    for n, qid in enumerate(ids):
        answer(qtbot, quiz, index, right=qid != "numeric1" and qid != "matching1")
        if qid == "matching1":
            assert "✖ 正解は" in quiz.answer.marks[0].text()
        if qid == "numeric1":
            assert quiz.answer.note.text() == "✖ 正解は 60 です"
        if n + 1 < len(ids):
            qtbot.keyClick(quiz, Qt.Key.Key_Return)
    with qtbot.waitSignal(quiz.finished, timeout=TIMEOUT):
        quiz.next_button.click()
    review = quiz.review.toPlainText()
    assert "正解: 「DX」" in review
    assert "あなたの回答: 99\n正解: 60" in review
    assert ("あなたの回答: クラウド → 誰でも使える形で公開されたデータ / オープンデータ → "
            "インターネット経由で使う計算資源") in review
    with qtbot.waitSignal(shell.review.loaded, timeout=TIMEOUT):
        shell.nav_buttons["review"].click()
    assert [i.question.id for i in shell.review.items] == ["numeric1", "matching1"]
    # 復習 shows the last answer in words; the right one after answering again
    numeric, matching = (card.last.text() for card in shell.review.cards)
    assert "前回のあなたの回答: 99(✖ 不正解)" in numeric
    assert ("クラウド → 誰でも使える形で公開されたデータ / オープンデータ → "
            "インターネット経由で使う計算資源") in matching
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()


def test_right_answer_words_for_each_key():
    from dxtrainer.domain.content import Question
    near = Question("n", QuestionType.NUMERIC, "?", "", numeric=NumericKey(3.4, 3.6, 3.5, 0.1))
    span = Question("n", QuestionType.NUMERIC, "?", "", numeric=NumericKey(10, 20))
    assert right_answer(near) == "3.5(±0.1 まで正解)"
    assert right_answer(span) == "10 〜 20"
