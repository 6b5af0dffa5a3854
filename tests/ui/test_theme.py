"""The dark palette keeps every role: surfaces darken, text lightens, white on blue stays."""

from __future__ import annotations

from dxtrainer.ui import style


def test_dark_stylesheet_maps_surfaces_and_text_separately(monkeypatch):
    css = "QWidget#header { background: #1A4F8B; } QLabel { color: #1A4F8B; } " \
          "QFrame { background: #FFFFFF; border: 1px solid #DDE3EA; } QPushButton { color: #FFFFFF; }"
    dark = style.to_dark(css)
    assert "background: #1A4F8B" in dark  # the blue header stays blue
    assert "color: #8AB8F0" in dark  # blue text on a dark page becomes lighter
    assert "background: #1F252C" in dark and "#36404A" in dark
    assert "color: #FFFFFF" in dark


def test_the_theme_follows_the_setting(monkeypatch, qapp):
    monkeypatch.setenv("DXTRAINER_THEME", "dark")
    assert style.dark_mode()
    assert "#15191E" in style.read_style("app.qss") and "#F5F7FA" not in style.read_style("app.qss")
    monkeypatch.setenv("DXTRAINER_THEME", "light")
    assert not style.dark_mode()
    assert "#F5F7FA" in style.read_style("app.qss")
