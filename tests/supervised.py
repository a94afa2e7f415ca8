"""Helpers for tests that run hosting.serve: one behind nginx, its Streamlit children, bounded waits."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hosting.server import free_port, healthy

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def served_with_nginx() -> Iterator[tuple[str, subprocess.Popen]]:
    """`python -m hosting.serve` with one Streamlit process behind nginx: (its URL, the supervisor)."""
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "hosting.serve", "--processes", "1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: healthy(url), 90), "serve.py did not come up"
        yield url, serve
    finally:
        serve.terminate()
        serve.wait(30)


def streamlit_children(pid: int) -> list[int]:
    """The pids of the Streamlit processes that process `pid` started."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if b"streamlit" in Path(f"/proc/{c}/cmdline").read_bytes()]


def wait_for(condition: Callable[[], bool], timeout_s: float) -> bool:
    """A bounded wait for a condition (polled every 0.25 s), never a fixed sleep."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False
