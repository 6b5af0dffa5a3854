"""A SQLite file on a network drive is warned about (SQLite's locking cannot be trusted there):
UNC paths, mapped drives and network mounts; the system checks are stood in for."""

from __future__ import annotations

from dxtrainer.db.network_path import DRIVE_REMOTE, is_unc, on_network_drive
from tests.ui.helpers import DEMO_TIMEOUT

DRIVE_FIXED = 3


def mapped_z(root: str) -> int:
    """A Windows PC where Z: is a mapped network drive and C: a local disk."""
    return DRIVE_REMOTE if root == "Z:\\" else DRIVE_FIXED


def test_unc_paths_are_network_paths_on_any_system():
    for path in (r"\\server\share\dx\dxtrainer.sqlite3", "//server/share/dxtrainer.sqlite3",
                 r"\\?\UNC\server\share\dxtrainer.sqlite3"):
        assert is_unc(path)
        assert on_network_drive(path, windows=True, drive_type=mapped_z)
        assert on_network_drive(path, windows=False, mounts=lambda: [("/", "ext4")])
    assert not is_unc(r"\\?\C:\data\dxtrainer.sqlite3")
    assert not is_unc(r"C:\Users\a\AppData\Local\DXTrainer\dxtrainer.sqlite3")


def test_a_mapped_drive_is_a_network_drive_and_a_local_disk_is_not():
    seen = []

    def drive_type(root: str) -> int:
        seen.append(root)
        return mapped_z(root)

    assert on_network_drive(r"Z:\研修\dxtrainer.sqlite3", windows=True, drive_type=drive_type)
    assert on_network_drive("z:/dxtrainer.sqlite3", windows=True, drive_type=drive_type)
    assert not on_network_drive(r"C:\Users\a\dxtrainer.sqlite3", windows=True,
                                drive_type=drive_type)
    assert seen == ["Z:\\", "Z:\\", "C:\\"]


def test_network_mounts_on_linux():
    mounts = [("/", "ext4"), ("/mnt/share", "cifs"), ("/mnt/share/local", "ext4"),
              ("/srv/nfs", "nfs4"), ("/tmp", "tmpfs")]
    assert on_network_drive("/mnt/share/dx/dxtrainer.sqlite3", windows=False, mounts=lambda: mounts)
    assert on_network_drive("/srv/nfs/dxtrainer.sqlite3", windows=False, mounts=lambda: mounts)
    assert not on_network_drive("/mnt/share/local/x.sqlite3", windows=False, mounts=lambda: mounts)
    assert not on_network_drive("/mnt/shared/x.sqlite3", windows=False, mounts=lambda: mounts)
    assert not on_network_drive("/home/a/x.sqlite3", windows=False, mounts=lambda: mounts)


def test_a_failing_check_counts_as_local():
    def broken(_root: str) -> int:
        raise OSError("no such call")

    assert not on_network_drive(r"Z:\x.sqlite3", windows=True, drive_type=broken)


def test_the_warning_reaches_the_command_line_and_the_log(tmp_path, monkeypatch, capsys, caplog):
    from dxtrainer import cli
    from dxtrainer.db import network_path

    monkeypatch.setattr(network_path, "on_network_drive", lambda path, **_: True)
    database = tmp_path / "share" / "dxtrainer.sqlite3"
    database.parent.mkdir()
    with caplog.at_level("WARNING"):
        assert cli.main(["rebuild", "--database", str(database)]) == 0
    err = capsys.readouterr().err
    assert "ネットワークドライブ" in err and "PostgreSQL" in err
    assert any("network drive" in r.getMessage() for r in caplog.records)


def test_the_warning_is_shown_at_start(qtbot, tmp_path, monkeypatch):
    import argparse

    from PySide6.QtWidgets import QApplication

    from dxtrainer.app import build_main_window
    from dxtrainer.db import network_path

    monkeypatch.setattr(network_path, "on_network_drive", lambda path, **_: True)
    args = argparse.Namespace(database=str(tmp_path / "z.sqlite3"), content=None, demo=False)
    window, runner = build_main_window(args, QApplication.instance())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.services_ready, timeout=DEMO_TIMEOUT):
        pass
    assert window.warning_bar.isVisible()
    assert "ネットワークドライブ" in window.warning_text.text()
    assert window.pages.currentWidget() is window.signin  # a warning, not a stop
    runner.shutdown()
    window.services.close()
