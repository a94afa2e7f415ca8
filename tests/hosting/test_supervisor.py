"""A dead process comes back: the supervisor restarts a backend that exits, on its port, with a
backoff when it keeps dying; through nginx, a killed backend answers again."""

import os
import signal
import urllib.request
from pathlib import Path

import pytest

from hosting.server import healthy
from hosting.supervisor import Supervisor
from tests.supervised import served_with_nginx, streamlit_children, wait_for

ROOT = Path(__file__).resolve().parents[2]


class FakeProcess:
    def __init__(self) -> None:
        self.returncode = None

    def poll(self):
        return self.returncode

    def die(self, code: int = -9) -> None:
        self.returncode = code


def fake_supervisor(clock):
    started = []

    def starter(port):
        started.append(FakeProcess())
        return started[-1]

    supervisor = Supervisor([8601, 8602], starter, clock=lambda: clock[0], log=lambda line: None)
    supervisor.start_all()
    return supervisor, started


def test_an_exited_process_is_restarted_on_its_port_after_the_backoff():
    clock = [100.0]
    supervisor, started = fake_supervisor(clock)
    started[0].die()
    assert supervisor.check() == []  # found dead: due in 1 s
    clock[0] += 1.0
    assert supervisor.check() == [8601] and len(started) == 3
    assert supervisor.backends[0].process is started[2] and supervisor.backends[1].process is started[1]


def test_a_process_that_keeps_dying_waits_longer_each_time_up_to_the_cap():
    clock = [100.0]
    supervisor, _ = fake_supervisor(clock)
    waits = []
    for _ in range(7):
        supervisor.backends[0].process.die()
        supervisor.check()
        waits.append(supervisor.backends[0].restart_at - clock[0])
        clock[0] = supervisor.backends[0].restart_at
        supervisor.check()
    assert waits == [1, 2, 4, 8, 16, 30, 30]
    clock[0] += 61  # ran a minute: healthy again
    supervisor.backends[0].process.die()
    supervisor.check()
    assert supervisor.backends[0].restart_at - clock[0] == 1


@pytest.mark.skipif(not Path("/usr/sbin/nginx").exists(), reason="needs Debian's nginx")
def test_a_killed_backend_behind_nginx_comes_back():
    with served_with_nginx() as (url, serve):
        page = urllib.request.urlopen(url, timeout=5)
        assert page.headers["X-Content-Type-Options"] == "nosniff" and page.headers["Server"] == "nginx"
        with pytest.raises(OSError):  # another Host name: nginx closes the connection (444)
            urllib.request.urlopen(urllib.request.Request(url, headers={"Host": "evil.example"}), timeout=5)
        (backend,) = streamlit_children(serve.pid)
        os.kill(backend, signal.SIGKILL)
        assert wait_for(lambda: not healthy(url), 10)
        assert wait_for(lambda: healthy(url), 90), "the killed backend did not come back"
        (restarted,) = streamlit_children(serve.pid)
        assert restarted != backend
        assert b"<title>" in urllib.request.urlopen(url, timeout=5).read().lower()
