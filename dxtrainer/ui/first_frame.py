"""The first frame: the main window's start-up cue drawn before the window has any widgets.

Start-up is measured to the first painted window (benchmarks/startup.py). The stylesheet, the
keyboard style (ui/keyboard.py), PySide6's `Qt` namespace (~12 ms to build on first use) and
the window's widgets wait until after that paint: a QMainWindow given a central widget starts a
geometry animation at once (QWidgetAnimator), and the first event for that animation's timer
makes PySide6 build a Python type for every QObject class it knows (~20 ms with an event filter
installed, as the benchmark has). So MainWindow.paintEvent draws the cue itself, with QtGui
classes alone, in the colours and sizes app.qss gives the start-up page's lines; the page's real
labels replace it in the next event-loop turn (MainWindow.finish_building).
Nothing here may import `Qt` from PySide6.QtCore or dxtrainer.ui.style (tests/ui/test_first_frame.py).
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# As in ui/style.py (UI_FONTS, the application font) and resources/styles/app.qss.
UI_FONTS = ["Yu Gothic UI", "Meiryo UI", "Noto Sans CJK JP", "sans-serif"]
UI_POINT_SIZE = 10.5
TITLE_PIXELS = 22
# Per theme: page background, title, muted text; the colours app.qss (light) gives them and
# their dark and high-contrast mappings in ui/style.py (checked by tests/ui/test_first_frame.py).
COLOURS = {
    "light": {"page": "#F5F7FA", "title": "#102A43", "muted": "#52606D"},
    "dark": {"page": "#15191E", "title": "#F0F4F8", "muted": "#A9B4C0"},
    "high-contrast": {"page": "#000000", "title": "#FFFFFF", "muted": "#FFFFFF"},
}
# The start-up page's layout (MainWindow._startup_page): margins and spacing of a QVBoxLayout,
# the progress bar under the two lines, one part of the free height above them and two below,
# and the status bar under the page.
MARGIN, SPACING, BAR = 11, 6, 10


def guess_theme(app: QApplication | None) -> str:
    """DXTRAINER_THEME when set, else dark when the system's palette is dark. (style.theme()
    asks the style hints, whose answer is a `Qt` enum; after the first paint it decides.)"""
    wanted = os.environ.get("DXTRAINER_THEME", "").lower()
    if wanted in COLOURS:
        return wanted
    if app is None:
        return "light"
    window = app.palette().color(QPalette.ColorRole.Window)
    return "dark" if window.lightness() < 128 else "light"


def fonts() -> tuple[QFont, QFont]:
    """The title's font and the text's, as the stylesheet will give them."""
    text = QFont()
    text.setFamilies(UI_FONTS)
    text.setPointSizeF(UI_POINT_SIZE)
    title = QFont(text)
    title.setPixelSize(TITLE_PIXELS)
    title.setBold(True)
    return title, text


def paint_cue(window: QWidget, title: str, line: str) -> None:
    """The page background, the title and the calm line where the start-up page puts them."""
    colours = COLOURS[guess_theme(QApplication.instance())]  # type: ignore[arg-type]
    title_font, text_font = fonts()
    title_metrics, text_metrics = QFontMetrics(title_font), QFontMetrics(text_font)
    status_bar = text_metrics.height() + 2 * SPACING
    free = window.height() - status_bar - 2 * MARGIN \
        - (title_metrics.height() + text_metrics.height() + BAR + 2 * SPACING)
    top = MARGIN + max(0, free) // 3
    painter = QPainter(window)
    painter.fillRect(window.rect(), QColor(colours["page"]))
    painter.setPen(QColor(colours["title"]))
    painter.setFont(title_font)
    painter.drawText((window.width() - title_metrics.horizontalAdvance(title)) // 2,
                     top + title_metrics.ascent(), title)
    top += title_metrics.height() + SPACING
    painter.setPen(QColor(colours["muted"]))
    painter.setFont(text_font)
    painter.drawText((window.width() - text_metrics.horizontalAdvance(line)) // 2,
                     top + text_metrics.ascent(), line)
    painter.end()
