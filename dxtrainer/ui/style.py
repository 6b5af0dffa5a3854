"""The look: one stylesheet, a palette, the UI font, and the colours of the DSS-L categories."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from dxtrainer import paths

PRIMARY = "#1A4F8B"
BACKGROUND = "#F5F7FA"
SUCCESS = "#2E7D32"
WARNING = "#9A5B00"
ERROR = "#C62828"
# Okabe–Ito, one colour per DSS-L category everywhere (chips, charts, legends).
CATEGORY_COLOURS = {
    "mindset": "#0072B2", "why": "#E69F00", "what-data": "#009E73",
    "what-tech": "#CC79A7", "how-use": "#56B4E9", "how-caution": "#D55E00",
}
UI_FONTS = ["Yu Gothic UI", "Meiryo UI", "Noto Sans CJK JP", "sans-serif"]


def text_on(colour: str) -> str:
    """Black text on every category colour except white on the dark blue."""
    return "#FFFFFF" if colour == "#0072B2" else "#000000"


def apply(app: QApplication) -> None:
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSizeF(10.5)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    palette.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1F2933"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1F2933"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#DCE7F3"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#102A43"))
    palette.setColor(QPalette.ColorRole.Link, QColor(PRIMARY))
    palette.setColor(QPalette.ColorRole.Button, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(PRIMARY))
    app.setPalette(palette)
    app.setStyleSheet(read_style("app.qss"))


def read_style(name: str) -> str:
    try:
        return (paths.resources_dir() / "styles" / name).read_text(encoding="utf-8")
    except OSError:
        return ""


def set_role(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property used by the stylesheet and re-polish so the change shows."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
