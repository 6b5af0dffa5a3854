"""The look: one stylesheet, a palette, the UI font, and the colours of the DSS-L categories."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QImageReader,
    QPalette,
    QPixmap,
)
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


THEMES = ("light", "dark", "high-contrast")
# Ring colour and the halo outside it, per theme: the ring stands out (at least 3:1) on the
# page, cards and white surfaces, the halo on the blue header and primary buttons.
FOCUS_COLOURS = {"light": ("#1A4F8B", "#FFFFFF"), "dark": ("#8AB8F0", "#000000"),
                 "high-contrast": ("#FFFF00", "#000000")}
_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)px")
# What the person chose in this run (theme, text size); the environment and the system decide
# the theme when nothing was chosen.
_chosen: dict[str, object] = {"theme": None, "scale": 1.0}


def theme() -> str:
    """The chosen theme; else DXTRAINER_THEME=light|dark|high-contrast; else the system's."""
    chosen = _chosen["theme"]
    if chosen in THEMES:
        return str(chosen)
    wanted = os.environ.get("DXTRAINER_THEME", "").lower()
    if wanted in THEMES:
        return wanted
    hints = QGuiApplication.styleHints()
    dark = hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark
    return "dark" if dark else "light"


def set_theme(name: str | None) -> None:
    """Choose a theme for this run (None: back to the environment's or the system's)."""
    _chosen["theme"] = name if name in THEMES else None


def current_choice() -> str | None:
    """The theme chosen in this run, if any."""
    chosen = _chosen["theme"]
    return str(chosen) if chosen else None


def scale() -> float:
    return float(_chosen["scale"])  # type: ignore[arg-type]


def set_scale(factor: float) -> None:
    """Text size as a factor of the normal one (1.0–2.0); takes effect at the next apply()."""
    _chosen["scale"] = min(2.0, max(1.0, factor))


def dark_mode() -> bool:
    return theme() == "dark"


def scale_css(css: str, factor: float) -> str:
    """Every font-size given in px, times the text size."""
    if factor == 1.0:
        return css
    return _FONT_SIZE.sub(lambda m: f"{m.group(1)}{round(float(m.group(2)) * factor)}px", css)


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


# High contrast: white text on black, yellow for what acts (links, the primary colour, focus),
# light green / red / amber for right, wrong and warnings (all at least 7:1 on black), and every
# border white so that each control's edge shows. resources/styles/high-contrast.qss adds the
# few rules a colour mapping cannot express.
HC_TEXT = {
    PRIMARY: "#FFFF00", "#2E7D32": "#7CFF7C", "#1E5E23": "#7CFF7C", "#C62828": "#FF9E9E",
    "#A61B1B": "#FF9E9E", "#9A5B00": "#FFD966", "#7A4800": "#FFD966", "#111111": "#111111",
    "#7B8794": "#BFBFBF",
}
HC_KEEP_SURFACE = {"#FFD166"}  # the demo badge keeps its yellow (black text on it)


def to_high_contrast(css: str) -> str:
    def declaration(match: re.Match[str]) -> str:
        prop, sep, value = match.groups()

        def colour(m: re.Match[str]) -> str:
            code = m.group(0).upper()
            if prop == "selection-color":
                return "#000000"
            if prop == "selection-background-color":
                return "#FFFF00"
            if prop == "color":
                return HC_TEXT.get(code, "#FFFFFF")
            if prop.startswith("border"):
                return "#FFFF00" if code in (PRIMARY, "#0B2545") else "#FFFFFF"
            return code if code in HC_KEEP_SURFACE else "#000000"

        return f"{prop}{sep}{_COLOUR.sub(colour, value)}"

    return _DECLARATION.sub(declaration, css)


_keyboard: list = []  # the focus rings and the keyboard style, installed once per application


def apply(app: QApplication) -> None:
    """Font, palette and stylesheet for the current theme and text size; the first call also
    installs the focus ring and Enter-presses-buttons (ui/keyboard.py). Call again after
    set_theme() or set_scale()."""
    from dxtrainer.ui import keyboard

    name = theme()
    if not _keyboard or _keyboard[0].parent() is not app:
        _keyboard[:] = [keyboard.FocusRings(app, FOCUS_COLOURS[name]), keyboard.KeyboardStyle()]
        app.setStyle(_keyboard[1])
    _keyboard[0].set_colours(FOCUS_COLOURS[name])
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSizeF(10.5 * scale())
    app.setFont(font)
    app.setPalette(_palette(app, name))
    app.setStyleSheet(read_style("app.qss"))


def _palette(app: QApplication, name: str) -> QPalette:
    def c(hex_code: str, text: bool = False) -> QColor:
        if name == "dark":
            hex_code = (DARK_TEXT if text else DARK_SURFACE).get(hex_code, hex_code)
        elif name == "high-contrast":
            hex_code = HC_TEXT.get(hex_code, "#FFFFFF") if text else "#000000"
        return QColor(hex_code)

    role = QPalette.ColorRole
    palette = app.palette()
    palette.setColor(role.Window, c(BACKGROUND))
    palette.setColor(role.Base, c("#FFFFFF"))
    palette.setColor(role.AlternateBase, c("#F8FAFC"))
    palette.setColor(role.Text, c("#1F2933", True))
    palette.setColor(role.WindowText, c("#1F2933", True))
    palette.setColor(role.Highlight, QColor("#FFFF00") if name == "high-contrast"
                     else c("#DCE7F3"))
    palette.setColor(role.HighlightedText, QColor("#000000") if name == "high-contrast"
                     else c("#102A43", True))
    palette.setColor(role.Link, c(PRIMARY, True))
    palette.setColor(role.Button, c("#FFFFFF"))
    palette.setColor(role.ButtonText, c(PRIMARY, True))
    palette.setColor(role.PlaceholderText, c("#52606D", True))  # 4.5:1 or more
    palette.setColor(role.ToolTipBase, QColor("#000000" if name == "high-contrast"
                                              else "#102A43"))
    palette.setColor(role.ToolTipText, QColor("#FFFFFF"))
    return palette


def read_style(name: str) -> str:
    """A stylesheet from resources/styles in the current theme, font sizes at the text size."""
    folder = paths.resources_dir() / "styles"
    try:
        css = (folder / name).read_text(encoding="utf-8")
    except OSError:
        return ""
    current = theme()
    if current == "dark":
        css = to_dark(css)
    elif current == "high-contrast":
        css = to_high_contrast(css)
    extra = folder / f"{current}{Path(name).suffix}"  # what a colour mapping cannot say
    if current != "light" and extra.is_file():
        css += "\n" + extra.read_text(encoding="utf-8")
    return scale_css(css, scale())


def icon(name: str) -> QIcon:
    """An icon from resources/icons; its strokes lighten in the dark palette."""
    path = paths.resources_dir() / "icons" / f"{name}.svg"
    current = theme()
    if current == "light":
        return QIcon(str(path))
    try:
        svg = path.read_text(encoding="utf-8").replace(
            "#334E68", "#FFFFFF" if current == "high-contrast" else "#BCCCDC")
    except OSError:
        return QIcon()
    result = QIcon()
    data = QByteArray(svg.encode("utf-8"))
    for size in (24, 48):  # sharp at the normal and at twice the text size
        buffer = QBuffer(data)  # kept alive while the reader reads it
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer, QByteArray(b"svg"))
        reader.setScaledSize(QSize(size, size))
        result.addPixmap(QPixmap.fromImage(reader.read()))
        buffer.close()
    return result


def chart_colours() -> tuple[str, str, str]:
    """(background, text, bars) for plots, so charts sit in their card in either palette and
    bars keep at least 3:1 against the plot."""
    current = theme()
    if current == "high-contrast":
        return ("#000000", "#FFFFFF", "#FFFF00")
    return ("#1F252C", "#D9E2EC", "#6FA8DC") if current == "dark" else (
        "#FFFFFF", "#243B53", PRIMARY)


def set_role(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property used by the stylesheet and re-polish so the change shows."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
