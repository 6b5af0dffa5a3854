"""The message catalogues: the .pot matches the source, English is complete, the .mo is current.

Japanese is the source language (the msgids); English is a translation. When one of these tests
fails, run `python3 tools/update_translations.py`, translate what it lists in
dxtrainer/locale/en/LC_MESSAGES/dxtrainer.po, and run the script again.
"""

from __future__ import annotations

import gettext
import io
import re
import string
import subprocess
import sys

import pytest

from dxtrainer import i18n
from tests.conftest import REPO, SAMPLE_CONTENT

babel = pytest.importorskip("babel", reason="Babel comes with the [test] extra")

from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

PACKAGE = REPO / "dxtrainer"
LOCALE_DIR = i18n.LOCALE_DIR
POT = LOCALE_DIR / f"{i18n.DOMAIN}.pot"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
EN_MO = EN_PO.with_suffix(".mo")
FIX = "run `python3 tools/update_translations.py`"


def _read(path):
    with path.open("rb") as f:
        return read_po(f, locale=None if path.suffix == ".pot" else "en")


@pytest.fixture(scope="module")
def pot():
    assert POT.exists(), f"{POT.relative_to(REPO)} is missing: {FIX}"
    return _read(POT)


@pytest.fixture(scope="module")
def en():
    assert EN_PO.exists(), f"{EN_PO.relative_to(REPO)} is missing: {FIX}"
    return _read(EN_PO)


def _key(message) -> str:
    """The singular msgid (a plural message's id is a tuple)."""
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _messages(catalog) -> dict:
    return {_key(m): m for m in catalog if m.id}


def _strings(value) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [value or ""]


def test_every_message_is_translated_into_english(pot, en):
    template, english = _messages(pot), _messages(en)
    missing = sorted(set(template) - set(english))
    assert not missing, f"en.po lacks {len(missing)} message(s) of the .pot ({FIX}): {missing[:5]}"
    stale = sorted(set(english) - set(template))
    assert not stale, f"en.po has message(s) no longer in the .pot ({FIX}): {stale[:5]}"
    assert not en.fuzzy, "the header of en.po is marked '#, fuzzy': the .mo would leave it all out"
    untranslated = [k for k in template if not all(s.strip() for s in _strings(english[k].string))]
    assert not untranslated, (f"{len(untranslated)} message(s) have no English yet; translate them in "
                              f"en.po: {untranslated[:5]}")
    fuzzy = [k for k in template if english[k].fuzzy]
    assert not fuzzy, (f"{len(fuzzy)} message(s) are marked fuzzy (a guess from an older message); "
                       f"check them and delete the fuzzy line in en.po: {fuzzy[:5]}")


def test_shipped_mo_is_compiled_from_the_current_po(en):
    assert EN_MO.exists(), f"{EN_MO.relative_to(REPO)} is missing: {FIX}"
    buffer = io.BytesIO()
    write_mo(buffer, en)
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)
    with EN_MO.open("rb") as f:
        shipped = gettext.GNUTranslations(f)
    # _catalog maps msgid (or (msgid, n) for plurals) to msgstr; "" is the header with its dates.
    want = {k: v for k, v in expected._catalog.items() if k != ""}
    have = {k: v for k, v in shipped._catalog.items() if k != ""}
    assert have == want, f"dxtrainer.mo is older than en.po: {FIX} to compile it"
    for message in en:
        if message.id and not message.fuzzy and not isinstance(message.id, tuple):
            assert shipped.gettext(message.id) == message.string


def test_pot_lists_exactly_the_messages_in_the_source(pot):
    method_map, options_map = parse_mapping_cfg(
        io.StringIO((REPO / "babel.cfg").read_text(encoding="utf-8")), "babel.cfg")
    # keywords={}: the markers come from babel.cfg alone, as in tools/update_translations.py.
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map, options_map, keywords={}):
        found.setdefault(message[0] if isinstance(message, tuple) else message, filename)
    listed = set(_messages(pot))
    new = sorted(set(found) - listed)
    gone = sorted(listed - set(found))
    assert not new and not gone, (
        f"dxtrainer/locale/dxtrainer.pot is out of date: {FIX}, then translate the new messages. "
        f"New in the source: {[(m, found[m]) for m in new[:5]]}; no longer in the source: {gone[:5]}")


def _placeholders(text: str) -> set[str]:
    """`{name}`, `{n:>3}`, ... in a str.format template; `{{` and `}}` are literal braces."""
    fields = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            fields.add("{" + name + (f"!{conversion}" if conversion else "")
                       + (f":{spec}" if spec else "") + "}")
    return fields


def test_translations_keep_the_placeholders(en):
    wrong = []
    for message in en:
        if not message.id:
            continue
        try:
            expected = set().union(*(_placeholders(s) for s in _strings(message.id)))
            for translated in _strings(message.string):
                if translated and _placeholders(translated) != expected:
                    wrong.append(f"{_key(message)!r} -> {translated!r}")
        except ValueError as exc:  # an unbalanced { or } that str.format would also reject
            wrong.append(f"{_key(message)!r}: {exc}")
    assert not wrong, "the {placeholders} of a translation must match its msgid:\n" + "\n".join(wrong)


def test_english_is_used_once_installed():
    from dxtrainer.messages import category_name

    try:
        assert i18n.install("en") == "en"
        assert category_name("mindset") == "Mind & stance"
        assert [category_name(c) for c in ("why", "what-data", "what-tech", "how-use",
                                           "how-caution")] == [
            "Why (background of DX)", "What (data)", "What (digital technology)", "How (use)",
            "How (cautions)"]
    finally:
        i18n.install("ja")
    assert category_name("mindset") == "マインド・スタンス"


def test_command_line_speaks_english_with_lang_en():
    done = subprocess.run(
        [sys.executable, "-m", "dxtrainer", "--lang", "en", "validate", str(SAMPLE_CONTENT)],
        capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"Lessons: \d+, quizzes: \d+, questions: \d+, glossary terms: \d+; "
                        r"errors: 0, warnings: \d+", summary), summary


def _gettext_calls_on_unextractable_text() -> list[str]:
    """`_(f"…")`, `_("a" + b)`, `_(name)`: the extractor cannot see such a message, so it stays
    untranslated (how 「このレッスンの学習目標」 once stayed Japanese in English)."""
    import ast

    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_") and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.JoinedStr) or isinstance(arg, ast.BinOp):
                bad.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:60]}")
    return bad


def test_no_message_is_an_f_string_or_built_at_run_time():
    assert _gettext_calls_on_unextractable_text() == []


def test_the_check_for_f_strings_finds_one(tmp_path, monkeypatch):
    sample = tmp_path / "dxtrainer"
    sample.mkdir()
    (sample / "bad.py").write_text('x = 1\nprint(_(f"目標 {x}"))\nprint(_("よい"))\n',
                                   encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", sample)
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    assert _gettext_calls_on_unextractable_text() == ["dxtrainer/bad.py:2: _(f'目標 {x}')"]


def test_dates_follow_the_language():
    from datetime import date, datetime

    day = date(2026, 11, 30)
    try:
        i18n.install("en")
        assert i18n.format_date(day) == "30 Nov 2026"
        assert i18n.format_datetime(datetime(2026, 3, 4, 9, 5)) == "4 Mar 2026 09:05"
        assert i18n.long_date(day) == "30 Nov 2026"
        from dxtrainer.services.export_tables import format_date

        assert format_date(day) == "30 Nov 2026"  # never the US 11/30/2026
    finally:
        i18n.install("ja")
    assert i18n.format_date(day) == "2026/11/30"
    assert i18n.long_date(day) == "2026年11月30日"


def test_ui_formats_dates_through_the_language_aware_helpers():
    """No hand-written strftime date in ui/ (a clock time alone, %H:%M, is the same in both)."""
    bad = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"%[Ymd]|%B|%b", line) and "%Y%m%d-%H%M%S" not in line:
                bad.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert bad == []


# About 2 s: a fresh interpreter, since a Qt translator would change the words in other tests.
QT_WORDS = """
import sys
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel
from dxtrainer import i18n
from dxtrainer.app import install_qt_translations
i18n.install(sys.argv[1])
app = QApplication([])
print(install_qt_translations(app))
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
print("|".join(b.text() for b in box.buttons()))
dialog = QFileDialog()
dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
print("|".join(w.text() for w in dialog.findChildren(QLabel) if w.text()))
"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_qt_own_words_follow_the_language(lang):
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", QT_WORDS, lang], env=env, cwd=REPO,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    loaded, buttons, labels = out.splitlines()[:3]
    if lang == "ja":
        assert loaded == "True" and "キャンセル" in buttons and "保存" in buttons
        assert "Look in" not in labels and "File" not in labels and "ファイル名" in labels
    else:
        assert loaded == "False" and "Cancel" in buttons and "File &name:" in labels
