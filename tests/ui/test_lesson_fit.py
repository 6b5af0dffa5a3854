"""Lesson figures scale to the reading column; the 目次 folds away by itself when narrow and
has a button to show or hide it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from dxtrainer.ui.screens.lesson_screen import ReadingBrowser

WIDE = ('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="300">'
        '<rect width="1200" height="300" fill="#36c"/></svg>')


def test_a_wide_figure_shrinks_to_the_column_and_grows_back(qtbot, tmp_path):
    figure = tmp_path / "wide.svg"
    figure.write_text(WIDE, encoding="utf-8")
    browser = ReadingBrowser()
    qtbot.addWidget(browser)
    browser.resize(700, 500)
    browser.show()
    browser.setHtml(f'<p>本文</p><p align="center"><img src="{figure.as_uri()}"/></p>')
    browser.fit_images()
    QApplication.processEvents()
    assert browser.horizontalScrollBar().maximum() == 0
    browser.resize(560, 500)  # narrower still (1024 wide at 150 %)
    QApplication.processEvents()
    assert browser.horizontalScrollBar().maximum() == 0
    browser.resize(1400, 900)
    QApplication.processEvents()
    assert browser.horizontalScrollBar().maximum() == 0
    from dxtrainer.ui.widgets.fit_images import natural_size

    assert natural_size(figure.as_uri()).width() == 1200
