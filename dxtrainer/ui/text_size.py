"""Text size 100–200 % (Ctrl + / Ctrl − / Ctrl 0) and the theme (light, dark, high contrast),
remembered per person in the PC's settings and applied to the whole UI and to lessons."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from dxtrainer.i18n import _
from dxtrainer.ui import style

STEPS = (100, 110, 125, 150, 175, 200)


class TextSize(QObject):
    """The person's text size and theme. Before anyone signs in, the PC's own choice applies."""

    changed = Signal()

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._person: int | None = None
        self.percent = 100
        self.theme = ""  # "" follows DXTRAINER_THEME or the system

    def install_shortcuts(self, window: QWidget) -> None:
        for keys, slot in ((("Ctrl++", "Ctrl+=", QKeySequence.StandardKey.ZoomIn), self.bigger),
                           (("Ctrl+-", QKeySequence.StandardKey.ZoomOut), self.smaller),
                           (("Ctrl+0",), self.reset)):
            seen: set[str] = set()  # the same keys twice would make both shortcuts ambiguous
            for key in keys:
                for sequence in QKeySequence.keyBindings(key) if isinstance(
                        key, QKeySequence.StandardKey) else [QKeySequence(key)]:
                    if sequence.toString() not in seen:
                        seen.add(sequence.toString())
                        QShortcut(sequence, window, activated=slot)
        QShortcut(QKeySequence("Ctrl+Shift+H"), window, activated=self.toggle_high_contrast)

    # ---- who ----------------------------------------------------------------------------

    def set_person(self, staff_id: int | None) -> None:
        """Load and apply what this person chose last time (None: the PC's choice)."""
        self._person = staff_id
        percent = self._settings.value(self._key("text_size"), 100)
        try:
            self.percent = _clamp(int(percent))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            self.percent = 100
        theme = str(self._settings.value(self._key("theme"), "") or "")
        self.theme = theme if theme in style.THEMES else ""
        self._apply()

    def _key(self, name: str) -> str:
        who = "pc" if self._person is None else f"staff-{self._person}"
        return f"appearance/{who}/{name}"

    # ---- size ---------------------------------------------------------------------------

    def bigger(self) -> None:
        self.set_percent(next((s for s in STEPS if s > self.percent), STEPS[-1]))

    def smaller(self) -> None:
        self.set_percent(next((s for s in reversed(STEPS) if s < self.percent), STEPS[0]))

    def reset(self) -> None:
        self.set_percent(100)

    def set_percent(self, percent: int) -> None:
        percent = _clamp(percent)
        if percent == self.percent:
            return
        self.percent = percent
        self._settings.setValue(self._key("text_size"), percent)
        self._apply()

    # ---- theme --------------------------------------------------------------------------

    def set_theme(self, theme: str) -> None:
        self.theme = theme if theme in style.THEMES else ""
        self._settings.setValue(self._key("theme"), self.theme)
        self._apply()

    def toggle_high_contrast(self) -> None:
        self.set_theme("" if self.theme == "high-contrast" else "high-contrast")

    def _apply(self) -> None:
        app = QApplication.instance()
        if style.scale() == self.percent / 100 and (style.current_choice() or "") == self.theme:
            return
        style.set_scale(self.percent / 100)
        style.set_theme(self.theme or None)
        if isinstance(app, QApplication):
            style.apply(app)
        self.changed.emit()

    # ---- menu ---------------------------------------------------------------------------

    def menu(self, parent: QWidget) -> QMenu:
        """「表示」: text size and theme, with their shortcuts."""
        menu = QMenu(_("表示"), parent)
        menu.addAction(_("文字を大きく (Ctrl + +)"), self.bigger)
        menu.addAction(_("文字を小さく (Ctrl + -)"), self.smaller)
        menu.addAction(_("標準の文字の大きさ (Ctrl + 0)"), self.reset)
        menu.addSeparator()
        group = QActionGroup(menu)
        for theme, text in (("", _("配色: パソコンの設定に合わせる")), ("light", _("配色: 明るい")),
                            ("dark", _("配色: 暗い")),
                            ("high-contrast", _("配色: ハイコントラスト (Ctrl + Shift + H)"))):
            action = QAction(text, menu, checkable=True)
            action.setChecked(theme == self.theme)
            action.triggered.connect(lambda _c=False, t=theme: self.set_theme(t))
            group.addAction(action)
            menu.addAction(action)
        menu.aboutToShow.connect(lambda: [a.setChecked(t == self.theme) for a, t in zip(
            group.actions(), ("", "light", "dark", "high-contrast"), strict=True)])
        return menu


def _clamp(percent: int) -> int:
    return min(STEPS[-1], max(STEPS[0], percent))
