"""Keep a class's Streamlit processes running: one that exits is started again on its own port.

nginx hashes each browser to a port, so a process that comes back on the same port gets its
students back without touching the proxy. A process that keeps dying is restarted with a backoff
(1 s, 2 s, 4 s ... up to 30 s) so a crash loop does not eat the cores the others need; one that
ran a minute before it died counts as healthy again (backoff back to 1 s).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hosting.server import start, wait_healthy

Starter = Callable[[int], subprocess.Popen]


@dataclass
class Backend:
    """One supervised process: its port, the process now running, how often it has died."""

    port: int
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    quick_deaths: int = 0  # deaths in a row, each within `stable_s` of its start
    restart_at: float | None = None  # when a dead process is due to start again
    restarts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Supervisor:
    """Processes on fixed ports; `check()` (called every half second or so) restarts the dead."""

    ports: list[int]
    starter: Starter
    min_backoff_s: float = 1.0
    max_backoff_s: float = 30.0
    stable_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
    backends: list[Backend] = field(init=False)

    def __post_init__(self) -> None:
        self.backends = [Backend(port) for port in self.ports]

    def start_all(self) -> None:
        for backend in self.backends:
            self._start(backend)

    def _start(self, backend: Backend) -> None:
        backend.process, backend.started_at, backend.restart_at = (
            self.starter(backend.port),
            self.clock(),
            None,
        )

    def backoff(self, quick_deaths: int) -> float:
        return min(self.max_backoff_s, self.min_backoff_s * 2 ** max(quick_deaths - 1, 0))

    def check(self) -> list[int]:
        """Restart every process that has exited and whose backoff has passed; their ports."""
        now, restarted = self.clock(), []
        for backend in self.backends:
            process = backend.process
            if process is None or process.poll() is None:
                continue
            if backend.restart_at is None:  # just found dead
                quick = now - backend.started_at < self.stable_s
                backend.quick_deaths = backend.quick_deaths + 1 if quick else 1
                backend.restart_at = now + self.backoff(backend.quick_deaths)
                self.log(
                    f"convlab: process on port {backend.port} exited ({process.returncode}); "
                    f"restarting in {backend.restart_at - now:.0f} s"
                )
            if now >= backend.restart_at:
                self._start(backend)
                backend.restarts += 1
                restarted.append(backend.port)
        return restarted

    def stop_all(self, timeout_s: float = 20) -> None:
        for backend in self.backends:
            if backend.process is not None and backend.process.poll() is None:
                backend.process.terminate()
        for backend in self.backends:
            if backend.process is not None:
                try:
                    backend.process.wait(timeout=timeout_s)
                except subprocess.TimeoutExpired:
                    backend.process.kill()


def streamlit_starter(script: str, env: dict[str, str], options: tuple[str, ...]) -> Starter:
    """Start `streamlit run script` on a given loopback port."""
    return lambda port: start(script, port, env, options)[1]


def wait_all_healthy(supervisor: Supervisor, timeout_s: float = 90) -> None:
    """Until every backend answers its health check; RuntimeError as wait_healthy raises it."""
    for backend in supervisor.backends:
        assert backend.process is not None
        wait_healthy(backend.url, backend.process, timeout_s)
