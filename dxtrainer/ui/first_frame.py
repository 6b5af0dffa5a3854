"""The first frame: the main window's start-up cue drawn before the application's style exists.

Start-up is measured to the first painted window (benchmarks/startup.py). The stylesheet, the
keyboard style (ui/keyboard.py) and PySide6's `Qt` namespace (~12 ms to build on first use)
wait until after that paint, so the cue is drawn here with what QtGui and QtWidgets classes
alone can do: the application's font and background, and each line in the colour and size that
app.qss gives its role. MainWindow.finish_building() hands the lines back to the stylesheet.
Nothing here may import `Qt` from PySide6.QtCore or dxtrainer.ui.style (tests/ui/test_first_frame.py).
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

# As in ui/style.py (UI_FONTS) and resources/styles/app.qss.
UI_FONTS = ["Yu Gothic UI", "Meiryo UI", "Noto Sans CJK JP", "sans-serif"]
UI_POINT_SIZE = 10.5
TITLE_PIXELS = 22
# Per theme: page background, text, title, muted; the colours app.qss (light) gives them and
# their dark and high-contrast mappings in ui/style.py (checked by tests/ui/test_first_frame.py).
COLOURS = {
    "light": {"page": "#F5F7FA", "text": "#1F2933", "title": "#102A43", "muted": "#52606D"},
    "dark": {"page": "#15191E", "text": "#E4E7EB", "title": "#F0F4F8", "muted": "#A9B4C0"},
    "high-contrast": {"page": "#000000", "text": "#FFFFFF", "title": "#FFFFFF", "muted": "#FFFFFF"},
}
_theme: list[str] = []


def guess_theme(app: QApplication) -> str:
    """DXTRAINER_THEME when set, else dark when the system's palette is dark. (style.theme()
    asks the style hints, whose answer is a `Qt` enum; after the first paint it decides.)"""
    wanted = os.environ.get("DXTRAINER_THEME", "").lower()
    if wanted in COLOURS:
        return wanted
    window = app.palette().color(QPalette.ColorRole.Window)
    return "dark" if window.lightness() < 128 else "light"


def prepare(app: QApplication) -> None:
    """The application's font and page colours for the first frame (style.apply() replaces
    both after it)."""
    name = guess_theme(app)
    _theme[:] = [name]
    colours = COLOURS[name]
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSizeF(UI_POINT_SIZE)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colours["page"]))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colours["text"]))
    app.setPalette(palette)


def line(text: str, role: str) -> QLabel:
    """A label with its style role (for the stylesheet later) drawn as that role looks now."""
    widget = QLabel(text)
    widget.setProperty("role", role)
    if _theme:  # prepare() ran: this is the first frame, not a window built after start-up
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(COLOURS[_theme[0]][role]))
        widget.setPalette(palette)
        if role == "title":
            font = QFont(widget.font())
            font.setPixelSize(TITLE_PIXELS)
            font.setBold(True)
            widget.setFont(font)
    return widget


def centred(widget: QWidget) -> QHBoxLayout:
    """A row holding the widget in its middle (without `Qt.AlignmentFlag`)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row


def unstyle(page: QWidget) -> None:
    """Give the page's lines back to the application's font, palette and stylesheet."""
    for widget in page.findChildren(QLabel):
        widget.setPalette(QPalette())
        widget.setFont(QFont())
    _theme.clear()
