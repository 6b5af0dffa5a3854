"""「公開」 in 教材: a folder with errors is refused with file:line, a good one is published and
shown at once, and an earlier publication can be published again."""

from __future__ import annotations

import shutil

from dxtrainer.services.container import open_services
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.ui.dialogs.publish_dialog import PublishDialog
from dxtrainer.ui.task_runner import TaskRunner
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT

TRAINER = CurrentUser(0, "", "研修 花子", "", Role.TRAINER)


def test_publish_refuse_and_roll_back_from_the_dialog(qtbot, db_path, tmp_path):
    services = open_services(db_path, SAMPLE_CONTENT)
    try:
        runner = TaskRunner()
        dialog = PublishDialog(runner, services.publishing, TRAINER, str(SAMPLE_CONTENT))
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.listed, timeout=TIMEOUT):
            dialog.show()
        assert dialog.model.rowCount() == 1

        broken = tmp_path / "broken"
        shutil.copytree(SAMPLE_CONTENT, broken)
        lesson = broken / "lessons" / "sample-basics.md"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace(
            "category: mindset", "category: nonsense", 1), encoding="utf-8")
        dialog.folder.setText(str(broken))
        with qtbot.waitSignal(dialog.done, timeout=TIMEOUT):
            dialog.publish_button.click()
        assert not dialog.problems.isHidden()
        assert dialog.problems.item(0).text().startswith(f"{lesson}:")
        assert "公開しませんでした" in dialog.status.text()

        good = tmp_path / "good"
        shutil.copytree(SAMPLE_CONTENT, good)
        lesson = good / "lessons" / "sample-basics.md"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace(
            "title: ", "title: 新 ", 1), encoding="utf-8")
        dialog.folder.setText(str(good))
        with qtbot.waitSignals([dialog.done, dialog.listed], timeout=TIMEOUT):
            dialog.publish_button.click()
        assert "公開番号 2" in dialog.status.text() and dialog.problems.isHidden()
        assert dialog.model.rowCount() == 2
        assert services.publication == 2  # this PC shows it at once
        assert services.content.index.lesson("sample-basics").title.startswith("新 ")

        dialog.table.selectRow(1)  # publication 1 (newest first)
        with qtbot.waitSignals([dialog.done, dialog.listed], timeout=TIMEOUT):
            dialog.rollback_button.click()
        assert "公開番号 3" in dialog.status.text()
        assert dialog.model.index(0, 4).data() == "公開番号 1 に戻したもの"
        assert not services.content.index.lesson("sample-basics").title.startswith("新 ")
        dialog.grab().save(str(tmp_path / "publish.png"))
    finally:
        services.close()
