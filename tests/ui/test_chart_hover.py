"""Hovering every bar, point and heatmap cell shows that item's value as a tooltip, and no
exception is raised on the way (the hover once died with `'QPoint' has no attribute toPoint`)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

pytest.importorskip("pyqtgraph")

NAMES = ["総務部", "市民生活部 市民課", "健康福祉部", "建設部"]
VALUES = [72.5, None, 40.0, 91.0]


def _move(widget, point: QPoint) -> None:
    """A real mouse move on the view's viewport (what pyqtgraph's scene listens to)."""
    viewport = widget.viewport()
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(viewport.mapToGlobal(point)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def _hover_plot(qtbot, chart, view_points: list[QPointF], tips: list[str]) -> None:
    chart.resize(640, 420)
    chart.show()
    qtbot.waitExposed(chart)
    vb = chart.getPlotItem().vb
    for point, tip in zip(view_points, tips, strict=True):
        hovered: list[int] = []
        chart.hovered.connect(hovered.append)
        chart.scene()._lastMoveEventTime = 0  # pyqtgraph drops moves closer than ~16 ms apart
        with qtbot.capture_exceptions() as errors:
            _move(chart, chart.mapFromScene(vb.mapViewToScene(point)))
        chart.hovered.disconnect(hovered.append)
        assert errors == [], errors
        assert hovered, f"no hover at {point}"
        assert QToolTip.text() == tip
        assert tips[hovered[-1]] == tip


def _tips(values) -> list[str]:
    return [f"{n}: {'—' if v is None else v}" for n, v in zip(NAMES, values, strict=True)]


def test_every_vertical_bar_shows_its_value_on_hover(qtbot):
    from dxtrainer.ui.charts.plots import VerticalBars

    chart = VerticalBars("人数(人)", y_max=None)
    qtbot.addWidget(chart)
    counts = [3, 0, 12, 7]
    tips = _tips(counts)
    chart.set_bars(NAMES, counts, tips)
    _hover_plot(qtbot, chart, [QPointF(i, max(v, 0.2) / 2) for i, v in enumerate(counts)], tips)
    # the values are written on the chart, not only shown by height or colour
    texts = [item.textItem.toPlainText() for item in chart._labels]
    assert texts == ["3", "0", "12", "7"]


def test_every_horizontal_bar_shows_its_value_on_hover(qtbot):
    from dxtrainer.ui.charts.plots import HorizontalBars

    chart = HorizontalBars("修了率(%)")
    qtbot.addWidget(chart)
    tips = _tips(VALUES)
    chart.set_bars(NAMES, VALUES, tips)
    # a suppressed group has no bar but its row still answers the hover with 「—」
    _hover_plot(qtbot, chart, [QPointF((v or 2) / 2, i) for i, v in enumerate(VALUES)], tips)
    assert [item.textItem.toPlainText() for item in chart._labels] == ["72.5", "—", "40.0", "91.0"]


def test_every_point_of_a_line_chart_shows_its_value_on_hover(qtbot):
    from dxtrainer.ui.charts.plots import LineChart

    chart = LineChart("参加率(%)")
    qtbot.addWidget(chart)
    values = [10.0, 25.5, 40.0]
    tips = [f"{m}月: {v}" for m, v in zip((4, 5, 6), values, strict=True)]
    chart.set_points(["4月", "5月", "6月"], values, tips)
    _hover_plot(qtbot, chart, [QPointF(i, v) for i, v in enumerate(values)], tips)


def test_every_heatmap_cell_shows_its_value_on_hover(qtbot):
    from dxtrainer.ui.charts.heatmap import Heatmap

    heatmap = Heatmap()
    qtbot.addWidget(heatmap)
    rows, cols = ["総務部", "建設部"], ["データ", "技術", "活用"]
    values = [[0.1, 0.5, None], [0.9, 0.0, 0.33]]
    texts = [["10.0%", "50.0%", "—"], ["90.0%", "0.0%", "33.0%"]]
    heatmap.set_cells(rows, cols, values, texts, ["#111111", "#222222", "#333333"])
    heatmap.resize(600, 300)
    heatmap.show()
    qtbot.waitExposed(heatmap)
    for r in range(len(rows)):
        for c in range(len(cols)):
            rect = heatmap.visualItemRect(heatmap.item(r, c))
            event = QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                               heatmap.viewport().mapToGlobal(rect.center()))
            with qtbot.capture_exceptions() as errors:
                QApplication.sendEvent(heatmap.viewport(), event)
            assert errors == []
            assert QToolTip.text() == f"{rows[r]} / {cols[c]}: {texts[r][c]}"
            # the number is in the cell itself, so the shade never carries it alone
            assert heatmap.item(r, c).text() == texts[r][c]


def test_one_bar_keeps_its_thickness_and_a_fall_stays_in_view(qtbot):
    """A learning gain with one course is one bar: it must not fill the plot. A negative gain
    (the post-test went worse) is drawn left of zero, inside the view, its value beside it."""
    from dxtrainer.ui.charts.plots import MIN_SLOTS, HorizontalBars

    chart = HorizontalBars("伸び")
    qtbot.addWidget(chart)
    chart.set_bars(["全職員向けコア"], [-12.5], ["全職員向けコア: -12.5"])
    (x_low, x_high), (y_low, y_high) = chart.getPlotItem().vb.viewRange()
    assert y_high - y_low >= MIN_SLOTS - 0.5  # room for several bars: this one stays thin
    assert x_low < -12.5 and x_high > 100
    [label] = chart._labels
    assert label.anchor.x() == 1 and label.pos().x() == -12.5  # ends where the bar ends
    _hover_plot(qtbot, chart, [QPointF(-6.0, 0.0)], ["全職員向けコア: -12.5"])
