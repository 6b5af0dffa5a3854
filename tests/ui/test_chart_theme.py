"""A theme chosen while charts are shown (Ctrl+Shift+H) redraws them in its colours: the plot's
background, its bars and its value labels."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from dxtrainer.ui import style


@pytest.fixture
def plain_look(qapp):
    yield
    style.set_theme(None)
    style.apply(qapp)


def test_charts_follow_a_theme_chosen_while_they_are_shown(qtbot, qapp, plain_look):
    from dxtrainer.ui.charts.plots import HorizontalBars, LineChart, VerticalBars

    style.set_theme("light")
    style.apply(qapp)
    vertical, horizontal, line = VerticalBars("人数"), HorizontalBars("平均点"), LineChart("率")
    for chart in (vertical, horizontal, line):
        qtbot.addWidget(chart)
        chart.show()
    vertical.set_bars(["a", "b"], [3, None], ["a: 3", "b: —"])
    horizontal.set_bars(["総務課", "税務課"], [80.0, 60.0], ["80", "60"])
    line.set_points(["4月", "5月"], [10.0, 20.0], ["10", "20"])
    assert vertical.backgroundBrush().color().name() == "#ffffff"

    style.set_theme("high-contrast")
    style.apply(qapp)
    QApplication.processEvents()
    background, text, bar = (c.lower() for c in style.chart_colours())
    assert background == "#000000"
    for chart in (vertical, horizontal, line):
        assert chart.backgroundBrush().color().name() == background
    for chart in (vertical, horizontal):
        brushes = chart._bars.opts["brushes"]
        assert brushes and all(b.color().name() == bar for b in brushes)
        assert all(label.color.name() == text for label in chart._labels)
    assert line._curve.opts["symbolBrush"] == bar or \
        line._curve.opts["symbolBrush"].color().name() == bar
    assert vertical._tips == ["a: 3", "b: —"]  # the same data, drawn again
