"""Every interactive widget of every screen, dialog and chart has a name a screen reader can say.

The widget classes are found by importing every module in ui/screens, ui/dialogs and ui/charts;
each is built with the real services on a small demo city (the screens by signing in as HR and
visiting them, the dialogs from FACTORIES), and its widget tree is walked. A class that is found
but neither built nor listed fails the test, so a new screen or dialog cannot slip past."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date, datetime
from types import SimpleNamespace

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

import dxtrainer.ui.charts
import dxtrainer.ui.dialogs
import dxtrainer.ui.screens
from tests.conftest import SAMPLE_CONTENT
from tests.ui.helpers import TIMEOUT, make_window, sign_in, wait_idle
from tests.ui.test_dashboard import demo_city

INTERACTIVE = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView,
               QAbstractSlider, QTextEdit, QPlainTextEdit)
# parts of a composite widget that the composite names (a combo's list, a table's header …)
INNER = (QComboBox, QAbstractSpinBox, QAbstractItemView, QLineEdit)


def widget_classes() -> dict[str, type]:
    found = {}
    for package in (dxtrainer.ui.screens, dxtrainer.ui.dialogs, dxtrainer.ui.charts):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, QWidget) and cls.__module__ == module.__name__ \
                        and not name.startswith("_"):
                    found[f"{module.__name__}.{name}"] = cls
    return found


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology gets: Qt's accessible name (set, a button's text, or the
    text of a label whose buddy the widget is)."""
    face = QAccessible.queryAccessibleInterface(widget)
    name = face.text(QAccessible.Text.Name) if face is not None else ""
    return (name or widget.accessibleName()).replace("&", "").strip()


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, (QScrollBar, QHeaderView)):
            continue
        if widget.isHidden() or widget.property("noFocusRing"):  # hidden on purpose till used
            continue
        parent, inner = widget.parentWidget(), False
        while parent is not None and parent is not root.parentWidget():
            if isinstance(parent, INNER):
                inner = True
                break
            parent = parent.parentWidget()
        if inner:
            continue
        if not spoken_name(widget):
            path, up = [], widget.parentWidget()
            while up is not None and up is not root and len(path) < 3:
                path.append(up.objectName() or type(up).__name__)
                up = up.parentWidget()
            missing.append(f"{type(root).__name__} > … {' < '.join(path)} > "
                           f"{type(widget).__name__}({widget.toolTip()[:30]!r})")
    return missing


def factories(window, services, runner, user) -> dict[str, object]:
    """How to build the dialogs (and chart parts) that no screen opens by itself here."""
    from dxtrainer.domain.item_analysis import Thresholds
    from dxtrainer.services.backups import BackupService
    from dxtrainer.services.certificate_records import CertificateRow
    from dxtrainer.services.search import SearchService
    from dxtrainer.ui.charts.chart_panel import ChartPanel
    from dxtrainer.ui.charts.heatmap import Heatmap
    from dxtrainer.ui.charts.plots import HorizontalBars, LineChart, VerticalBars
    from dxtrainer.ui.dialogs.about_dialog import AboutDialog
    from dxtrainer.ui.dialogs.access_log_dialog import AccessLogDialog
    from dxtrainer.ui.dialogs.assignment_dialog import AssignmentDialog
    from dxtrainer.ui.dialogs.draft_preview_dialog import DraftPreviewDialog
    from dxtrainer.ui.dialogs.first_admin_dialog import FirstAdminDialog
    from dxtrainer.ui.dialogs.issue_codes_dialog import IssueCodesDialog, Recipient
    from dxtrainer.ui.dialogs.item_thresholds_dialog import ItemThresholdsDialog
    from dxtrainer.ui.dialogs.outstanding_dialog import OutstandingDialog
    from dxtrainer.ui.dialogs.pin_dialog import PinDialog
    from dxtrainer.ui.dialogs.publish_dialog import PublishDialog
    from dxtrainer.ui.dialogs.quiz_trial_dialog import QuizTrialDialog
    from dxtrainer.ui.dialogs.restore_dialog import RestoreDialog
    from dxtrainer.ui.dialogs.revoke_certificate_dialog import RevokeCertificateDialog
    from dxtrainer.ui.dialogs.roster_import_dialog import RosterImportDialog
    from dxtrainer.ui.dialogs.search_dialog import SearchDialog
    from dxtrainer.ui.dialogs.sign_in_settings_dialog import SignInSettingsDialog
    from dxtrainer.ui.dialogs.staff_list_dialog import StaffListDialog
    from dxtrainer.ui.dialogs.survey_dialog import SurveyDialog
    from dxtrainer.ui.dialogs.sync_dialog import SyncDialog
    from dxtrainer.ui.screens.reminders_screen import RemindersScreen

    certificate = CertificateRow("x", "ABCD-EFGH-JKLM", 1, "1", "中村 翔太", "市民課", "core",
                                 "全職員向けコア", datetime(2026, 11, 30))
    info = SimpleNamespace(title="DX基礎研修", deadline=date(2027, 3, 31))
    return {
        "AssignmentDialog": lambda: AssignmentDialog(services.content.index, [(None, "全庁", 30)]),
        "FirstAdminDialog": FirstAdminDialog,
        "AboutDialog": AboutDialog,
        "AccessLogDialog": lambda: AccessLogDialog(runner, services.personal, user),
        "SyncDialog": lambda: SyncDialog(runner, services.sync, user),
        "IssueCodesDialog": lambda: IssueCodesDialog(
            runner, services.accounts, user,
            [Recipient(staff_id=2, name="中村 翔太", has_credential=False)]),
        "ItemThresholdsDialog": lambda: ItemThresholdsDialog(runner, services.items, user,
                                                             Thresholds()),
        "OutstandingDialog": lambda: OutstandingDialog(runner, info, []),
        "PinDialog": lambda: PinDialog("中村 翔太", new=True),
        "PublishDialog": lambda: PublishDialog(runner, services.publishing, user),
        "DraftPreviewDialog": lambda: DraftPreviewDialog(services.content.index.root),
        "QuizTrialDialog": lambda: QuizTrialDialog(services.content.index.quizzes[0]),
        "RestoreDialog": lambda: RestoreDialog(runner, BackupService(services.url), user),
        "RosterImportDialog": lambda: RosterImportDialog(runner, services, user),
        "SignInSettingsDialog": lambda: SignInSettingsDialog(runner, services.accounts, user),
        "StaffListDialog": lambda: StaffListDialog("職員一覧", []),
        "SearchDialog": lambda: SearchDialog(SearchService(services.content.index)),
        "RemindersScreen": lambda: RemindersScreen(runner, services, user),  # managers' 督促
        "RevokeCertificateDialog": lambda: RevokeCertificateDialog(certificate),
        "SurveyDialog": lambda: SurveyDialog("全職員向けコア"),
        "ChartPanel": lambda: ChartPanel("修了率", VerticalBars("%")),
        "Heatmap": Heatmap, "VerticalBars": lambda: VerticalBars("%"),
        "HorizontalBars": lambda: HorizontalBars("%"), "LineChart": lambda: LineChart("%"),
    }


def test_every_interactive_widget_has_a_name(qtbot, tmp_path, db_path):
    classes = widget_classes()
    demo_city(db_path, staff=30)
    opened: list = []
    window, runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, opened)
    missing = unnamed(window.signin)
    shell = sign_in(qtbot, window, "D0001", "dx2026ok")  # HR sees every screen
    for key in shell.nav_buttons:
        shell.go(key)
        wait_idle(qtbot, runner)
    with qtbot.waitSignal(shell.lesson.loaded, timeout=TIMEOUT):
        shell.open_lesson("sample-basics")
    with qtbot.waitSignal(shell.quiz.loaded, timeout=TIMEOUT):
        shell.open_quiz(shell.lesson.view.quiz_id)
    wait_idle(qtbot, runner)
    missing += unnamed(window)
    built = {type(w) for w in QApplication.allWidgets()}
    services = opened[-1]
    made = factories(window, services, runner, shell.user)
    not_covered = []
    for dotted, cls in sorted(classes.items()):
        if any(issubclass(kind, cls) for kind in built):  # built, or a base of one that was
            continue
        factory = made.get(cls.__name__)
        if factory is None:
            not_covered.append(dotted)
            continue
        widget = factory()
        qtbot.addWidget(widget)
        wait_idle(qtbot, runner)
        missing += unnamed(widget)
    assert not not_covered, f"found but never built (add a factory): {not_covered}"
    assert not missing, "interactive widgets without an accessible name:\n" + "\n".join(
        sorted(set(missing)))
