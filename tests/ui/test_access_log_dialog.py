"""HR opens the access log from the 職員 screen: entries newest first in words, saved as CSV, and
the opening itself logged."""

from __future__ import annotations

import os

from sqlalchemy import func, select

from dxtrainer.db.models import AccessLog
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in
from tests.ui.test_dashboard import demo_city


def test_hr_reads_and_saves_the_access_log(qtbot, tmp_path, db_path):
    demo_city(db_path, staff=40)
    opened: list = []
    window, _runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")
    screen = shell.nav_buttons["staff"]
    with qtbot.waitSignal(shell.staff_admin.loaded, timeout=TIMEOUT * 2):
        screen.click()
    admin = shell.staff_admin
    admin.log_button.click()
    dialog = admin.access_log_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=TIMEOUT)
    actions = {dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())}
    assert "初期コードを使用" in actions  # the HR admin's own first sign-in with the demo code
    if os.environ.get("DXTRAINER_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["DXTRAINER_SHOTS"], "access-log.png"))
    target = tmp_path / "log.csv"
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        dialog.save(str(target))
    text = target.read_bytes().decode("utf-8-sig")
    assert text.startswith("日時,操作した人,操作,対象の職員,所属,詳細")
    services = opened[-1]
    with services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AccessLog)
                        .where(AccessLog.action == "read-access-log")) == 1
