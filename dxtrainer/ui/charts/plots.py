"""pyqtgraph plots built once and then fed with setData-style updates. Import this module only
when a chart is first needed (it imports pyqtgraph, ~0.6 s)."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QToolTip

from dxtrainer.ui.style import UI_FONTS, chart_colours, scale

BACKGROUND, TEXT, BAR = chart_colours()
pg.setConfigOptions(antialias=True, background=BACKGROUND, foreground=TEXT)
# Each chart reads chart_colours() when it draws, and draws again when another theme is chosen
# while it is shown (Ctrl+Shift+H): the module-level colours are only pyqtgraph's defaults.


def _font(size: float = 9.5) -> QFont:
    """The charts' type, at the person's text size like the rest of the UI."""
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSizeF(size * scale())
    return font


def _label_size() -> dict[str, str]:
    return {"font-size": f"{10 * scale():.1f}pt"}


class _Base(pg.PlotWidget):
    hovered = Signal(int)

    def __init__(self, y_label: str, x_label: str = "") -> None:
        super().__init__()
        self.setMinimumHeight(220)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        plot = self.getPlotItem()
        plot.showGrid(x=False, y=True, alpha=0.25)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=_font())
            axis.setPen(pg.mkPen("#9FB3C8"))
        plot.setLabel("left", y_label, **_label_size())
        if x_label:
            plot.setLabel("bottom", x_label, **_label_size())
        self._colours = chart_colours()
        self._scale = scale()
        self._apply_colours()
        self._tips: list[str] = []
        self.scene().sigMouseMoved.connect(self._on_scene_mouseMoved)

    def _apply_colours(self) -> None:
        background, text, _bar = self._colours
        self.setBackground(background)
        plot = self.getPlotItem()
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setTextPen(pg.mkPen(text))
            if axis.labelText:  # also a label set later by the screen
                plot.setLabel(name, axis.labelText, color=text, **_label_size())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Another theme or text size chosen while the chart is shown: draw it again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and hasattr(self, "_tips") \
                and (chart_colours(), scale()) != (self._colours, self._scale):
            self._colours, self._scale = chart_colours(), scale()
            for name in ("left", "bottom"):  # another text size (Ctrl +): the type follows
                self.getPlotItem().getAxis(name).setStyle(tickFont=_font())
            self._apply_colours()
            self._redraw()

    def _redraw(self) -> None:
        """Draw the last data again (in the current colours)."""

    def _index_at(self, point: QPointF) -> int | None:
        raise NotImplementedError

    def _on_scene_mouseMoved(self, pos: QPointF) -> None:  # noqa: N802
        if not self.sceneBoundingRect().contains(pos):
            return
        point = self.getPlotItem().vb.mapSceneToView(pos)
        index = self._index_at(point)
        if index is not None and 0 <= index < len(self._tips):
            # QGraphicsView.mapFromScene(QPointF) already returns a QPoint.
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(pos)), self._tips[index], self)
            self.hovered.emit(index)
        else:
            QToolTip.hideText()


class _Bars(_Base):
    """What both bar charts share: a click on a bar, and drawing the last data again."""

    clicked_bar = Signal(int)

    def __init__(self, y_label: str, x_label: str = "") -> None:
        super().__init__(y_label, x_label)
        self._n = 0
        self._labels: list[pg.TextItem] = []
        self._last: tuple | None = None
        self.scene().sigMouseClicked.connect(self._on_scene_mouseClicked)

    def _redraw(self) -> None:
        if getattr(self, "_last", None) is not None:
            self.set_bars(*self._last)

    @property
    def names(self) -> tuple[str, ...]:
        """The bars' names as last drawn, top to bottom or left to right."""
        return tuple(self._last[0]) if self._last else ()

    @property
    def values(self) -> tuple[float | None, ...]:
        """The bars' values as last drawn (None: a suppressed group's 「—」)."""
        return tuple(self._last[1]) if self._last else ()

    def set_bars(self, names: Sequence[str], values: Sequence[float | None],
                 tips: Sequence[str], colours: Sequence[str] | None = None) -> None:
        raise NotImplementedError

    def _on_scene_mouseClicked(self, event) -> None:  # noqa: ANN001, N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.getPlotItem().vb.mapSceneToView(event.scenePos())
        index = self._index_at(point)
        if index is not None:
            self.clicked_bar.emit(index)


class VerticalBars(_Bars):
    """Bars at x = 0..n-1 with category labels; values may be None (suppressed: no bar)."""

    def __init__(self, y_label: str, y_max: float | None = 100.0) -> None:
        super().__init__(y_label)
        self._bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=BAR, pen=None)
        self.addItem(self._bars)
        self._y_max = y_max

    def set_bars(self, names: Sequence[str], values: Sequence[float | None],
                 tips: Sequence[str], colours: Sequence[str] | None = None) -> None:
        self._last = (names, values, tips, colours)
        _background, text_colour, bar = self._colours
        xs = [i for i, v in enumerate(values) if v is not None]
        heights = [values[i] for i in xs]
        brushes = [pg.mkBrush(colours[i] if colours else bar) for i in xs]
        self._bars.setOpts(x=xs, height=heights, width=0.6, brushes=brushes)
        for item in self._labels:
            self.removeItem(item)
        self._labels = []
        for i, v in enumerate(values):
            # The value is written above every bar, so neither colour nor height carries it alone.
            text = pg.TextItem("—" if v is None else _number(v), color=text_colour,
                               anchor=(0.5, 1))
            text.setFont(_font(8.5))
            text.setPos(i, 0 if v is None else v)
            self.addItem(text)
            self._labels.append(text)
        self._n = len(values)
        self._tips = list(tips)
        axis = self.getPlotItem().getAxis("bottom")
        axis.setTicks([[(i, _wrap(n)) for i, n in enumerate(names)]])
        top = self._y_max or max([h for h in heights] + [1]) * 1.18
        self.setXRange(-0.6, max(self._n - 0.4, 0.6), padding=0)
        self.setYRange(0, top, padding=0)

    def _index_at(self, point: QPointF) -> int | None:
        i = round(point.x())
        return i if 0 <= i < self._n and abs(point.x() - i) <= 0.35 else None


MIN_SLOTS = 4


class HorizontalBars(_Bars):
    """One bar per department, names on the left axis (long Japanese names stay readable);
    None (a suppressed small group) draws no bar and a 「—」."""

    def __init__(self, x_label: str, x_max: float = 100.0) -> None:
        super().__init__("", x_label)
        self._bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6, brush=BAR, pen=None)
        self.addItem(self._bars)
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.25)
        self.getPlotItem().invertY(True)
        self._x_max = x_max

    def set_bars(self, names: Sequence[str], values: Sequence[float | None],
                 tips: Sequence[str], colours: Sequence[str] | None = None) -> None:
        self._last = (names, values, tips, colours)
        _background, text_colour, bar = self._colours
        ys = [i for i, v in enumerate(values) if v is not None]
        self._bars.setOpts(x0=[0] * len(ys), y=ys, width=[values[i] for i in ys], height=0.6,
                           brushes=[pg.mkBrush(colours[i] if colours else bar) for i in ys])
        for item in self._labels:
            self.removeItem(item)
        self._labels = []
        for i, v in enumerate(values):
            text = pg.TextItem("—" if v is None else f"{v:.1f}", color=text_colour,
                               anchor=(1, 0.5) if v is not None and v < 0 else (0, 0.5))
            text.setFont(_font(8.5))
            text.setPos(0 if v is None else v, i)  # past the bar's end, either side of zero
            self.addItem(text)
            self._labels.append(text)
        self._n = len(values)
        self._tips = list(tips)
        self.getPlotItem().getAxis("left").setTicks([[(i, n) for i, n in enumerate(names)]])
        self.setMinimumHeight(max(220, 34 * self._n + 70))
        # room for at least MIN_SLOTS bars, so that one or two bars keep a bar's thickness
        # instead of filling the plot (they stand at the top, as the first of a longer list)
        self.setYRange(-0.6, max(self._n, MIN_SLOTS) - 0.4, padding=0)
        lowest = min([0.0, *(v for v in values if v is not None)])  # a fall (negative gain)
        self.setXRange(lowest * 1.15 - (8 if lowest < 0 else 0), self._x_max * 1.08, padding=0)

    def _index_at(self, point: QPointF) -> int | None:
        i = round(point.y())
        return i if 0 <= i < self._n and abs(point.y() - i) <= 0.35 else None


class LineChart(_Base):
    def __init__(self, y_label: str, y_max: float | None = 100.0) -> None:
        super().__init__(y_label)
        bar = self._colours[2]
        self._curve = self.plot([], [], pen=pg.mkPen(bar, width=2.5), symbol="o",
                                symbolSize=7, symbolBrush=bar, symbolPen=None)
        self._y_max = y_max
        self._n = 0

    def _redraw(self) -> None:
        if not hasattr(self, "_curve"):
            return
        bar = self._colours[2]
        self._curve.setPen(pg.mkPen(bar, width=2.5))
        self._curve.setSymbolBrush(bar)

    def set_points(self, names: Sequence[str], values: Sequence[float | None],
                   tips: Sequence[str]) -> None:
        xs = [i for i, v in enumerate(values) if v is not None]
        self._curve.setData(xs, [values[i] for i in xs])
        self._n = len(values)
        self._tips = list(tips)
        self.getPlotItem().getAxis("bottom").setTicks([[(i, n) for i, n in enumerate(names)]])
        top = self._y_max or max([values[i] for i in xs] + [1]) * 1.15
        self.setXRange(-0.5, max(self._n - 0.5, 0.5), padding=0)
        self.setYRange(0, top, padding=0)

    def _index_at(self, point: QPointF) -> int | None:
        i = round(point.x())
        return i if 0 <= i < self._n else None


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:.1f}"


def _wrap(name: str, width: int = 6) -> str:
    """Axis labels for long department names: break every `width` characters."""
    return "\n".join(name[i:i + width] for i in range(0, len(name), width))
