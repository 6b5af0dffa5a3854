"""HR carries an offline PC's records in through the 職員 screen: export there, preview here
(nothing written), apply, and the newest answer per PC shows both PCs."""

from __future__ import annotations

import os

from sqlalchemy import func, select

from dxtrainer.db.models import Answer
from dxtrainer.services.records import SYSTEM_USER
from tests.conftest import SAMPLE_CONTENT
from tests.services.test_progress_sync import city, study
from tests.ui.helpers import TIMEOUT, make_window, sign_in
from tests.ui.test_dashboard import demo_city


def test_hr_previews_then_applies_a_bundle(qtbot, tmp_path, db_path):
    demo_city(db_path, staff=30)
    offline = city(tmp_path / "offline.sqlite3", roster=())
    with offline.sessions.begin() as s:  # the same person as the demo city's D0002
        from datetime import datetime

        from dxtrainer.db.models import Staff
        s.add(Staff(staff_no="D0002", name="x", kana="", role="learner", active=True,
                    created_at=datetime.now()))
    study(offline, "D0002")
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(offline.sync.export(SYSTEM_USER))
    offline_device = offline.device_id
    offline.close()

    opened: list = []
    window, _runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    with qtbot.waitSignal(shell.staff_admin.loaded, timeout=TIMEOUT * 2):
        shell.nav_buttons["staff"].click()
    shell.staff_admin.sync_button.click()
    dialog = shell.staff_admin.sync_dialog
    qtbot.waitUntil(lambda: dialog.last_export.text() != "", timeout=TIMEOUT)
    services = opened[-1]
    with services.sessions() as s:
        before = s.scalar(select(func.count()).select_from(Answer))
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        dialog.preview(str(bundle))
    assert "回答: 新規" in dialog.summary.text() and dialog.apply_button.isEnabled()
    with services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == before
    if os.environ.get("DXTRAINER_SHOTS"):
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()  # let the layout take the summary's new height
        dialog.grab().save(os.path.join(os.environ["DXTRAINER_SHOTS"], "sync.png"))
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.apply_button.click()
    assert "取り込みました" in dialog.summary.text()
    with services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) > before
    devices = {dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())}
    assert offline_device[:8] in devices
