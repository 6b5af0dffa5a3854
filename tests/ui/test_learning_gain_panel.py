"""HR's dashboard shows the course learning gain (事後 − 事前) panel once people took both tests,
with the same numbers in 表で見る; without course tests the panel stays hidden."""

from __future__ import annotations

import os
import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from dxtrainer.db.models import Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.records import CurrentUser, Role
from tests.conftest import SAMPLE_CONTENT
from tests.services.test_learning_gain import START, take
from tests.ui.helpers import TIMEOUT, make_window, sign_in
from tests.ui.test_dashboard import demo_city


def test_the_gain_panel_shows_each_department_with_a_table(qtbot, tmp_path, db_path):
    demo_city(db_path, staff=120)
    services = open_services(db_path, SAMPLE_CONTENT)
    rng = random.Random(3)
    with services.sessions() as s:
        people = s.execute(select(Staff.id, Staff.staff_no).where(Staff.role == "learner")).all()
    for staff_id, staff_no in people[:90]:
        user = CurrentUser(staff_id, staff_no, "", "", Role.LEARNER)
        take(services, user, "pre", [rng.random() < 0.4 for _ in range(3)], START)
        take(services, user, "post", [rng.random() < 0.75 for _ in range(3)],
             START + timedelta(days=10))
    services.close()
    window, _runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, [])
    window.resize(1366, 900)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    screen = shell.dashboard
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT * 3):
        shell.nav_buttons["dashboard"].click()
    panel = screen.panels["gain"]
    assert panel.isVisible()
    board = screen.board
    total = board.learning_gain[0]
    assert total.overall.people == 90 and total.overall.gain is not None
    assert screen.gain_chart.names == ("テスト用コース",)  # one bar per course
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT * 3):  # the course, by department
        screen.course.setCurrentIndex(screen.course.findData("sample-course"))
    board = screen.board
    departments = [r for r in board.learning_gain if r.department_id is not None
                   and (r.suppressed or r.overall.people)]
    assert departments
    assert screen.gain_chart.names == ("全体", *(r.department for r in departments))
    panel.toggle.click()
    assert panel.table.rowCount() == 1 + len(departments)
    text = panel.table_text()
    assert "事前テスト\t事後テスト\t伸び\t区分別の伸び" in text
    assert "テスト用コース\t全体\t90" in text
    # a 区分 chosen: the gain over that category's questions only
    category = next(iter(total.by_category))
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT * 3):
        screen.category.setCurrentIndex(screen.category.findData(category))
    total = screen.board.learning_gain[0]
    [whole_bar] = [v for n, v in zip(screen.gain_chart.names, screen.gain_chart.values,
                                     strict=True) if n == "全体"]
    assert whole_bar == pytest.approx(total.by_category[category].gain * 100)
    assert whole_bar != pytest.approx(total.overall.gain * 100)
    if os.environ.get("DXTRAINER_SHOTS"):
        panel.toggle.click()
        screen.ensureWidgetVisible(panel)
        from PySide6.QtWidgets import QApplication
        for _ in range(3):  # pyqtgraph widens the name axis after its first paint
            panel.grab()
            QApplication.processEvents()
        window.grab().save(os.path.join(os.environ["DXTRAINER_SHOTS"], "gain.png"))
        panel.grab().save(os.path.join(os.environ["DXTRAINER_SHOTS"], "gain-panel.png"))
