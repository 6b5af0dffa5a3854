"""研修アンケート at the end of a course: satisfaction and usefulness (5 levels each) and a
comment, all optional; 「回答しない」 also means not being asked again; 「あとで」 just closes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _
from dxtrainer.ui.widgets.common import label, primary_button, size_for_text


def satisfaction_words() -> list[str]:
    return [_("不満"), _("やや不満"), _("ふつう"), _("やや満足"), _("満足")]


def usefulness_words() -> list[str]:
    return [_("役に立たない"), _("あまり役に立たない"), _("どちらともいえない"), _("役に立つ"),
            _("とても役に立つ")]


class SurveyDialog(QDialog):
    answered = Signal(object, object, str)  # satisfaction, usefulness (1..5 or None), comment
    declined = Signal()

    def __init__(self, course_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("研修アンケート"))
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("「{course}」の研修アンケート").format(course=course_title),
                               "subtitle", wrap=True))
        layout.addWidget(label(_(
            "今後の研修をよくするためのアンケートです。答えるかどうかは自由で、修了には関係ありません。"
            "回答は氏名や職員番号と結びつけず、コース・所属・月だけを記録します。"), "muted", wrap=True))
        layout.addWidget(label(_(
            "「あとで」は今は閉じるだけです。「回答しない」を選ぶと、このコースのアンケートは今後"
            "表示しません。"), "muted", wrap=True))
        grid = QGridLayout()  # the two scales side by side, each a column of five choices
        grid.setHorizontalSpacing(32)
        self.satisfaction = self._scale(grid, 0, _("研修の満足度"), satisfaction_words())
        self.usefulness = self._scale(grid, 1, _("自分の業務への役立ち度"), usefulness_words())
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        comment_label = QLabel(_("ご意見・ご感想(自由記述、任意)"))
        layout.addWidget(comment_label)
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)  # Tab moves on to the buttons, as elsewhere
        comment_label.setBuddy(self.comment)
        self.comment.setAccessibleName(_("ご意見・ご感想"))
        self.comment.setPlaceholderText(_("個人が特定される内容(氏名など)は書かないでください。"))
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 4 + 16)
        layout.addWidget(self.comment)
        buttons = QHBoxLayout()
        self.decline_button = QPushButton(_("回答しない"))
        self.decline_button.setToolTip(_("このコースのアンケートを今後表示しません"))
        self.decline_button.clicked.connect(self._on_decline_button_clicked)
        self.later_button = QPushButton(_("あとで"))
        self.later_button.clicked.connect(self.reject)
        self.send_button = primary_button(_("回答する"))
        self.send_button.clicked.connect(self._on_send_button_clicked)
        # Enter on a choice sends the answer; without this Qt would make the first button,
        # 「回答しない」, the default, and Enter would decline for good
        self.send_button.setDefault(True)
        buttons.addWidget(self.decline_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Open at a comfortable reading width for the text size, and as tall as the wrapped
        sentences need there, so that no choice is squeezed."""
        size_for_text(self)
        super().showEvent(event)

    def _scale(self, grid: QGridLayout, column: int, title: str,
               words: list[str]) -> QButtonGroup:
        grid.addWidget(label(title, "subtitle"), 0, column)
        group = QButtonGroup(self)
        for n, word in enumerate(words, 1):
            button = QRadioButton(f"{n} {word}")
            button.setAccessibleName(f"{title}: {n} {word}")
            group.addButton(button, n)
            grid.addWidget(button, n, column)
        return group

    def values(self) -> tuple[int | None, int | None, str]:
        def level(group: QButtonGroup) -> int | None:
            return group.checkedId() if group.checkedId() > 0 else None

        return level(self.satisfaction), level(self.usefulness), self.comment.toPlainText()

    def _on_send_button_clicked(self) -> None:
        self.answered.emit(*self.values())
        self.accept()

    def _on_decline_button_clicked(self) -> None:
        self.declined.emit()
        self.accept()
