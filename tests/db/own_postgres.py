"""A PostgreSQL cluster a test starts, stops and starts again for itself (initdb + pg_ctl on a
free loopback port). The server binaries come from DXTRAINER_TEST_PG_BIN (CI) or the usual
Debian folder; without them the test is skipped, unless DXTRAINER_TEST_POSTGRES_REQUIRED is set.
As root (CI), the cluster runs as the `postgres` user in a folder of its own under /tmp."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _binaries() -> Path:
    folder = os.environ.get("DXTRAINER_TEST_PG_BIN") or "/usr/lib/postgresql/15/bin"
    if not (Path(folder) / "pg_ctl").exists():
        if os.environ.get("DXTRAINER_TEST_POSTGRES_REQUIRED"):
            pytest.fail(f"PostgreSQL server binaries not found in {folder}")
        pytest.skip("no PostgreSQL server binaries (DXTRAINER_TEST_PG_BIN)")
    return Path(folder)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        self.bin = _binaries()
        self.user = None
        if os.geteuid() == 0:  # initdb refuses root
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root without a postgres user to run the server as")
        self.folder = Path(tempfile.mkdtemp(prefix="dxtrainer-pg-"))
        self.folder.chmod(0o755)
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self.port = _free_port()
        self.data = self.folder / "data"
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8", "--locale=C")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        kwargs = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        subprocess.run([str(self.bin / program), *args], check=True, capture_output=True,
                       cwd=self.folder, timeout=120, **kwargs)  # type: ignore[call-overload]

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                  "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                        "-c fsync=off", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)
