"""Refresh the message catalogues: python3 tools/update_translations.py

Run it after adding or changing any `_("…")`, `N_("…")` or `ngettext(…)` in dxtrainer/:

1. extracts the Japanese source messages from dxtrainer/ into dxtrainer/locale/dxtrainer.pot
   (settings in babel.cfg; file names but no line numbers, sorted by message, so diffs stay small),
2. updates each translation (dxtrainer/locale/<lang>/LC_MESSAGES/dxtrainer.po) from it, creating
   the ones that are missing,
3. compiles each .po into the .mo next to it, which is what the app reads and what is shipped.

Then translate the new or changed entries in the .po (empty msgstr, or marked `#, fuzzy` when Babel
guessed from an old message: check it and delete the fuzzy line) and run this script again so the
.mo is compiled. tests/test_translations.py fails until every message is translated and compiled.
Needs Babel (it comes with the [test] extra: pip install -e .[test]).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "dxtrainer"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "dxtrainer"  # dxtrainer/i18n.py: DOMAIN
POT = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = REPO / "babel.cfg"
LANGUAGES = ["en"]  # the translations kept in the repository (Japanese is the source language)
KEYWORDS = ["_", "N_", "ngettext:1,2"]  # the markers of dxtrainer/i18n.py; babel.cfg says the same

# Lines that change on every run without any message changing; ignored when comparing.
_VOLATILE = ("\"POT-Creation-Date:", "\"PO-Revision-Date:", "\"Generated-By:")


def _babel(*args: str) -> None:
    """Run one `pybabel` command in this process; stop with its status if it fails."""
    status = CommandLineInterface().run(["pybabel", "--quiet", *args])
    if status:
        sys.exit(status)


def _version() -> str:
    init = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r"^__version__\s*=\s*[\"']([^\"']+)[\"']", init, re.MULTILINE)
    return found.group(1) if found else ""


def _stable(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith(_VOLATILE)]


def extract() -> None:
    """dxtrainer/**.py -> dxtrainer/locale/dxtrainer.pot (kept as it was if no message changed)."""
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    fresh = POT.with_suffix(".pot.new")
    _babel("extract", "--mapping-file", str(MAPPING.relative_to(REPO)),
           "--no-default-keywords", *[f"--keyword={k}" for k in KEYWORDS],
           "--add-location=file", "--sort-output", "--no-wrap",
           "--project=DX Trainer", f"--version={_version()}",
           "--copyright-holder=DX Trainer contributors",
           "--output-file", str(fresh.relative_to(REPO)),
           str(PACKAGE.relative_to(REPO)))
    new_text = fresh.read_text(encoding="utf-8")
    if POT.exists() and _stable(POT.read_text(encoding="utf-8")) == _stable(new_text):
        fresh.unlink()  # nothing changed but the date: keep the old file, and the diff empty
    else:
        fresh.replace(POT)


def update(language: str) -> Path:
    """Merge the .pot into <language>'s .po, creating the .po when it is missing."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    common = ["--input-file", str(POT), "--output-dir", str(LOCALE_DIR), "--domain", DOMAIN,
              "--locale", language, "--no-wrap"]
    if po.exists():
        before = po.read_text(encoding="utf-8")
        _babel("update", *common, "--ignore-obsolete", "--ignore-pot-creation-date")
        if _stable(po.read_text(encoding="utf-8")) == _stable(before):
            po.write_text(before, encoding="utf-8")  # keep the file byte for byte
    else:
        _babel("init", *common)
    return po


def compile_all() -> None:
    """Every <lang>/LC_MESSAGES/dxtrainer.po -> dxtrainer.mo next to it (fuzzy entries left out)."""
    _babel("compile", "--directory", str(LOCALE_DIR), "--domain", DOMAIN)


def report(po: Path, language: str) -> int:
    """Print what is left to translate; returns the number of such messages."""
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    messages = [m for m in catalog if m.id]
    untranslated = [m for m in messages if not (all(m.string) if isinstance(m.string, tuple)
                                                   else m.string)]
    fuzzy = [m for m in messages if m.fuzzy]
    print(f"{po.relative_to(REPO)}: {len(messages)} messages, "
          f"{len(untranslated)} untranslated, {len(fuzzy)} fuzzy")
    if catalog.fuzzy:
        print(f"  the header of {po.name} is marked fuzzy: remove '#, fuzzy' at the top, "
              "or the whole catalogue is left out of the .mo")
    for message in (untranslated + fuzzy)[:20]:
        print(f"  to do: {message.id if isinstance(message.id, str) else message.id[0]}")
    return len(untranslated) + len(fuzzy) + int(catalog.fuzzy)


def main() -> int:
    os.chdir(REPO)  # so that the .pot names files as dxtrainer/..., wherever this is run from
    extract()
    pos = {language: update(language) for language in LANGUAGES}
    compile_all()
    left = sum(report(po, language) for language, po in pos.items())
    if left:
        print("Translate the entries above in the .po file(s), then run this script again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
