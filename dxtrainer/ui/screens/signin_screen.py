"""Sign-in: the app name, a searchable staff list, 職員番号 entry, then the PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dxtrainer.i18n import _
from dxtrainer.ui.dialogs.pin_dialog import PinDialog
from dxtrainer.ui.models.staff_model import ROW_ROLE, StaffFilterModel, StaffListModel
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import card, chip, empty_state, label, primary_button
from dxtrainer.ui.widgets.staff_delegate import StaffDelegate

if TYPE_CHECKING:
    from dxtrainer.services.accounts import AccountService
    from dxtrainer.services.records import SignInResult, StaffSummary


class SignInScreen(QWidget):
    signed_in = Signal(object)  # CurrentUser
    demo_requested = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._runner = runner
        self._accounts: AccountService | None = None
        self._pin_required = True
        self._model = StaffListModel(self)
        self._proxy = StaffFilterModel(self)
        self._proxy.setSourceModel(self._model)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        box = card()
        box.setMaximumWidth(640)
        box.setMinimumWidth(520)
        outer.addWidget(box, 1, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)

        title_row = QHBoxLayout()
        title_row.addWidget(label(_("DX Trainer"), "title"))
        self.demo_chip = chip(_("デモ"), "demo")
        self.demo_chip.setVisible(False)
        title_row.addWidget(self.demo_chip)
        title_row.addStretch(1)
        layout.addLayout(title_row)
        layout.addWidget(label(_("自治体職員のためのDX研修 ― 誰一人取り残さない、人に優しいデジタル化"),
                               "muted", wrap=True))

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("氏名・フリガナ・所属で探す(例: やまだ)"))
        self.search.setAccessibleName(_("職員を探す"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._proxy.set_query)
        self.search.returnPressed.connect(self._on_search_returnPressed)
        layout.addWidget(self.search)

        self.pages = QStackedWidget()
        self.list = QListView()
        self.list.setModel(self._proxy)
        self.list.setAccessibleName(_("職員の一覧"))
        self.list.setUniformItemSizes(True)
        self.list.setItemDelegate(StaffDelegate(self.list))
        self.list.activated.connect(self._on_list_activated)
        self.pages.addWidget(self.list)
        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addWidget(empty_state(_(
            "まだ職員が登録されていません。\n新しく使い始めるときは、人事担当者が「はじめての設定」で管理者を登録し、"
            "職員名簿を取り込んでください。\n試しに使ってみるときは「デモで試す」を押してください。"
            "架空の市役所のデータで開きます。")))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.demo_button = primary_button(_("デモで試す"))
        self.demo_button.clicked.connect(self.demo_requested)
        buttons.addWidget(self.demo_button)
        self.setup_button = QPushButton(_("はじめての設定(人事担当者)"))
        self.setup_button.clicked.connect(self._on_setup_button_clicked)
        buttons.addWidget(self.setup_button)
        buttons.addStretch(1)
        empty_layout.addLayout(buttons)
        empty_layout.addStretch(1)
        self.pages.addWidget(self.empty)
        layout.addWidget(self.pages, 1)

        number_row = QHBoxLayout()
        number_row.addWidget(label(_("職員番号で入る:")))
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("例: 12345"))
        self.number.setAccessibleName(_("職員番号"))
        self.number.setMaximumWidth(180)
        self.number.returnPressed.connect(self._on_number_button_clicked)
        number_row.addWidget(self.number)
        number_button = QPushButton(_("次へ"))
        number_button.clicked.connect(self._on_number_button_clicked)
        number_row.addWidget(number_button)
        number_row.addStretch(1)
        self.sign_in_button = primary_button(_("サインイン"))
        self.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        number_row.addWidget(self.sign_in_button)
        layout.addLayout(number_row)
        self.status = label("", "error", wrap=True)
        layout.addWidget(self.status)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self.setTabOrder(self.search, self.list)
        self.setTabOrder(self.list, self.number)

    # ---- data ---------------------------------------------------------------------------

    def set_accounts(self, accounts: AccountService, *, demo: bool) -> None:
        self._accounts = accounts
        self.demo_chip.setVisible(demo)
        self.refresh()

    def refresh(self) -> None:
        if self._accounts is None:
            return
        accounts = self._accounts
        self._runner.run(lambda: (accounts.list_staff(), accounts.pin_required()),
                         self._on_staff_loaded)

    def _on_staff_loaded(self, loaded: tuple[list[StaffSummary], bool]) -> None:
        rows, self._pin_required = loaded
        self._model.set_rows(rows)
        self.pages.setCurrentWidget(self.list if rows else self.empty)
        self.sign_in_button.setEnabled(bool(rows))
        self.number.setEnabled(bool(rows))
        self.search.clear()
        self.search.setFocus()

    # ---- first run ----------------------------------------------------------------------

    def _on_setup_button_clicked(self) -> None:
        from dxtrainer.ui.dialogs.first_admin_dialog import FirstAdminDialog

        dialog = FirstAdminDialog(self)
        self.setup_dialog = dialog
        dialog.accepted.connect(lambda: self._create_first_admin(dialog))
        dialog.open()

    def _create_first_admin(self, dialog) -> None:  # noqa: ANN001
        if self._accounts is None:
            return
        accounts, values = self._accounts, dialog.values()
        self._runner.run(lambda: accounts.create_first_admin(*values), self.signed_in.emit,
                         lambda exc: self._on_first_admin_failed(dialog, exc))

    def _on_first_admin_failed(self, dialog, exc: BaseException) -> None:  # noqa: ANN001
        reasons = {"duplicate-staff-no": _("その職員番号は既に登録されています。"),
                   "bad-password": _("パスワードは英字と数字を含む 8 文字以上にしてください。"),
                   "missing-field": _("職員番号と氏名を入力してください。")}
        from dxtrainer.services.organisation import AccessDenied

        if isinstance(exc, AccessDenied):
            text = _("管理者は既に登録されています。一覧から選んでサインインしてください。")
        else:
            from dxtrainer.ui.task_runner import describe_error

            text = reasons.get(str(exc)) or describe_error(exc)
        dialog.say(text)
        dialog.open()

    # ---- sign-in flow -------------------------------------------------------------------

    def _on_search_returnPressed(self) -> None:  # noqa: N802
        if self._proxy.rowCount() == 1:
            self._on_list_activated(self._proxy.index(0, 0))
        elif self._proxy.rowCount():
            self.list.setFocus()
            self.list.setCurrentIndex(self._proxy.index(0, 0))

    def _on_sign_in_button_clicked(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            self.status.setText(_("一覧から自分の名前を選ぶか、職員番号を入力してください。"))
            return
        self._on_list_activated(index)

    def _on_list_activated(self, index: QModelIndex) -> None:
        person = index.data(ROW_ROLE)
        if person is not None:
            self.begin_sign_in(person)

    def _on_number_button_clicked(self) -> None:
        number = self.number.text()
        if not number.strip() or self._accounts is None:
            self.status.setText(_("職員番号を入力してください。"))
            return
        accounts = self._accounts
        self._runner.run(lambda: accounts.find_by_number(number), self._on_number_found)

    def _on_number_found(self, person: StaffSummary | None) -> None:
        if person is None:
            self.status.setText(_("その職員番号は登録されていません。番号を確かめて、もう一度入力してください。"))
            return
        self.begin_sign_in(person)

    def begin_sign_in(self, person: StaffSummary, message: str = "") -> None:
        """Ask for the PIN (or a new one) and check it on the worker."""
        self.status.clear()
        if person.role == "learner" and not self._pin_required:
            self._on_pin_dialog_accepted(person, "")  # supervised room: no PIN asked
            return
        dialog = PinDialog(person.name, new=not person.has_credential,
                           password=person.role != "learner", message=message, parent=self)
        self.pin_dialog = dialog
        dialog.accepted.connect(lambda: self._on_pin_dialog_accepted(person, dialog.value()))
        dialog.open()

    def _on_pin_dialog_accepted(self, person: StaffSummary, pin: str) -> None:
        if self._accounts is None:
            return
        accounts = self._accounts
        if person.has_credential:
            work = lambda: accounts.sign_in(person.id, pin)  # noqa: E731
        else:
            work = lambda: accounts.sign_in(person.id, "", new_pin=pin)  # noqa: E731
        self._runner.run(work, lambda result: self._on_sign_in_result(person, result))

    def _on_sign_in_result(self, person: StaffSummary, result: SignInResult) -> None:
        # Imported here, not at the top: start-up paints before any dataclass module loads.
        from dxtrainer.services.records import CurrentUser, SignInStatus, StaffSummary

        if result.status is SignInStatus.OK and isinstance(result.user, CurrentUser):
            self.signed_in.emit(result.user)
        elif result.status is SignInStatus.WRONG:
            what = _("PIN") if person.role == "learner" else _("パスワード")
            self.begin_sign_in(person, _("{what}が違います。あと {n} 回まちがえると、しばらくサインイン"
                                         "できなくなります。").format(what=what,
                                                                 n=result.attempts_left))
        elif result.status is SignInStatus.LOCKED:
            until = result.locked_until.strftime("%H:%M") if result.locked_until else ""
            self.status.setText(_(
                "続けてまちがえたため、{time} まで一時的にサインインできません。"
                "PIN やパスワードを忘れたときは、人事担当者に再設定を依頼してください。").format(time=until))
        elif result.status is SignInStatus.NEEDS_NEW_PIN:
            self.begin_sign_in(StaffSummary(**{**person.__dict__, "has_credential": False}))
        else:
            self.status.setText(_("サインインできませんでした。人事担当者に確認してください。"))
