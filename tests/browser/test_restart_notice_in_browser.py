"""Behind nginx with the supervisor, as a class is served: a backend dies while a student is on
the Convolution page; their next change reaches the restarted process in a new session, and they
are told once, on that page, that it was reopened from its link (nginx passes on the handshake
that names the lost session). A first visit is told nothing.

The test runs a hosting.serve of its own, not the session's shared server."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hosting.server import free_port, healthy
from tests.browser.conftest import SETTLED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/sbin/nginx").exists(), reason="needs Debian's nginx"),
]

ROOT = Path(__file__).resolve().parents[2]
NOTICE = "The server restarted or this tab was away for a while"


def streamlit_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if b"streamlit" in Path(f"/proc/{c}/cmdline").read_bytes()]


def wait_for(condition, timeout_s: float) -> bool:
    """A bounded wait for a condition (polled), never a fixed sleep."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_a_student_on_another_page_is_told_once_after_their_process_died(page):
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
        page.goto(f"{url}/convolution?h=9&bias=1")
        page.wait_for_selector(SETTLED)
        page.wait_for_selector(".cl-surface [data-cell]")
        notice = page.locator("[data-testid='stAlert']").filter(has_text=NOTICE)
        expect(notice).to_have_count(0)  # a first visit

        (backend,) = streamlit_children(serve.pid)
        os.kill(backend, signal.SIGKILL)
        assert wait_for(lambda: streamlit_children(serve.pid) not in ([], [backend]), 30)

        bias = page.get_by_label("Bias b")
        bias.fill("3")  # the student goes on: waits while the page is disconnected
        bias.press("Enter")
        expect(notice).to_have_count(1, timeout=30_000)
        expect(notice).to_contain_text("this page was reopened from its link")
        expect(page.get_by_text(re.compile(r"\+ bias 3 = "))).not_to_have_count(0)  # their change
        expect(page.get_by_label("Height")).to_have_value("9")  # and the link's settings
        page.wait_for_selector(SETTLED)

        bias.fill("4")
        bias.press("Enter")
        expect(page.get_by_text(re.compile(r"\+ bias 4 = "))).not_to_have_count(0)
        expect(notice).to_have_count(0)  # once
    finally:
        serve.terminate()
        serve.wait(30)
