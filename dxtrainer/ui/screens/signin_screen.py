"""Sign-in: the app name, a searchable staff list (or, where the organisation hides it, 職員番号
or 氏名 entry), then the PIN or password; at first sign-in the 初期コード from HR."""

from __future__ import annotations

from collections.abc import Callable
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
from dxtrainer.ui.widgets.common import (
    card,
    chip,
    empty_state,
    label,
    primary_button,
    sized_by_current_page,
)
from dxtrainer.ui.widgets.staff_delegate import StaffDelegate

if TYPE_CHECKING:
    from datetime import datetime

    from dxtrainer.services.accounts import AccountService, SignInSettings
    from dxtrainer.services.records import SignInResult, StaffSummary

OsAccount = Callable[[], "str | None"]


def _os_account_of_this_pc() -> str | None:
    from dxtrainer.services.os_account import current_os_account

    return current_os_account()


class SignInScreen(QWidget):
    signed_in = Signal(object)  # CurrentUser
    demo_requested = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, *,
                 os_account: OsAccount = _os_account_of_this_pc) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._runner = runner
        self._os_account = os_account
        self._accounts: AccountService | None = None
        self._pin_required = True
        self._hidden_list = False
        self.pin_dialog: PinDialog | None = None
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
        self.demo_code = label("", "warning", wrap=True, selectable=True)
        self.demo_code.setVisible(False)
        layout.addWidget(self.demo_code)
        self.os_button = primary_button("")
        self.os_button.setVisible(False)
        self.os_button.clicked.connect(self._on_os_button_clicked)
        layout.addWidget(self.os_button)

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
        self.hidden = QWidget()
        hidden_layout = QVBoxLayout(self.hidden)
        hidden_layout.addStretch(1)
        hidden_layout.addWidget(label(_(
            "この組織では職員の一覧を表示していません。\n下の欄に自分の職員番号か氏名を入力して"
            "「次へ」を押してください。"), "muted", wrap=True))
        hidden_layout.addStretch(1)
        self.pages.addWidget(self.hidden)
        layout.addWidget(self.pages, 1)
        sized_by_current_page(self.pages)

        number_row = QHBoxLayout()
        self.number_label = label(_("職員番号で入る:"))
        number_row.addWidget(self.number_label)
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
        QShortcut(QKeySequence("F1"), self, activated=self.show_about)
        self.setTabOrder(self.search, self.list)
        self.setTabOrder(self.list, self.number)

    # ---- data ---------------------------------------------------------------------------

    def show_about(self) -> None:
        """F1: the version and the licences (このアプリについて)."""
        from dxtrainer.ui.dialogs.about_dialog import show_about

        self.about_dialog = show_about(self)

    def set_accounts(self, accounts: AccountService, *, demo: bool) -> None:
        self._accounts = accounts
        self.demo_chip.setVisible(demo)
        self.refresh()

    def refresh(self) -> None:
        if self._accounts is None:
            return
        accounts = self._accounts
        os_query = self._os_account

        def load() -> tuple[list[StaffSummary], SignInSettings, StaffSummary | None, bool]:
            settings = accounts.settings()
            rows = accounts.list_staff()
            mine = accounts.os_candidate(os_query()) if settings.os_sign_in else None
            return ([] if settings.hide_staff_list else rows), settings, mine, bool(rows)

        self._runner.run(load, self._on_staff_loaded)

    def _on_staff_loaded(self, loaded: tuple[list[StaffSummary], SignInSettings,
                                             StaffSummary | None, bool]) -> None:
        rows, settings, mine, anyone = loaded
        self._pin_required = settings.pin_required
        self._hidden_list = settings.hide_staff_list and anyone
        self._model.set_rows(rows)
        self.pages.setCurrentWidget(self.hidden if self._hidden_list
                                    else self.list if rows else self.empty)
        self.search.setVisible(not self._hidden_list)
        self.sign_in_button.setVisible(not self._hidden_list)
        self.sign_in_button.setEnabled(bool(rows))
        self.number.setEnabled(anyone)
        self.number_label.setText(_("職員番号または氏名:") if self._hidden_list
                                  else _("職員番号で入る:"))
        self.number.setPlaceholderText(_("例: 12345 / 山田 花子") if self._hidden_list
                                       else _("例: 12345"))
        self.number.setMaximumWidth(280 if self._hidden_list else 180)
        self.number.setMinimumWidth(280 if self._hidden_list else 0)
        self.demo_code.setVisible(bool(settings.demo_code))
        self.demo_code.setText(_("デモ用の初期コード: {code}\nはじめてサインインするときに入力し、"
                                 "続けて自分の PIN(人事・管理職などはパスワード)を決めます。").format(
            code=settings.demo_code or ""))
        self.os_person = mine
        self.os_button.setVisible(mine is not None)
        if mine is not None:
            self.os_button.setText(_("このPCのアカウントで続ける({name} さん)").format(
                name=mine.name))
        self.search.clear()
        self.number.clear()
        (self.number if self._hidden_list else self.search).setFocus()

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
        from dxtrainer.messages import service_error_text
        from dxtrainer.services.errors import ServiceError

        if isinstance(exc, ServiceError) and exc.code == "access-denied":
            text = _("管理者は既に登録されています。一覧から選んでサインインしてください。")
        elif isinstance(exc, ServiceError):
            text = service_error_text(exc.code, **exc.detail)
        else:
            from dxtrainer.ui.task_runner import describe_error

            text = describe_error(exc)
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
            self.status.setText(_("職員番号または氏名を入力してください。") if self._hidden_list
                                else _("職員番号を入力してください。"))
            return
        accounts = self._accounts
        if self._hidden_list:
            self._runner.run(lambda: accounts.find(number), self._on_people_found)
        else:
            self._runner.run(lambda: accounts.find_by_number(number), self._on_number_found)

    def _on_people_found(self, people: list[StaffSummary]) -> None:
        if len(people) == 1:
            self.begin_sign_in(people[0])
        elif people:
            self.status.setText(_("同じ氏名の方が複数います。職員番号を入力してください。"))
        else:
            self.status.setText(_("見つかりませんでした。職員番号か氏名(例: 山田 花子)を確かめて、"
                                  "もう一度入力してください。"))

    def _on_number_found(self, person: StaffSummary | None) -> None:
        if person is None:
            self.status.setText(_("その職員番号は登録されていません。番号を確かめて、もう一度入力してください。"))
            return
        self.begin_sign_in(person)

    def _on_os_button_clicked(self) -> None:
        if self._accounts is None or self.os_person is None:
            return
        accounts, os_query, person = self._accounts, self._os_account, self.os_person
        self._runner.run(lambda: accounts.sign_in_with_os_account(os_query()),
                         lambda result: self._on_sign_in_result(person, result, claiming=False))

    def begin_sign_in(self, person: StaffSummary, message: str = "") -> None:
        """Say at once when the account is locked; otherwise ask for the PIN or password, or,
        for someone without one yet, ask the service whether a 初期コード is waiting."""
        from datetime import datetime

        self.status.clear()
        self.pin_dialog = None
        if person.locked_until is not None and person.locked_until > datetime.now():
            self._say_locked(person.locked_until)
            return
        if (person.role == "learner" and not self._pin_required) or not person.has_credential:
            self._ask_next_step(person)  # no PIN yet, or none needed: the service says
            return
        self._ask(person, new=False, message=message)

    def _ask_next_step(self, person: StaffSummary) -> None:
        if self._accounts is None:
            return
        accounts = self._accounts
        self._runner.run(lambda: accounts.next_step(person.id),
                         lambda result: self._on_sign_in_result(person, result, claiming=False))

    def _ask(self, person: StaffSummary, *, new: bool, message: str = "") -> None:
        dialog = PinDialog(person.name, new=new, password=person.role != "learner",
                           message=message, department=person.department, parent=self)
        self.pin_dialog = dialog
        if new:
            dialog.accepted.connect(lambda: self._on_code_dialog_accepted(
                person, dialog.code_value(), dialog.value()))
        else:
            dialog.accepted.connect(lambda: self._on_pin_dialog_accepted(person, dialog.value()))
        dialog.open()

    def _on_pin_dialog_accepted(self, person: StaffSummary, pin: str) -> None:
        if self._accounts is None:
            return
        accounts = self._accounts
        self._runner.run(lambda: accounts.sign_in(person.id, pin),
                         lambda result: self._on_sign_in_result(person, result, claiming=False))

    def _on_code_dialog_accepted(self, person: StaffSummary, code: str, secret: str) -> None:
        if self._accounts is None:
            return
        accounts = self._accounts
        self._runner.run(lambda: accounts.claim(person.id, code, secret),
                         lambda result: self._on_sign_in_result(person, result, claiming=True))

    def _on_sign_in_result(self, person: StaffSummary, result: SignInResult, *,
                           claiming: bool) -> None:
        # Imported here, not at the top: start-up paints before any dataclass module loads.
        from dxtrainer.services.records import CurrentUser, SignInStatus

        status = result.status
        if status is SignInStatus.OK and isinstance(result.user, CurrentUser):
            self.signed_in.emit(result.user)
        elif status is SignInStatus.WRONG:
            what = (_("初期コード") if claiming else _("PIN") if person.role == "learner"
                    else _("パスワード"))
            self._ask(person, new=claiming, message=_(
                "{what}が違います。あと {n} 回まちがえると、しばらくサインインできなくなります。").format(
                what=what, n=result.attempts_left))
        elif status is SignInStatus.LOCKED:
            self._say_locked(result.locked_until)
        elif status is SignInStatus.NEEDS_SECRET:  # set on another PC since the list loaded
            self._ask(person, new=False)
        elif status is SignInStatus.NEEDS_CODE:
            self._ask(person, new=True)
        elif status is SignInStatus.BAD_NEW_PIN:
            self._ask(person, new=True, message=_(
                "パスワードは英字と数字を含む 8 文字以上にしてください。") if person.role != "learner"
                else _("PIN は 4〜8 桁の数字です。"))
        elif status is SignInStatus.NO_CODE:
            self.status.setText(_(
                "{name} さんはまだ PIN・パスワードが設定されていません。人事担当者に「初期コード」の"
                "発行を依頼し、届いた通知書のコードでサインインしてください。").format(name=person.name))
        elif status is SignInStatus.CODE_EXPIRED:
            self.status.setText(_(
                "初期コードの有効期限が切れています。人事担当者に新しい初期コードの発行を"
                "依頼してください。"))
        else:
            self.status.setText(_("サインインできませんでした。人事担当者に確認してください。"))

    def _say_locked(self, until: datetime | None) -> None:
        self.status.setText(_(
            "続けてまちがえたため、{time} まで一時的にサインインできません。"
            "PIN やパスワードを忘れたときは、人事担当者に初期コードの再発行を依頼してください。").format(
            time=until.strftime("%H:%M") if until else ""))
