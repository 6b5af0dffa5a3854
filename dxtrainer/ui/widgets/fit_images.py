"""Lesson figures that fit the reading column: an image wider than the column is drawn at the
column's width (its shape kept), so a narrow window never needs a sideways scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QImageReader, QTextCursor, QTextDocument, QTextImageFormat

_natural: dict[str, QSize] = {}


def natural_size(name: str) -> QSize | None:
    """The size the image file asks for (read from its header once, not decoded)."""
    if name not in _natural:
        path = QUrl(name).toLocalFile() or name
        size = QImageReader(path).size()
        _natural[name] = size
    size = _natural[name]
    return size if size.isValid() and size.width() > 0 else None


def fit_images(document: QTextDocument, width: float) -> int:
    """Give every image the width min(its own, `width`); returns how many were changed."""
    found: list[tuple[int, int, QTextImageFormat]] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                found.append((fragment.position(), fragment.length(),
                              fragment.charFormat().toImageFormat()))
            it += 1
        block = block.next()
    changed = 0
    for position, length, image in found:
        natural = natural_size(image.name())
        if natural is None:
            continue
        wanted = min(float(natural.width()), max(width, 40.0))
        if abs(image.width() - wanted) < 0.5:
            continue
        image.setWidth(wanted)
        image.setHeight(natural.height() * wanted / natural.width())
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)
        changed += 1
    return changed
