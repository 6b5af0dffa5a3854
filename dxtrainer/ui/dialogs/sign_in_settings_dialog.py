"""HR: how people sign in — hide the staff list, let learners continue with the PC's Windows
account, and how many days a 初期コード stays valid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QSpinBox, QVBoxLayout

from dxtrainer.i18n import _
from dxtrainer.services.records import CurrentUser
from dxtrainer.ui.task_runner import TaskRunner
from dxtrainer.ui.widgets.common import label, ok_cancel

if TYPE_CHECKING:
    from dxtrainer.services.accounts import AccountService, SignInSettings

MAX_DAYS = 90  # initial_codes.MAX_CODE_DAYS; the service checks it again


class SignInSettingsDialog(QDialog):
    loaded = Signal()
    saved = Signal()

    def __init__(self, runner: TaskRunner, accounts: AccountService, user: CurrentUser,
                 parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._runner, self._accounts, self._user = runner, accounts, user
        self.setWindowTitle(_("サインインの設定"))
        self.setFixedWidth(600)  # a known width, so the wrapped explanations get their height
        layout = QVBoxLayout(self)
        self.hide_list = QCheckBox(_("サインイン画面に職員の一覧を表示しない"))
        layout.addWidget(self.hide_list)
        layout.addWidget(label(_("職員は自分の職員番号か氏名を入力して探します。所属は選んだ後にだけ表示されます。"),
                               "muted", wrap=True))
        self.os_sign_in = QCheckBox(_("職員(受講者)は、この PC の Windows アカウントでサインインできる"))
        layout.addWidget(self.os_sign_in)
        layout.addWidget(label(_(
            "名簿の「Windowsアカウント」列と PC のアカウントが一致する職員だけが、PIN なしで"
            "「このPCのアカウントで続ける」を使えます。管理職・研修担当・人事は、必ずパスワードを入力します。"),
            "muted", wrap=True))
        form = QFormLayout()
        self.days = QSpinBox()
        self.days.setRange(1, MAX_DAYS)
        self.days.setSuffix(_(" 日"))
        form.addRow(_("初期コードの有効期間"), self.days)
        layout.addLayout(form)
        self.message = label("", "error", wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, _("保存する"), self._on_buttons_accepted))
        self.adjustSize()
        runner.run(accounts.settings, self._on_settings_loaded)

    def _on_settings_loaded(self, settings: SignInSettings) -> None:
        self.hide_list.setChecked(settings.hide_staff_list)
        self.os_sign_in.setChecked(settings.os_sign_in)
        self.days.setValue(settings.code_days)
        self.loaded.emit()

    def _on_buttons_accepted(self) -> None:
        accounts, user = self._accounts, self._user
        hide, os_ok, days = (self.hide_list.isChecked(), self.os_sign_in.isChecked(),
                             self.days.value())
        self._runner.run(lambda: accounts.change_settings(
            user, hide_staff_list=hide, os_sign_in=os_ok, days=days), self._on_saved,
            self._on_failed)

    def _on_saved(self, _settings: SignInSettings) -> None:
        self.saved.emit()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        from dxtrainer.messages import service_error_text
        from dxtrainer.services.errors import ServiceError

        self.message.setText(service_error_text(exc.code, **exc.detail)
                             if isinstance(exc, ServiceError) else self._runner.error_text(exc))
