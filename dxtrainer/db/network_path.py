"""Whether a SQLite file lies on a network drive, where SQLite's locking cannot be trusted
(https://www.sqlite.org/useovernet.html): UNC paths (\\\\server\\share\\…), mapped drives
(Windows GetDriveTypeW reports DRIVE_REMOTE) and network file systems mounted on Linux (nfs,
cifs, smbfs … in /proc/mounts). The system calls are injectable so that tests can stand in for
a Windows PC with a mapped drive."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

DRIVE_REMOTE = 4  # GetDriveTypeW
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "ncpfs", "afs", "coda", "ceph", "glusterfs",
    "lustre", "gpfs", "fuse.sshfs", "fuse.glusterfs", "fuse.ceph", "fuse.gvfsd-fuse", "davfs",
    "fuse.davfs2",
})

DriveType = Callable[[str], int]  # "Z:\\" -> a GetDriveTypeW code
Mounts = Callable[[], Iterable[tuple[str, str]]]  # (mount point, file-system type)


def windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))  # type: ignore[attr-defined]


def linux_mounts() -> list[tuple[str, str]]:
    try:
        text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:  # spaces in a mount point are written \040
            mounts.append((fields[1].replace("\\040", " "), fields[2]))
    return mounts


def is_unc(path: str) -> bool:
    r"""\\server\share\… or //server/share/…; the \\?\C:\ and \\.\ device forms are local
    (\\?\UNC\server\… is not)."""
    text = path.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        return True
    return text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\"))


def on_network_drive(path: str | os.PathLike[str], *, windows: bool | None = None,
                     drive_type: DriveType | None = None, mounts: Mounts | None = None) -> bool:
    """Whether `path` (a file that need not exist yet) is on a network drive. `windows`
    defaults to this PC's system; the checks of the drive and of the mounts can be passed in.
    Never raises: a check that fails counts as a local drive."""
    text = os.fspath(path)
    windows = os.name == "nt" if windows is None else windows
    try:
        if is_unc(text):
            return True
        if windows:
            if len(text) < 2 or text[1] != ":":
                text = os.path.abspath(text)
            if len(text) >= 2 and text[1] == ":":
                return (drive_type or windows_drive_type)(text[0].upper() + ":\\") == DRIVE_REMOTE
            return is_unc(text)
        real = os.path.realpath(text)
        best, kind = "", ""
        for point, fs in (mounts or linux_mounts)():
            inside = real == point or real.startswith(point.rstrip("/") + "/")
            if inside and len(point) >= len(best):
                best, kind = point, fs
        return kind in NETWORK_FILE_SYSTEMS
    except Exception:  # noqa: BLE001 - a failed check must never stop the app from opening
        return False
