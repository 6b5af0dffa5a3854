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


def test_the_toc_folds_away_when_narrow_and_has_a_button(qtbot):
    from dxtrainer.domain.content import Category
    from dxtrainer.services.records import LessonView, TocItem
    from dxtrainer.ui.screens.lesson_screen import TOC_NARROW, LessonScreen
    from dxtrainer.ui.task_runner import TaskRunner

    screen = LessonScreen(TaskRunner(), None, None, lambda term: None)
    qtbot.addWidget(screen)
    toc = tuple(TocItem(level=2, title=f"節{i}", anchor=f"s{i}") for i in range(5))
    view = LessonView(id="l", title="題", category=Category.WHY, minutes=5, objectives=(),
                      html="<h2 id='s0'>節0</h2><p>本文</p>", toc=toc, previous_id=None,
                      next_id=None, quiz_id=None, read=True, completed=False, position=1,
                      count=1)
    screen.resize(TOC_NARROW + 100, 600)
    screen.show()
    screen._on_lesson_opened(view)
    assert screen.toc_panel.isVisible() and screen.toc_button.isChecked()
    screen.resize(TOC_NARROW - 100, 600)
    QApplication.processEvents()
    assert not screen.toc_panel.isVisible() and screen.toc_button.isVisible()
    screen.toc_button.click()
    assert screen.toc_panel.isVisible()
    screen.resize(TOC_NARROW - 200, 600)
    QApplication.processEvents()
    assert screen.toc_panel.isVisible()  # the learner's choice stays
