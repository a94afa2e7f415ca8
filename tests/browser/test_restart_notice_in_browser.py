"""Behind nginx with the supervisor, as a class is served: a backend dies while a student is on
the Convolution page; their next change reaches the restarted process in a new session, and they
are told once, on that page, that it was reopened from its link (nginx passes on the handshake
that names the lost session). A first visit is told nothing.

The test runs a hosting.serve of its own, not the session's shared server."""

import os
import re
import signal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SETTLED
from tests.supervised import served_with_nginx, streamlit_children, wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/sbin/nginx").exists(), reason="needs Debian's nginx"),
]

ROOT = Path(__file__).resolve().parents[2]
NOTICE = "The server restarted or this tab was away for a while"


def test_a_student_on_another_page_is_told_once_after_their_process_died(page):
    with served_with_nginx() as (url, serve):
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
