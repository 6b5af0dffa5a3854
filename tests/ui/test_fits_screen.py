"""Nothing is cut off: on every screen, at 1024×768, 1366×768, 1920×1080 at 150 % (1280×720
logical) and 1024×768 with the text at 150 % (the person's text size, Ctrl + three times; light
and high contrast), every visible widget lies inside the window (or inside the page that
scrolls it, never sideways) and gets at least its minimum size hint. Each screen is also saved
as a PNG under the test's tmp folder for a look.

About 60 s: one HR sign-in, twelve screens at five sizes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGraphicsView,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from dxtrainer.services.container import open_services
from dxtrainer.services.demo_org import generate
from dxtrainer.ui.window_fit import fitted
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle

# available screen areas (a 40 px taskbar below)
SCREENS = {"1024x768": QRect(0, 0, 1024, 728), "1366x768": QRect(0, 0, 1366, 728),
           "1920x1080@150%": QRect(0, 0, 1280, 693), "1024x768 text 150%": QRect(0, 0, 1024, 728),
           "1024x768 text 150% high contrast": QRect(0, 0, 1024, 728)}
# the others at the normal text size and in the environment's theme
TEXT_PERCENT = {"1024x768 text 150%": 150, "1024x768 text 150% high contrast": 150}
THEME = {"1024x768 text 150% high contrast": "high-contrast"}  # bold type takes more room
IGNORED = QSizePolicy.Policy.Ignored


def _inside_a_view(widget: QWidget, top: QWidget) -> bool:
    """Widgets drawn inside item views and plots scroll or clip by design."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, (QAbstractItemView, QGraphicsView)):
            return True
        parent = parent.parentWidget()
    return False


def _page_of(widget: QWidget, top: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea) and parent.widget() is not None \
                and parent.widget().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def cut_off(window: QWidget) -> list[str]:
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or _inside_a_view(widget, window):
            continue
        name = f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()!r})"
        page = _page_of(widget, window)
        if page is None:
            frame = window.rect()
            rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        else:
            body = page.widget()
            frame = body.rect()
            rect = QRect(widget.mapTo(body, widget.rect().topLeft()), widget.size())
            if page.horizontalScrollBar().isVisible():
                problems.append(f"{type(page).__name__} scrolls sideways")
        if not frame.contains(rect):
            problems.append(f"{name} at {rect.getRect()} outside {frame.getRect()}")
        hint, policy = widget.minimumSizeHint(), widget.sizePolicy()
        # a size capped on purpose (a thin progress bar) is a design, not a squeeze
        hint = hint.boundedTo(widget.maximumSize())
        if policy.verticalPolicy() == QSizePolicy.Policy.Fixed:  # laid out at its size hint
            hint.setHeight(min(hint.height(), widget.sizeHint().height()))
        if hint.isValid():
            if policy.horizontalPolicy() != IGNORED and widget.width() < hint.width():
                problems.append(f"{name} {widget.width()} px wide < {hint.width()}")
            # (2 px of slack: a focused line edit's thicker border is not re-laid out by Qt)
            if policy.verticalPolicy() != IGNORED and widget.height() < hint.height() - 2 \
                    and not widget.hasHeightForWidth():
                problems.append(f"{name} {widget.height()} px high < {hint.height()}")
    return sorted(set(problems))


def _settle(qtbot, runner) -> None:
    wait_idle(qtbot, runner)
    QApplication.processEvents()
    wait_idle(qtbot, runner)
    QApplication.processEvents()


def test_every_screen_fits_small_screens_and_150_percent(qtbot, tmp_path, db_path):
    services = open_services(db_path, SAMPLE_CONTENT)
    generate(services, staff=30, months=3, today=date.today())
    services.close()
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shots = tmp_path / "screens"
    shots.mkdir()
    found: dict[str, list[str]] = {}

    def check(screen: str) -> None:
        for size_name, available in SCREENS.items():
            window.text_size.set_percent(TEXT_PERCENT.get(size_name, 100))
            window.text_size.set_theme(THEME.get(size_name, ""))
            rect = fitted(available, QSize(4000, 4000), None)  # as large as the screen allows
            window.resize(rect.size())
            _settle(qtbot, runner)
            window.grab().save(str(shots / f"{screen}-{size_name}.png"))
            problems = cut_off(window)
            if problems:
                found[f"{screen} at {size_name}"] = problems
        window.text_size.set_percent(100)
        window.text_size.set_theme("")  # back to the environment's theme

    window.resize(1000, 700)
    check("signin")
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    for key in ("home", "progress", "review", "glossary", "dashboard", "staff", "assignments",
                "content"):
        shell.go(key)
        _settle(qtbot, runner)
        check(key)
    hover_every_dashboard_item(qtbot, shell.dashboard)
    shell.open_lesson("sample-basics")
    _settle(qtbot, runner)
    check("lesson")
    lesson = shell.lesson
    for size_name, wide_toc in (("1024x768", False), ("1366x768", True)):
        window.resize(fitted(SCREENS[size_name], QSize(4000, 4000), None).size())
        _settle(qtbot, runner)
        assert lesson.browser.horizontalScrollBar().maximum() == 0, size_name
        if lesson.toc_button.isVisible():  # the 目次 folds away by itself when narrow
            assert lesson.toc_panel.isVisible() is wide_toc, size_name
    if lesson.toc_button.isVisible():
        lesson.toc_button.click()  # the learner's own choice wins
        assert not lesson.toc_panel.isVisible()
        lesson.toc_button.click()
        assert lesson.toc_panel.isVisible()
    shell.open_quiz(shell.lesson.view.quiz_id)
    _settle(qtbot, runner)
    check("quiz")
    # the result page: answer everything (any answer) and finish
    quiz = shell.quiz
    for _n in range(len(quiz.attempt.questions)):
        answer_any(qtbot, quiz)
    _settle(qtbot, runner)
    check("result")
    wait_idle(qtbot, runner)
    for services in opened:
        services.close()
    assert found == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())


def answer_any(qtbot, quiz) -> None:
    from dxtrainer.ui.widgets.question_widgets import ChoiceAnswer

    if isinstance(quiz.answer, ChoiceAnswer):
        quiz.answer.rows[0].button.setChecked(True)
    with qtbot.waitSignal(quiz.answered, timeout=TIMEOUT):
        quiz.submit()
    quiz.next_button.click()



def hover_every_dashboard_item(qtbot, board) -> None:
    """Every bar and point of the drawn dashboard shows its own tooltip, without exceptions."""
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QToolTip

    from tests.ui.test_chart_hover import _move

    view = board.view
    charts = ((board.completion_chart, view.completion, "h"), (board.average_chart, view.average, "h"),
              (board.distribution_chart, view.distribution, "v"), (board.trend_chart, view.trend, "p"))
    for chart, series, kind in charts:
        board.ensureWidgetVisible(chart)
        QApplication.processEvents()
        vb = chart.getPlotItem().vb
        for i, value in enumerate(series.values):
            v = value or 0.0
            point = {"h": QPointF(max(v / 2, 1), i), "v": QPointF(i, max(v / 2, 0.05)),
                     "p": QPointF(i, v)}[kind]
            chart.scene()._lastMoveEventTime = 0
            with qtbot.capture_exceptions() as errors:
                _move(chart, chart.mapFromScene(vb.mapViewToScene(point)))
            assert errors == []
            assert QToolTip.text() == series.tips[i], (kind, i)
