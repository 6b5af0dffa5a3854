"""The look: one stylesheet, a palette, the UI font, and the colours of the DSS-L categories."""

from __future__ import annotations

import os
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from dxtrainer import paths

PRIMARY = "#1A4F8B"
BACKGROUND = "#F5F7FA"
# Okabe–Ito, one colour per DSS-L category everywhere (chips, charts, legends).
CATEGORY_COLOURS = {
    "mindset": "#0072B2", "why": "#E69F00", "what-data": "#009E73",
    "what-tech": "#CC79A7", "how-use": "#56B4E9", "how-caution": "#D55E00",
}
UI_FONTS = ["Yu Gothic UI", "Meiryo UI", "Noto Sans CJK JP", "sans-serif"]


def text_on(colour: str) -> str:
    """Black text on every category colour except white on the dark blue."""
    return "#FFFFFF" if colour == "#0072B2" else "#000000"


# The dark palette keeps every role of the light one: text colours and surface colours are
# mapped separately, so that the blue header keeps white text while blue text on a dark page
# becomes a lighter blue (all pairs at least 4.5:1).
DARK_TEXT = {
    "#1F2933": "#E4E7EB", "#102A43": "#F0F4F8", "#243B53": "#D9E2EC", "#52606D": "#A9B4C0",
    "#1A4F8B": "#8AB8F0", "#334E68": "#BCCCDC", "#7B8794": "#8895A3", "#2E7D32": "#81C784",
    "#C62828": "#EF9A9A", "#9A5B00": "#FFCC80", "#1E5E23": "#A5D6A7", "#7A4800": "#FFCC80",
    "#A61B1B": "#EF9A9A", "#323F4B": "#E4E7EB",
}
DARK_SURFACE = {
    "#F5F7FA": "#15191E", "#FFFFFF": "#1F252C", "#EAF1F9": "#1C2D42", "#DCE7F3": "#23405F",
    "#E8EEF5": "#26303A", "#EEF2F6": "#26303A", "#EEF3F8": "#26303A", "#F8FAFC": "#232A32",
    "#F0F2F5": "#2A323B", "#E4E7EB": "#36404A", "#FFF3D6": "#4A3A12", "#E3F4E5": "#1E3A22",
    "#FDECEC": "#4A1F1F", "#EDF7EE": "#1E3A22", "#FFF5E6": "#3D2F14", "#EEF7F1": "#1E3A22",
    "#E6EDF5": "#26303A", "#9FB3C8": "#52606D", "#DDE3EA": "#36404A", "#CBD2D9": "#4A5563",
    "#E0C48A": "#6B5A2E",
}
_DECLARATION = re.compile(r"([a-z-]+)(\s*:\s*)([^;{}]+)")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b")


def dark_mode() -> bool:
    """DXTRAINER_THEME=dark|light wins; otherwise follow the system's colour scheme."""
    wanted = os.environ.get("DXTRAINER_THEME", "").lower()
    if wanted in ("dark", "light"):
        return wanted == "dark"
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def to_dark(css: str) -> str:
    """Map the light stylesheet's colours to the dark palette, by what each colour is for."""
    def declaration(match: re.Match[str]) -> str:
        prop, sep, value = match.groups()
        table = DARK_TEXT if prop in ("color", "selection-color") else DARK_SURFACE
        if prop == "color" and value.strip().upper() == "#FFFFFF":
            return match.group(0)  # white text stays white on blue
        mapped = _COLOUR.sub(lambda m: table.get(m.group(0).upper(), m.group(0)), value)
        return f"{prop}{sep}{mapped}"

    return _DECLARATION.sub(declaration, css)


def apply(app: QApplication) -> None:
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSizeF(10.5)
    app.setFont(font)
    dark = dark_mode()

    def c(hex_code: str, text: bool = False) -> QColor:
        if dark:
            hex_code = (DARK_TEXT if text else DARK_SURFACE).get(hex_code, hex_code)
        return QColor(hex_code)

    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, c(BACKGROUND))
    palette.setColor(QPalette.ColorRole.Base, c("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.AlternateBase, c("#F8FAFC"))
    palette.setColor(QPalette.ColorRole.Text, c("#1F2933", True))
    palette.setColor(QPalette.ColorRole.WindowText, c("#1F2933", True))
    palette.setColor(QPalette.ColorRole.Highlight, c("#DCE7F3"))
    palette.setColor(QPalette.ColorRole.HighlightedText, c("#102A43", True))
    palette.setColor(QPalette.ColorRole.Link, c(PRIMARY, True))
    palette.setColor(QPalette.ColorRole.Button, c("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.ButtonText, c(PRIMARY, True))
    palette.setColor(QPalette.ColorRole.PlaceholderText, c("#52606D", True))  # 4.5:1 or more
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#102A43"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#FFFFFF"))
    app.setPalette(palette)
    app.setStyleSheet(read_style("app.qss"))


def read_style(name: str) -> str:
    """A stylesheet from resources/styles, in the dark palette when the app runs dark."""
    try:
        css = (paths.resources_dir() / "styles" / name).read_text(encoding="utf-8")
    except OSError:
        return ""
    return to_dark(css) if dark_mode() else css


def icon(name: str) -> QIcon:
    """An icon from resources/icons; its strokes lighten in the dark palette."""
    path = paths.resources_dir() / "icons" / f"{name}.svg"
    if not dark_mode():
        return QIcon(str(path))
    try:
        svg = path.read_text(encoding="utf-8").replace("#334E68", "#BCCCDC")
    except OSError:
        return QIcon()
    pixmap = QPixmap()
    pixmap.loadFromData(svg.encode("utf-8"), "SVG")
    return QIcon(pixmap)


def chart_colours() -> tuple[str, str, str]:
    """(background, text, bars) for plots, so charts sit in their card in either palette and
    bars keep at least 3:1 against the plot."""
    return ("#1F252C", "#D9E2EC", "#6FA8DC") if dark_mode() else ("#FFFFFF", "#243B53", PRIMARY)


def set_role(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property used by the stylesheet and re-polish so the change shows."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
