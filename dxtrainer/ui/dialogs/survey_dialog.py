"""研修アンケート at the end of a course: satisfaction and usefulness (5 levels each) and a
comment, all optional; 「回答しない」 also means not being asked again; 「あとで」 just closes."""

from __future__ import annotations

from PySide6.QtCore import Signal
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
from dxtrainer.ui.widgets.common import label, primary_button


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
        grid = QGridLayout()
        self.satisfaction = self._scale(grid, 0, _("研修の満足度"), satisfaction_words())
        self.usefulness = self._scale(grid, 2, _("自分の業務への役立ち度"), usefulness_words())
        layout.addLayout(grid)
        layout.addWidget(QLabel(_("ご意見・ご感想(自由記述、任意)")))
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(_("ご意見・ご感想"))
        self.comment.setPlaceholderText(_("個人が特定される内容(氏名など)は書かないでください。"))
        self.comment.setFixedHeight(110)
        layout.addWidget(self.comment)
        buttons = QHBoxLayout()
        self.decline_button = QPushButton(_("回答しない"))
        self.decline_button.setToolTip(_("このコースのアンケートを今後表示しません"))
        self.decline_button.clicked.connect(self._on_decline_button_clicked)
        self.later_button = QPushButton(_("あとで"))
        self.later_button.clicked.connect(self.reject)
        self.send_button = primary_button(_("回答する"))
        self.send_button.clicked.connect(self._on_send_button_clicked)
        buttons.addWidget(self.decline_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)

    def _scale(self, grid: QGridLayout, row: int, title: str, words: list[str]) -> QButtonGroup:
        grid.addWidget(label(title, "subtitle"), row, 0, 1, 5)
        group = QButtonGroup(self)
        for n, word in enumerate(words, 1):
            button = QRadioButton(f"{n} {word}")
            button.setAccessibleName(f"{title}: {n} {word}")
            group.addButton(button, n)
            grid.addWidget(button, row + 1, n - 1)
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
