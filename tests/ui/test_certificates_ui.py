"""The learner saves their 修了証 as a PDF from the progress screen once a course is complete."""

from __future__ import annotations

import os

from dxtrainer.ui.screens.progress_screen import ProgressScreen
from dxtrainer.ui.task_runner import TaskRunner
from tests.services.course_helpers import add_department, add_person, complete_course
from tests.ui.helpers import TIMEOUT


def test_the_progress_screen_offers_the_certificate_once_complete(qtbot, services, tmp_path):
    city = add_department(services, "c1", "市民課")
    learner = add_person(services, "2001", city, name="山田 花子")
    runner = TaskRunner()
    screen = ProgressScreen(runner, services.progress, learner,
                            certificates=services.certificates)
    qtbot.addWidget(screen)
    screen.resize(1000, 900)
    panel = screen.certificates
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        screen.refresh()
    assert panel.rows == [] and not panel.empty.isHidden() and panel.save_button.isHidden()

    complete_course(services, learner.staff_id)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        screen.refresh()
    [row] = panel.rows
    assert panel.model.rowCount() == 1 and not panel.save_button.isHidden()
    assert panel.model.index(0, 2).data() == row.code
    target = tmp_path / "修了証.pdf"
    with qtbot.waitSignal(panel.saved, timeout=TIMEOUT) as saved:
        panel.save(str(target))
    assert saved.args == [str(target)]
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 5000
    assert "保存しました" in panel.status.text()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
    if os.environ.get("DXTRAINER_SHOTS"):
        screen.grab().save(os.path.join(os.environ["DXTRAINER_SHOTS"], "progress-certs.png"))
