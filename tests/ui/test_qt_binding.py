"""The Qt binding must not leak references to None (PySide6 6.12.0 on CPython 3.11 releases one
per void call, and the app dies after a few thousand clicks)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_the_reference_count_of_none(qtbot):
    widget = QLabel("x")
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(500):
        widget.update()
        widget.setText("y")
    assert abs(sys.getrefcount(None) - before) < 50
