"""Where the main window opens and how big: never larger than the screen it opens on.

The first size is the design size (1280×820) but at most 90 % of the screen's available area;
a remembered size and position are clamped to the screen they open on, so a window saved on a
large monitor still fits a 1366×768 laptop (or 150 % scaling) next time."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

DESIGN_SIZE = QSize(1280, 820)
FIRST_SHARE = 0.9
# The title bar and borders drawn around the client area by the window manager (an estimate:
# before the window is shown its real frame is not known).
FRAME = QSize(16, 40)
SMALLEST = QSize(640, 480)


def minimum_size(available: QRect) -> QSize:
    """The smallest size the window allows: SMALLEST, but never more than the screen."""
    return QSize(min(SMALLEST.width(), available.width() - FRAME.width()),
                 min(SMALLEST.height(), available.height() - FRAME.height()))


def first_size(available: QRect) -> QSize:
    return QSize(min(DESIGN_SIZE.width(), int(available.width() * FIRST_SHARE)),
                 min(DESIGN_SIZE.height(), int(available.height() * FIRST_SHARE)))


def fitted(available: QRect, size: QSize | None, pos: QPoint | None) -> QRect:
    """The client rectangle to open with: the saved size (or the first size) clamped to the
    available area minus the frame, and moved so that the whole frame lies on the screen."""
    room = QSize(available.width() - FRAME.width(), available.height() - FRAME.height())
    wanted = size if size is not None and size.isValid() and not size.isEmpty() \
        else first_size(available)
    low = minimum_size(available)
    width = max(low.width(), min(wanted.width(), room.width()))
    height = max(low.height(), min(wanted.height(), room.height()))
    if pos is None:  # centred
        x = available.x() + (available.width() - width - FRAME.width()) // 2
        y = available.y() + (available.height() - height - FRAME.height()) // 2
    else:
        x = min(max(pos.x(), available.x()), available.right() + 1 - width - FRAME.width())
        y = min(max(pos.y(), available.y()), available.bottom() + 1 - height - FRAME.height())
    return QRect(x, y, width, height)
