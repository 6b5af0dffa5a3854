"""Every kind of focusable widget shows a focus ring at least 2 px wide whose colour has 3:1
contrast with what was there before (WCAG 2.4.13) and with the surrounding background (1.4.11),
in the light, dark and high-contrast themes; Enter and Space press a focused button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QStringListModel, Qt
from PySide6.QtGui import QColor, QImage, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTextBrowser,
    QToolButton,
    QWidget,
)

from dxtrainer.ui import style
from dxtrainer.ui.widgets.common import card, primary_button
from dxtrainer.ui.widgets.question_widgets import ChoiceRow

AROUND = 10  # px looked at outside each widget


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def themed(qapp):
    def use(name: str) -> None:
        style.set_theme(name)
        style.apply(qapp)

    yield use
    style.set_theme(None)
    style.apply(qapp)


def build_widgets() -> tuple[QWidget, dict[str, QWidget]]:
    host = QWidget()
    host.setObjectName("screen")
    host.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    host.setProperty("noFocusRing", True)
    grid = QGridLayout(host)
    grid.setContentsMargins(24, 24, 24, 24)
    grid.setSpacing(24)
    table_model = QStandardItemModel(3, 2)
    widgets: dict[str, QWidget] = {
        "push": QPushButton("押す"), "primary": primary_button("回答する"),
        "radio": QRadioButton("はい"), "check": QCheckBox("同意します"), "line": QLineEdit(),
        "combo": QComboBox(), "spin": QSpinBox(), "table": QTableView(), "list": QListView(),
        "browser": QTextBrowser(), "tool": QToolButton(),
    }
    widgets["combo"].addItems(["月", "年度"])
    widgets["table"].setModel(table_model)
    widgets["list"].setModel(QStringListModel(["一", "二"]))
    widgets["browser"].setHtml('<p>本文 <a href="glossary:x">用語</a></p>')
    widgets["tool"].setText("ホーム")
    for n, widget in enumerate(widgets.values()):
        widget.setMaximumSize(240, 90)
        grid.addWidget(widget, n // 4, n % 4)
    # a choice row of the quiz (the ring goes round the whole row) inside a white card
    holder = card()
    row_layout = QHBoxLayout(holder)
    row_layout.setContentsMargins(16, 16, 16, 16)
    choice = ChoiceRow(1, "a", "住民票の写しを請求する", multiple=False)
    row_layout.addWidget(choice)
    grid.addWidget(holder, 3, 0, 1, 2)
    widgets["choice"] = choice.button
    # a button on the blue header, where the ring colour alone would not stand out
    header = QWidget()
    header.setObjectName("header")
    header_layout = QHBoxLayout(header)
    header_layout.setContentsMargins(16, 16, 16, 16)
    out = QPushButton("サインアウト")
    header_layout.addWidget(out)
    grid.addWidget(header, 3, 2, 1, 2)
    widgets["header"] = out
    return host, widgets


def region(host: QWidget, widget: QWidget) -> QRect:
    target = widget.parentWidget() if widget.property("focusFrame") == "parent" else widget
    top_left = target.mapTo(host, target.rect().topLeft())
    return QRect(top_left, target.size()).adjusted(-AROUND, -AROUND, AROUND, AROUND)


def ring_widths(before: QImage, after: QImage) -> dict[str, int]:
    """On each side, through the middle of the widget, the number of pixels that changed to a
    colour with 3:1 contrast against both what was there and the background outside."""
    w, h = before.width(), before.height()
    lines = {
        "left": [(x, h // 2) for x in range(0, AROUND + 4)],
        "right": [(x, h // 2) for x in range(w - 1, w - AROUND - 5, -1)],
        "top": [(w // 2, y) for y in range(0, AROUND + 4)],
        "bottom": [(w // 2, y) for y in range(h - 1, h - AROUND - 5, -1)],
    }
    widths = {}
    for side, points in lines.items():
        background = before.pixelColor(*points[0])
        widths[side] = sum(
            1 for p in points
            if contrast(after.pixelColor(*p), before.pixelColor(*p)) >= 3.0
            and contrast(after.pixelColor(*p), background) >= 3.0)
    return widths


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_every_focusable_widget_shows_a_ring(qtbot, themed, theme):
    themed(theme)
    host, widgets = build_widgets()
    qtbot.addWidget(host)
    host.resize(1100, 560)
    host.show()
    host.activateWindow()
    qtbot.waitExposed(host)
    failures = {}
    for name, widget in widgets.items():
        host.setFocus()
        qtbot.waitUntil(host.hasFocus)
        QApplication.processEvents()
        area = region(host, widget)
        before = host.grab(area).toImage()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        QApplication.processEvents()
        after = host.grab(area).toImage()
        widths = ring_widths(before, after)
        if min(widths.values()) < 2:
            failures[name] = widths
            after.save(f"/tmp/focus-{theme}-{name}.png")
    assert not failures, f"{theme}: rings too thin or too faint: {failures}"


def test_enter_and_space_press_a_focused_button(qtbot, themed):
    themed("light")
    host = QWidget()
    qtbot.addWidget(host)
    row = QHBoxLayout(host)
    push, tool = QPushButton("押す"), QToolButton()
    tool.setText("ホーム")
    row.addWidget(push)
    row.addWidget(tool)
    host.show()
    host.activateWindow()
    qtbot.waitExposed(host)
    for button in (push, tool):
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            button.setFocus()
            qtbot.waitUntil(button.hasFocus)
            with qtbot.waitSignal(button.clicked, timeout=2000):
                qtbot.keyClick(button, key)


def test_high_contrast_theme_from_the_environment(monkeypatch, qapp):
    monkeypatch.setenv("DXTRAINER_THEME", "high-contrast")
    assert style.theme() == "high-contrast"
    css = style.read_style("app.qss")
    assert "#F5F7FA" not in css and "background: #000000" in css
    assert "QProgressBar::chunk { background: #FFFF00; }" in css  # the extra rules follow
    assert "#1A4F8B" not in style.read_style("lesson.css")


def test_a_link_reached_with_tab_shows_in_the_ring_colour(qtbot, themed):
    themed("light")
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml('<p>本文 <a href="glossary:lgwan">LGWAN</a> と <a href="glossary:x">X</a></p>')
    browser.show()
    browser.activateWindow()
    qtbot.waitExposed(browser)
    browser.setFocus()
    qtbot.waitUntil(browser.hasFocus)
    qtbot.keyClick(browser, Qt.Key.Key_Tab)
    marks = browser.extraSelections()
    assert len(marks) == 1 and marks[0].cursor.selectedText() == "LGWAN"
    assert marks[0].format.background().color() == QColor(style.FOCUS_COLOURS["light"][0])
