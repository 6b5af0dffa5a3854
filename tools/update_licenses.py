"""Keep resources/licenses/ in step with the app's dependencies.

Every distribution the app needs at run time (pyproject's [project] dependencies and what they
need in turn, on this platform and on Windows) gets `<name>.txt`: a short header (name, version,
licence, home page) and the licence text(s) its wheel ships. Qt for Python carries the LGPL-3.0
(with the GPL-3.0 it builds on) and where Qt's source can be had; the Python interpreter that the
Windows bundle carries gets its PSF licence. The About dialog shows these files.

    python3 tools/update_licenses.py           # write the files
    python3 tools/update_licenses.py --check   # exit 1 when a file is missing or left over
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "resources" / "licenses"
COMMON = Path("/usr/share/common-licenses")
# Texts that are not a distribution of their own.
EXTRA_FILES = {"python.txt", "lgpl-3.0.txt", "gpl-3.0.txt"}
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
           "platform_machine": "AMD64"}
QT_NOTE = (
    "Qt and Qt for Python (PySide6, Shiboken6) are used under the GNU Lesser General Public "
    "License version 3 (LGPL-3.0, full text in lgpl-3.0.txt), which builds on the GNU General "
    "Public License version 3 (gpl-3.0.txt). DX Trainer links to the unmodified Qt libraries "
    "dynamically: they are separate files in the application folder and may be replaced by the "
    "user with another compatible build. The source code of Qt and Qt for Python, in the version "
    "named above, is available from https://download.qt.io/official_releases/QtForPython/ and "
    "https://code.qt.io/ (and on request from the organisation that distributed this copy).")
QT_DISTRIBUTIONS = ("pyside6-essentials", "shiboken6")
# What a wheel carries inside besides its own code, named where its dist-info does not say.
CARRIED = {
    "psycopg-binary": "This wheel carries the PostgreSQL client library libpq (PostgreSQL "
                      "License, https://www.postgresql.org/about/licence/) and the libraries it "
                      "needs, such as OpenSSL (Apache-2.0), in psycopg_binary.libs.",
}


def runtime_distributions() -> dict[str, metadata.Distribution]:
    """The installed distributions the app needs at run time, by canonical name: the closure of
    pyproject's dependencies and its `postgres` extra with their markers taken for this platform or for Windows."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    here = default_environment()
    platforms = [here, {**here, **WINDOWS}]

    def needed(req: Requirement, extras: set[str]) -> bool:
        return req.marker is None or any(req.marker.evaluate({**env, "extra": extra})
                                         for env in platforms for extra in {"", *extras})

    found: dict[str, metadata.Distribution] = {}
    # the bundle also carries the PostgreSQL driver (the recommended set-up for many PCs)
    pending = [Requirement(text) for text in
               [*project["dependencies"], *project["optional-dependencies"]["postgres"]]]
    pending = [req for req in pending if needed(req, set())]
    while pending:
        req = pending.pop()
        name = canonicalize_name(req.name)
        if name in found:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue  # needed on another platform only, and not installed here
        found[name] = dist
        pending += [child for child in map(Requirement, dist.requires or [])
                    if needed(child, set(req.extras))]
    return found


def expected_files() -> set[str]:
    return {f"{name}.txt" for name in runtime_distributions()} | EXTRA_FILES


def _licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    texts = []
    for file in dist.files or []:
        if "dist-info" in str(file) and re.search(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)",
                                                  file.name, re.IGNORECASE):
            texts.append((str(file).split("dist-info/", 1)[-1],
                          Path(file.locate()).read_text(encoding="utf-8", errors="replace")))
    return texts


def render(name: str, dist: metadata.Distribution) -> str:
    meta = dist.metadata
    licence = meta.get("License-Expression") or (meta.get("License") or "").split("\n")[0]
    if not licence.strip():  # the older way: a trove classifier
        classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []
                       if c.startswith("License ::")]
        licence = ", ".join(classifiers)
    offered = ""
    if name in QT_DISTRIBUTIONS:
        licence, offered = "LGPL-3.0-only", licence
    urls = [u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or []]
    home = meta.get("Home-page") or (urls[0] if urls else "")
    head = [f"Name: {meta['Name']}", f"Version: {dist.version}", f"License: {licence.strip()}"]
    if offered:
        head.append(f"Offered under: {offered}")
    if home:
        head.append(f"Home: {home}")
    parts = ["\n".join(head)]
    if name in QT_DISTRIBUTIONS:
        parts.append(QT_NOTE)
    if name in CARRIED:
        parts.append(CARRIED[name])
    for path, text in _licence_texts(dist):
        parts.append(f"----- {path} -----\n{text.strip()}")
    if len(parts) == 1:
        parts.append("(The distribution ships no licence file; its licence is named above.)")
    return "\n\n".join(parts) + "\n"


def write() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, dist in sorted(runtime_distributions().items()):
        (FOLDER / f"{name}.txt").write_text(render(name, dist), encoding="utf-8")
    python_licence = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}." \
        f"{sys.version_info.minor}" / "LICENSE.txt"
    if python_licence.exists():
        head = (f"Name: Python\nVersion: {sys.version_info.major}.{sys.version_info.minor}\n"
                "License: PSF-2.0\nHome: https://www.python.org/\n\n")
        (FOLDER / "python.txt").write_text(head + python_licence.read_text(encoding="utf-8"),
                                           encoding="utf-8")
    for ours, theirs, title in (("lgpl-3.0.txt", "LGPL-3", "GNU Lesser General Public License v3"),
                                ("gpl-3.0.txt", "GPL-3", "GNU General Public License v3")):
        if (COMMON / theirs).exists():
            head = f"Name: {title}\nLicense: {ours.removesuffix('.txt').upper()}\n\n"
            (FOLDER / ours).write_text(head + (COMMON / theirs).read_text(encoding="utf-8"),
                                       encoding="utf-8")
    for stale in {p.name for p in FOLDER.glob("*.txt")} - expected_files():
        (FOLDER / stale).unlink()


def check() -> list[str]:
    """What is wrong, as lines: files missing for a dependency, files for none."""
    shipped = {p.name for p in FOLDER.glob("*.txt")}
    expected = expected_files()
    return ([f"missing: resources/licenses/{n}" for n in sorted(expected - shipped)]
            + [f"not a dependency: resources/licenses/{n}" for n in sorted(shipped - expected)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    if parser.parse_args().check:
        problems = check()
        print("\n".join(problems) or "resources/licenses/ matches the dependencies")
        return 1 if problems else 0
    write()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
