"""Start a Streamlit script on a loopback port: for the browser tests, the benchmarks and hosting."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(
    script: str = "app.py",
    port: int | None = None,
    env: dict[str, str] | None = None,
    options: tuple[str, ...] = (),
) -> tuple[str, subprocess.Popen]:
    """`streamlit run script` on 127.0.0.1 (a free port unless given; `env` adds environment
    variables, e.g. STREAMLIT_SERVER_COOKIE_SECRET; `options` adds command-line flags): its URL
    and process, not yet waited for."""
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        *options,
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=os.environ | (env or {}), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return f"http://127.0.0.1:{port}", process


def wait_healthy(url: str, process: subprocess.Popen, timeout_s: float = 60, what: str = "app.py") -> None:
    """Until /_stcore/health answers ok; RuntimeError if the process exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while not healthy(url):  # a bounded wait for a condition, not a fixed sleep
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"{what} did not become healthy within {timeout_s:.0f} s")
        time.sleep(0.2)


@contextmanager
def serving(
    script: str = "app.py",
    timeout_s: float = 60,
    port: int | None = None,
    env: dict[str, str] | None = None,
    options: tuple[str, ...] = (),
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`start` the script, yielding its URL and process once /_stcore/health answers ok."""
    url, process = start(script, port, env, options)
    try:
        wait_healthy(url, process, timeout_s, script)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def running(script: str = "app.py", timeout_s: float = 60) -> Iterator[str]:
    """`streamlit run script` on a free loopback port, yielding its URL once it is healthy."""
    with serving(script, timeout_s) as (url, _):
        yield url


def healthy(url: str) -> bool:
    """Whether the app at `url` answers ok on /_stcore/health."""
    try:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False
