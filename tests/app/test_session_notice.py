"""A student whose session the server lost (a restart, a process that died, a tab away longer
than Streamlit keeps a session) is told so once, on whichever page they were, in words true to
what was kept; a first visit and a reload are told nothing."""

import time

from streamlit.testing.v1 import AppTest

from class_store.records import PracticeAttempt
from tests.app.conftest import ROOT, SCRIPTS, run_with_link
from ui.session_notice import SEEN
from ui.shared_store import store

OLD_SESSION = "0f3a9c1e-5b7d-4e2a-9c1b-2d4e6f8a0b1c"  # a session id as Streamlit's frontend sends it


def reconnects(monkeypatch, after: str | None) -> None:
    """Whether the new session's browser names a session it had before (a reconnect after the
    server lost it) or not (None: a first visit or a reload; AppTest sends no handshake headers)."""
    monkeypatch.setattr("ui.session_notice.previous_session", lambda: after or "")


def browser_sends(monkeypatch, cookie: str) -> None:
    monkeypatch.setattr("ui.follow.browser_cookie", lambda: cookie)


def reconnected_on(page: str, monkeypatch, **params: str) -> AppTest:
    """A new session whose first run is on `page`, as a reconnected browser's is. AppTest has to
    run the app once (on Home) before it can open a page that st.navigation declares, so that run
    is made to look like no run at all: the session's first-run mark is taken away again."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    del at.session_state[SEEN]
    reconnects(monkeypatch, OLD_SESSION)
    at.switch_page(SCRIPTS[page])
    return run_with_link(at, params)


def a_browser_with_kept_answers() -> str:
    browser_id = f"kept{time.time_ns()}"
    store().save_attempt(browser_id, PracticeAttempt("3:0", "5x5", True, 1, False))
    return browser_id


def test_a_first_visit_is_told_nothing(monkeypatch):
    browser_sends(monkeypatch, a_browser_with_kept_answers())  # even with answers kept from before
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()  # the real header check
    assert not at.exception and not at.info and not at.toast
    at.switch_page(SCRIPTS["convolution"]).run()
    assert not at.info and not at.toast


def test_a_lost_session_is_told_on_the_page_it_was_on_once(monkeypatch):
    browser_sends(monkeypatch, "")
    at = reconnected_on("convolution", monkeypatch, h="9", bias="2")
    assert not at.exception
    assert [info.value for info in at.info] == [
        "The server restarted or this tab was away for a while, so your session on it was reset: this "
        "page was reopened from its link, with its settings. Anything the link does not hold (an "
        "uploaded picture, a network in training) may have to be done again."
    ]  # no Practice answers were kept for this browser: the notice does not claim any
    assert [toast.value for toast in at.toast] == [
        "Your session was reset: this page was reopened from its link (see the note at the top)."
    ]
    assert at.number_input(key="h").value == 9  # the link's settings, as the notice says
    at.number_input(key="bias").set_value(3).run()
    assert not at.info and not at.toast  # once


def test_a_lost_session_on_home_with_practice_answers_kept_is_told_they_were(monkeypatch):
    browser_sends(monkeypatch, a_browser_with_kept_answers())
    reconnects(monkeypatch, OLD_SESSION)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert len(at.info) == 1
    assert "this page was reopened from its link" in at.info[0].value
    assert "Your Practice answers were kept." in at.info[0].value


def test_a_cookie_with_nothing_kept_claims_nothing_kept(monkeypatch):
    browser_sends(monkeypatch, f"nothing{time.time_ns()}")
    at = reconnected_on("pooling", monkeypatch)
    assert len(at.info) == 1 and "Practice" not in at.info[0].value


def test_the_notice_is_plain_text_whatever_the_link_holds(monkeypatch):
    browser_sends(monkeypatch, "[x](https://evil.example)")  # not an id: nothing read from it
    at = reconnected_on("convolution", monkeypatch, **{"[sign in](https://evil.example)": "$x$"})
    (notice,) = [info.value for info in at.info if info.icon == ":material/restart_alt:"]
    assert notice.startswith("The server restarted or this tab was away for a while")
    assert "evil" not in notice and "[" not in notice and "$" not in notice
