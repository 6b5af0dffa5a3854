"""Keyboard use made visible and dependable: one focus ring drawn around whatever has focus (2 px
in the theme's focus colour with a 2 px halo, so it stands out on any surface), and Enter
pressing a focused push or tool button everywhere, not only in dialogs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QProxyStyle,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QWidget,
)

RING = 2  # the ring itself
HALO = 2  # a contrasting line outside it, for surfaces the ring colour does not stand out on
GAP = 1  # between the widget and the ring
MARGIN = GAP + RING + HALO


class FocusRing(QWidget):
    """Drawn over the nearest ancestor that has room for it; follows its target's moves."""

    def __init__(self, target: QWidget, colours: tuple[str, str]) -> None:
        super().__init__(target.parentWidget())
        self.target = target
        self._colours = colours
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._watched: list[QWidget] = []
        self._place()

    def _place(self) -> None:
        """Find the host anew (a widget just added to a page may not be laid out yet)."""
        host, rect = _host_for(self.target)
        if host is not self.parentWidget() or not self._watched:
            for widget in self._watched:
                widget.removeEventFilter(self)
            self._watched.clear()
            self.setParent(host)
            widget: QWidget | None = self.target
            while widget is not None and widget is not host:
                widget.installEventFilter(self)
                self._watched.append(widget)
                widget = widget.parentWidget()
        self.setGeometry(rect)
        self.raise_()
        self.setVisible(self.target.isVisible())

    def release(self) -> None:
        for widget in self._watched:
            widget.removeEventFilter(self)
        self._watched.clear()
        self.hide()
        self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        elif kind == QEvent.Type.Hide and watched is self.target:
            self.hide()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        ring, halo = self._colours
        painter = QPainter(self)
        outer = QRectF(self.rect())
        for colour, inset, width in ((halo, 0, HALO), (ring, HALO, RING)):
            frame = QPainterPath()
            frame.setFillRule(Qt.FillRule.OddEvenFill)
            frame.addRect(outer.adjusted(inset, inset, -inset, -inset))
            inner = inset + width
            frame.addRect(outer.adjusted(inner, inner, -inner, -inner))
            painter.fillPath(frame, QColor(colour))
        painter.end()


def _target(widget: QWidget) -> QWidget:
    """The widget the ring goes round: a choice row rather than its bare radio button, a spin
    box or combo rather than its inner editor."""
    parent = widget.parentWidget()
    if parent is not None and (widget.property("focusFrame") == "parent"
                               or isinstance(parent, (QAbstractSpinBox, QComboBox))):
        return parent
    return widget


def _host_for(target: QWidget) -> tuple[QWidget, QRect]:
    """The lowest ancestor the ring fits in, stopping at a scroll area's viewport (so the ring
    scrolls and clips with the page) or the window; the ring's rectangle in its coordinates."""
    host = target.parentWidget()
    assert host is not None
    rect = target.geometry().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    while not host.rect().contains(rect) and not host.isWindow() and not _is_viewport(host):
        rect.translate(host.pos())
        parent = host.parentWidget()
        if parent is None:
            break
        host = parent
    return host, rect.intersected(host.rect())


def _is_viewport(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget


class FocusRings(QObject):
    """Moves the one ring to the widget that receives focus."""

    def __init__(self, app: QApplication, colours: tuple[str, str]) -> None:
        super().__init__(app)
        self.colours = colours
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self._on_app_focusChanged)

    def set_colours(self, colours: tuple[str, str]) -> None:
        """The theme's ring colours, for the ring on screen too."""
        self.colours = KeyboardStyle.colours = colours
        if self.ring is not None:
            try:
                self.ring._colours = colours
                self.ring.update()
            except RuntimeError:  # deleted with its host
                self.ring = None

    def _on_app_focusChanged(self, _old: QWidget | None, new: QWidget | None) -> None:  # noqa: N802
        if self.ring is not None:
            try:
                self.ring.release()
            except RuntimeError:  # its host was deleted, and the ring with it
                pass
            self.ring = None
        if new is None or new.isWindow() or new.property("noFocusRing"):
            return
        target = _target(new)
        if target.isWindow() or target.parentWidget() is None:
            return
        self.ring = FocusRing(target, self.colours)


class KeyboardStyle(QProxyStyle):
    """Every push button presses on Enter when focused (Qt does so only inside dialogs); tool
    buttons too. Space already presses both. A link reached with Tab in a text browser shows
    in the ring colour (white on blue), not only with Qt's faint dotted box."""

    colours = ("#1A4F8B", "#FFFFFF")

    def polish(self, widget) -> None:  # noqa: ANN001
        if isinstance(widget, QWidget):
            if isinstance(widget, QPushButton):
                widget.setAutoDefault(True)
            elif isinstance(widget, QTextBrowser) and not widget.property("linkFocus"):
                widget.setProperty("linkFocus", True)
                widget.installEventFilter(_LINKS)
            elif isinstance(widget, QToolButton) and not widget.property("enterPresses"):
                widget.setProperty("enterPresses", True)
                widget.installEventFilter(_ENTER)
        super().polish(widget)


class _LinkMarks(QObject):
    """Tab selects the next link's text in a browser (without a signal): after each key and
    focus change, paint that selection in the ring colour."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(watched, QTextBrowser) and event.type() in (
                QEvent.Type.KeyRelease, QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.mark(watched)
        return False

    @staticmethod
    def mark(browser: QTextBrowser) -> None:
        cursor = browser.textCursor()
        marks = []
        if browser.hasFocus() and cursor.hasSelection() and cursor.charFormat().isAnchor():
            colour = KeyboardStyle.colours[0]
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor  # type: ignore[misc]
            mark.format.setBackground(QColor(colour))  # type: ignore[attr-defined]
            mark.format.setForeground(QColor("#000000" if colour == "#FFFF00" else "#FFFFFF"))  # type: ignore[attr-defined]
            marks.append(mark)
        browser.setExtraSelections(marks)


_LINKS = _LinkMarks()


class _EnterPresses(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QToolButton):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                watched.animateClick()
                return True
        return False


_ENTER = _EnterPresses()
