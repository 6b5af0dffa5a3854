"""Answer widgets for one question: choice rows (radio / check box, clickable across their whole
width), an ordering list operable by keyboard, a text field (short answer, numeric) and a
drop-down per item (matching). Every widget offers response(), set_response(), lock() and
show_feedback(); answer_widget() picks the one for a question."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.domain.content import QuestionType
from dxtrainer.domain.scoring import Response, parse_number
from dxtrainer.i18n import _
from dxtrainer.services.records import Feedback, QuestionView
from dxtrainer.ui.style import set_role
from dxtrainer.ui.widgets.answer_words import answer_text, given_text, key_text

__all__ = ["AnswerWidget", "ChoiceAnswer", "MatchingAnswer", "OrderingAnswer", "TextAnswer",
           "answer_text", "answer_widget", "given_text", "key_text"]


class ChoiceRow(QFrame):
    """One choice: a number, the radio or check box and the wrapped text; the whole row clicks."""

    def __init__(self, number: int, choice_id: str, text: str, multiple: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice_id = choice_id
        self.setProperty("choice", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 10, 14, 10)
        self.button: QAbstractButton = QCheckBox() if multiple else QRadioButton()
        self.button.setAccessibleName(f"{number}. {text}")
        self.button.setProperty("focusFrame", "parent")  # the focus ring goes round the row
        self.button.toggled.connect(lambda on: set_role(self, "checked", on))
        row.addWidget(self.button)
        key = QLabel(f"{number}.")
        key.setProperty("role", "muted")
        row.addWidget(key)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.mark = QLabel()
        row.addWidget(self.mark)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.button.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.button.click()
        super().mouseReleaseEvent(event)

    def show_result(self, right: bool | None, *, missed: bool = False) -> None:
        """Mark the row after answering: right, wrong or neither (None); `missed`: a right
        choice the learner did not pick (multi-select), which is not the same as a chosen one."""
        set_role(self, "result", "" if right is None else ("right" if right else "wrong"))
        if right is None:
            self.mark.setText("")
        elif missed:
            self.mark.setText(_("▲ 選び忘れ"))
        else:
            self.mark.setText(_("✔ 正解") if right else _("✖ 選択"))


class AnswerWidget(QWidget):
    """Base: collects a response for one question and shows feedback on it."""

    changed = Signal()

    def response(self) -> Response | None:
        """The answer given so far, or None while nothing (complete) is given."""
        raise NotImplementedError

    def set_response(self, response: Response) -> None:
        """Show `response` as if the learner had given it."""
        raise NotImplementedError

    def pick(self, number: int) -> None:
        """Keys 1–9: choose (or, for ordering, select) the n-th item."""

    def lock(self) -> None:
        """No more changes (after answering)."""
        self.setEnabled(False)

    def show_feedback(self, feedback: Feedback) -> None:
        raise NotImplementedError

    def show_recorded(self, response: Response) -> None:
        """The answer as given and locked, without saying whether it was right (事前テスト)."""
        self.set_response(response)
        self.lock()


class ChoiceAnswer(AnswerWidget):
    def __init__(self, question: QuestionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.type = question.type
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        multiple = question.type is QuestionType.MULTIPLE
        if question.type is QuestionType.TRUEFALSE:
            # The radio button is the one mark: no ○ / × glyph after it.
            options = [("true", _("正しい")), ("false", _("誤り"))]
        else:
            options = [(c.id, c.text) for c in question.choices]
        self.group = QButtonGroup(self)
        self.group.setExclusive(not multiple)
        self.rows: list[ChoiceRow] = []
        for number, (cid, text) in enumerate(options, 1):
            row = ChoiceRow(number, cid, text, multiple)
            self.group.addButton(row.button)
            row.button.toggled.connect(self.changed)
            layout.addWidget(row)
            self.rows.append(row)

    def response(self) -> Response | None:
        chosen = [r.choice_id for r in self.rows if r.button.isChecked()]
        if not chosen:
            return None
        if self.type is QuestionType.TRUEFALSE:
            return chosen[0] == "true"
        return chosen

    def pick(self, number: int) -> None:
        if 1 <= number <= len(self.rows) and self.rows[number - 1].button.isEnabled():
            self.rows[number - 1].button.click()

    def set_response(self, response: Response) -> None:
        wanted = ({"true" if response else "false"} if isinstance(response, bool)
                  else set(response) if isinstance(response, list) else set())
        for row in self.rows:
            row.button.setChecked(row.choice_id in wanted)

    def show_feedback(self, feedback: Feedback) -> None:
        self.set_response(feedback.response)
        if self.type is QuestionType.TRUEFALSE:
            right = {"true" if feedback.correct_answer else "false"}
        else:
            right = set(feedback.correct_ids)
        for row in self.rows:
            row.button.setEnabled(False)
            row.setCursor(Qt.CursorShape.ArrowCursor)
            chosen = row.button.isChecked()
            if row.choice_id in right:
                row.show_result(True, missed=not chosen and self.type is QuestionType.MULTIPLE)
            elif chosen:
                row.show_result(False)
            else:
                row.show_result(None)


class OrderingAnswer(AnswerWidget):
    """Arrange steps: select a row, then Alt+↑ / Alt+↓ (or the buttons, or drag) to move it."""

    def __init__(self, question: QuestionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts = {c.id: c.text for c in question.choices}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName(_("並べ替える項目"))
        self.list.setWordWrap(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setSpacing(3)
        for c in question.choices:
            item = QListWidgetItem(c.text)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.model().rowsMoved.connect(self._renumber)
        layout.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.up = QPushButton(_("↑ 上へ"))
        self.up.setToolTip(_("選んだ項目を上へ移動します(Alt+↑)"))
        self.up.clicked.connect(lambda: self.move(-1))
        self.down = QPushButton(_("↓ 下へ"))
        self.down.setToolTip(_("選んだ項目を下へ移動します(Alt+↓)"))
        self.down.clicked.connect(lambda: self.move(1))
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Alt+Up"), self, activated=lambda: self.move(-1))
        QShortcut(QKeySequence("Alt+Down"), self, activated=lambda: self.move(1))
        self._renumber()
        self.list.setMinimumHeight(min(60 * len(question.choices) + 10, 380))

    def _renumber(self, *_args: object) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setText(f"{i + 1}. {self._texts[item.data(Qt.ItemDataRole.UserRole)]}")

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count() or not self.list.isEnabled():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._renumber()
        self.changed.emit()

    def order(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def response(self) -> list[str]:
        return self.order()

    def set_response(self, response: Response) -> None:
        wanted = [c for c in response if c in self._texts] if isinstance(response, list) else []
        if sorted(wanted) == sorted(self._texts):
            self.list.clear()
            for cid in wanted:
                item = QListWidgetItem(self._texts[cid])
                item.setData(Qt.ItemDataRole.UserRole, cid)
                self.list.addItem(item)
            self._renumber()

    def lock(self) -> None:
        for widget in (self.list, self.up, self.down):
            widget.setEnabled(False)

    def pick(self, number: int) -> None:
        if 1 <= number <= self.list.count():
            self.list.setCurrentRow(number - 1)

    def show_feedback(self, feedback: Feedback) -> None:
        given = list(feedback.response) if not isinstance(feedback.response, bool) else []
        self.list.clear()
        for i, cid in enumerate(given or self._texts):
            item = QListWidgetItem(f"{i + 1}. {self._texts.get(cid, cid)}")
            item.setData(Qt.ItemDataRole.UserRole, cid)
            ok = i < len(feedback.correct_ids) and feedback.correct_ids[i] == cid
            item.setText(("✔ " if ok else "✖ ") + item.text())
            self.list.addItem(item)
        self.list.setEnabled(False)
        self.up.setEnabled(False)
        self.down.setEnabled(False)


class TextAnswer(AnswerWidget):
    """Short answer or numeric: one text field; Enter answers (the field passes it on)."""

    def __init__(self, question: QuestionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.type = question.type
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        numeric = question.type is QuestionType.NUMERIC
        self.edit.setAccessibleName(_("数値の回答欄") if numeric else _("回答欄"))
        self.edit.setPlaceholderText(_("数を入力(例: 3.5、1,200)") if numeric
                                     else _("答えを入力"))
        self.edit.setMaxLength(200)
        self.edit.textChanged.connect(self._on_edit_textChanged)
        layout.addWidget(self.edit)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        layout.addWidget(self.note)
        self.note.setVisible(False)

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if self.edit.isEnabled() and not self.edit.isReadOnly():
            self.edit.setFocus()

    def _on_edit_textChanged(self, text: str) -> None:  # noqa: N802
        unreadable = self.type is QuestionType.NUMERIC and bool(text.strip()) \
            and parse_number(text) is None
        self.note.setText(_("数として読めません。数字だけを入力してください(単位は不要です)。")
                          if unreadable else "")
        self.note.setVisible(unreadable)
        self.changed.emit()

    def response(self) -> Response | None:
        text = self.edit.text().strip()
        if not text:
            return None
        if self.type is QuestionType.NUMERIC:
            return parse_number(text)
        return text

    def set_response(self, response: Response) -> None:
        shown = given_text(self.type, response) if self.type is QuestionType.NUMERIC \
            else str(response) if isinstance(response, str) else ""
        self.edit.setText(shown)

    def lock(self) -> None:
        self.edit.setReadOnly(True)

    def show_feedback(self, feedback: Feedback) -> None:
        self.set_response(feedback.response)
        self.lock()
        if feedback.correct:
            text = _("✔ 正解")
        elif self.type is QuestionType.SHORT:
            text = _("✖ 正解は「{answer}」です").format(answer="」「".join(feedback.accepted))
        else:
            text = _("✖ 正解は {answer} です").format(answer=key_text(
                self.type, feedback.accepted, feedback.numeric, feedback.pairs))
        self.note.setText(text)
        set_role(self.note, "role", "success" if feedback.correct else "error")
        self.note.setVisible(True)


class MatchingAnswer(AnswerWidget):
    """A drop-down per item; Tab moves between them and ↑ / ↓ (or Alt+↓ to open) chooses."""

    def __init__(self, question: QuestionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lefts = question.lefts
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        self.boxes: list[QComboBox] = []
        self.marks: list[QLabel] = []
        for row, left in enumerate(question.lefts):
            text = QLabel(f"{row + 1}. {left}")
            text.setWordWrap(True)
            grid.addWidget(text, row, 0)
            box = QComboBox()
            box.setAccessibleName(_("「{item}」の答え").format(item=left))
            box.addItem(_("(選んでください)"), None)
            for option in question.options:
                box.addItem(option, option)
            box.currentIndexChanged.connect(self.changed)
            text.setBuddy(box)
            grid.addWidget(box, row, 1)
            mark = QLabel()
            mark.setWordWrap(True)
            grid.addWidget(mark, row, 2)
            self.boxes.append(box)
            self.marks.append(mark)

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if self.boxes and self.boxes[0].isEnabled():
            self.boxes[0].setFocus()

    def pick(self, number: int) -> None:
        if 1 <= number <= len(self.boxes):
            self.boxes[number - 1].setFocus()

    def response(self) -> Response | None:
        chosen = {left: box.currentData() for left, box in zip(self.lefts, self.boxes,
                                                                strict=True)}
        if any(value is None for value in chosen.values()):
            return None
        return chosen

    def set_response(self, response: Response) -> None:
        given = response if isinstance(response, dict) else {}
        for left, box in zip(self.lefts, self.boxes, strict=True):
            box.setCurrentIndex(max(0, box.findData(given.get(left))))

    def lock(self) -> None:
        for box in self.boxes:
            box.setEnabled(False)

    def show_feedback(self, feedback: Feedback) -> None:
        self.set_response(feedback.response)
        self.lock()
        right = {p.left: p.right for p in feedback.pairs}
        for left, box, mark in zip(self.lefts, self.boxes, self.marks, strict=True):
            ok = box.currentData() == right.get(left)
            mark.setText(_("✔ 正解") if ok else _("✖ 正解は「{answer}」").format(
                answer=right.get(left, "")))
            set_role(mark, "role", "success" if ok else "error")


def answer_widget(question: QuestionView) -> AnswerWidget:
    if question.type is QuestionType.ORDERING:
        return OrderingAnswer(question)
    if question.type in (QuestionType.SHORT, QuestionType.NUMERIC):
        return TextAnswer(question)
    if question.type is QuestionType.MATCHING:
        return MatchingAnswer(question)
    return ChoiceAnswer(question)
