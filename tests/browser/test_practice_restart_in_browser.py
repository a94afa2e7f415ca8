"""A class server restarts while a student is on Practice: the page reconnects by itself, the
student's next Check counts, the earlier one is still there, and they are told once what happened.

The test runs a server of its own (it is killed and started again on the same port), not the
session's shared one."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from class_store import open_store
from hosting.server import free_port, start, wait_healthy
from practice.generate import exercise_set
from tests.browser.conftest import SETTLED

pytestmark = pytest.mark.browser

SET = 5
NOTICE = "The server restarted or this tab was away for a while"


class Server:
    """ConvLab on one loopback port, which can be killed and started again on that port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url, self.process = start("app.py", self.port)
        wait_healthy(self.url, self.process)

    def restart(self) -> None:
        self.process.kill()  # as a crash would: no goodbye to the browser
        self.process.wait(timeout=20)
        self.url, self.process = start("app.py", self.port)
        wait_healthy(self.url, self.process)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def own_server() -> Iterator[Server]:
    server = Server()
    try:
        yield server
    finally:
        server.stop()


def test_the_first_check_after_a_restart_counts_and_the_student_is_told_once(page, own_server):
    exercises = exercise_set(SET, 10)
    page.goto(f"{own_server.url}/practice?set={SET}")
    page.wait_for_selector(SETTLED)
    verdicts = page.locator("[data-testid='stAlert']").filter(has_text=re.compile("Right:|Not quite"))
    notice = page.locator("[data-testid='stAlert']").filter(has_text=NOTICE)
    score = page.get_by_test_id("stMetric").nth(1)

    page.get_by_label("Your answer").nth(0).fill(exercises[0].answer_text)
    page.get_by_role("button", name="Check").nth(0).click()
    expect(verdicts).to_have_count(1)
    expect(score).to_contain_text("1 of 14")

    own_server.restart()
    # the student goes on without reloading: the page reconnects to a new session, and this Check
    # is that session's first run
    page.get_by_label("Your answer").nth(1).fill(exercises[1].answer_text)
    page.get_by_role("button", name="Check").nth(1).click()
    expect(verdicts).to_have_count(2, timeout=30_000)
    expect(verdicts.nth(0)).to_have_text(re.compile(f"Right: {re.escape(exercises[0].answer_text)}"))
    expect(verdicts.nth(1)).to_have_text(re.compile(f"Right: {re.escape(exercises[1].answer_text)}"))
    expect(score).to_contain_text("2 of 14")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("Your Practice answers were kept.")

    # kept in the store once each, under the browser's cookie: the Check was done once, not twice
    (cookie,) = [c["value"] for c in page.context.cookies() if c["name"] == "convlab_browser"]
    kept = open_store()
    try:
        tries = {attempt.exercise_key: attempt.tries for attempt in kept.attempts_of(cookie)}
    finally:
        kept.close()
    assert tries == {f"{SET}:0": 1, f"{SET}:1": 1}

    page.get_by_label("Your answer").nth(2).fill("1")  # the next action: the notice has been read
    page.get_by_role("button", name="Check").nth(2).click()
    expect(verdicts).to_have_count(3)
    expect(notice).to_have_count(0)

    page.reload()  # a reload is the student's own doing: their answers, and nothing to tell
    page.wait_for_selector(SETTLED)
    expect(score).to_contain_text("2 of 14")
    expect(page.get_by_test_id("stMetric").nth(2)).to_contain_text("3 of 14")
    expect(notice).to_have_count(0)
