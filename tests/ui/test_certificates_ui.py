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


def test_the_learner_answers_the_survey_once_from_the_progress_screen(qtbot, services):
    city = add_department(services, "c1", "市民課")
    learner = add_person(services, "2001", city)
    complete_course(services, learner.staff_id)
    runner = TaskRunner()
    screen = ProgressScreen(runner, services.progress, learner,
                            certificates=services.certificates, surveys=services.surveys)
    qtbot.addWidget(screen)
    panel = screen.certificates
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        screen.refresh()
    assert not panel.survey_button.isHidden()
    panel.open_survey()
    dialog = panel.survey_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.satisfaction.button(4).setChecked(True)
    dialog.comment.setPlainText("事例が分かりやすかった")
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        dialog.send_button.click()
    assert panel.survey_button.isHidden() and "ありがとうございました" in panel.status.text()
    assert services.surveys.pending(learner) == []


def test_hr_checks_lists_exports_and_revokes(qtbot, services, tmp_path):
    from dxtrainer.ui.screens.certificates_screen import CertificatesScreen

    city = add_department(services, "c1", "市民課")
    hr = add_person(services, "9001", None, role="hr")
    names = []
    for n in range(3):
        person = add_person(services, f"20{n:02d}", city)
        complete_course(services, person.staff_id)
        services.certificates.issue_due(person)
        names.append(person.name)
    runner = TaskRunner()
    screen = CertificatesScreen(runner, services, hr)
    qtbot.addWidget(screen)
    screen.resize(1100, 800)
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.refresh()
    assert screen.model.rowCount() == 3 and screen.department.count() >= 2
    row = screen.model.row(0)
    screen.code.setText(row.code.lower())
    with qtbot.waitSignal(screen.checked, timeout=TIMEOUT):
        screen.check()
    assert "有効な修了証です。" in screen.result.text() and row.name in screen.result.text()
    screen.table.selectRow(0)
    screen._on_revoke_button_clicked()
    dialog = screen.revoke_dialog
    assert not dialog.ok.isEnabled()
    dialog.reason.setText("受講記録の誤り")
    assert not dialog.ok.isEnabled()  # the confirming tick too
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        dialog.ok.click()
    assert services.certificates.verify(row.code).revoked
    assert "取消" in screen.model.index(0, 6).data() or any(
        "取消" in screen.model.index(i, 6).data() for i in range(3))
    target = tmp_path / "list.csv"
    with qtbot.waitSignal(screen.exported, timeout=TIMEOUT):
        screen.export(str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 4
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
    if os.environ.get("DXTRAINER_SHOTS"):
        from PySide6.QtWidgets import QApplication

        from dxtrainer.ui import style

        style.apply(QApplication.instance())
        screen.grab().save(os.path.join(os.environ["DXTRAINER_SHOTS"], "hr-certs.png"))


def test_survey_screen_shows_the_distribution_and_hides_export_from_managers(qtbot, services,
                                                                            tmp_path):
    from PySide6.QtGui import QColor

    from dxtrainer.ui.screens.survey_screen import SurveyScreen
    from dxtrainer.ui.style import chart_colours

    top = add_department(services, "d1", "市民部")
    big = add_department(services, "d11", "市民課", top)
    other = add_department(services, "d2", "税務部")
    hr = add_person(services, "9001", None, role="hr")
    boss = add_person(services, "9002", top, role="manager")
    for dept, level, count in ((big, 5, 6), (other, 3, 5)):
        for n in range(count):
            person = add_person(services, f"{dept}{n:03d}", dept)
            complete_course(services, person.staff_id)
            services.surveys.answer(person, "sample-course", level, level - 1, f"意見{n}")
    runner = TaskRunner()
    screen = SurveyScreen(runner, services, hr)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    with qtbot.waitSignal(screen.loaded, timeout=TIMEOUT):
        screen.refresh()
    assert screen.model.rowCount() == 3  # 全庁, 市民部, 税務部
    assert screen.model.index(0, 1).data() == "11"
    # the distribution in words (screen readers, copying, the tooltip) and drawn as bars
    assert screen.model.index(0, 3).data() == "1(低い):0人、2:0人、3:5人、4:0人、5(高い):6人"
    cell = screen.table.visualRect(screen.table.model().index(0, 3))
    picture = screen.table.viewport().grab(cell).toImage()
    bar = QColor(chart_colours()[2]).rgb()
    assert any(picture.pixel(x, y) == bar for x in range(picture.width())
               for y in range(picture.height()))
    assert not screen.export_button.isHidden()
    target = tmp_path / "comments.csv"
    with qtbot.waitSignal(screen.exported, timeout=TIMEOUT):
        screen.export(str(target))
    assert "意見0" in target.read_text(encoding="utf-8-sig")
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT)
    if os.environ.get("DXTRAINER_SHOTS"):
        from PySide6.QtWidgets import QApplication

        from dxtrainer.ui import style

        style.apply(QApplication.instance())
        screen.grab().save(os.path.join(os.environ["DXTRAINER_SHOTS"], "hr-survey.png"))
    managed = SurveyScreen(runner, services, boss)
    qtbot.addWidget(managed)
    with qtbot.waitSignal(managed.loaded, timeout=TIMEOUT):
        managed.refresh()
    assert managed.export_button.isHidden()
    assert managed.results.scope_id == top and managed.results.total.responses == 6
