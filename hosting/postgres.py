"""A throwaway PostgreSQL from Debian's `postgresql` package: for the store's tests, the load
benchmark, and trying a database-backed class on one machine.

    with throwaway_postgres() as url:   # postgresql://postgres@/convlab?host=/tmp/…&port=…
        ...

The cluster lives in a temporary folder, listens on a Unix socket only, and is deleted on exit.
As root it runs as the `postgres` user the package creates (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hosting.server import free_port


def postgres_bin() -> Path:
    """The folder of Debian's PostgreSQL programs (the newest installed version)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise FileNotFoundError("PostgreSQL is not installed: apt-get install -y postgresql")
    return Path(found[-1]).parent


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a private cluster with a `convlab` database; yields its URL; stops and deletes it."""
    bin_dir, port = postgres_bin(), free_port()
    root = Path(tempfile.mkdtemp(prefix="convlab-pg-"))
    data, socket = root / "data", root / "socket"
    socket.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(socket, "postgres")
    try:
        _run(
            _as_owner(
                [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            )
        )
        _run(
            _as_owner(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-w",
                    "-l",
                    str(root / "log"),
                    "-o",
                    f"-k {socket} -p {port} -c listen_addresses='' -c fsync=off -c max_connections=200",
                    "start",
                ]
            )
        )
        deadline = time.monotonic() + 30
        while subprocess.run(
            [str(bin_dir / "pg_isready"), "-h", str(socket), "-p", str(port)], capture_output=True
        ).returncode:
            if time.monotonic() > deadline:
                raise TimeoutError("PostgreSQL did not start within 30 s")
            time.sleep(0.1)
        _run([str(bin_dir / "createdb"), "-h", str(socket), "-p", str(port), "-U", "postgres", "convlab"])
        yield f"postgresql://postgres@/convlab?host={socket}&port={port}"
    finally:
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)
