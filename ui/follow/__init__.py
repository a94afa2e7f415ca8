"""The class follower: a Streamlit Components v2 element with no look of its own. It writes the
student's class membership to a cookie (read back by `st.context.cookies` when the browser opens
a page, even after a server restart) and opens the instructor's page as a real navigation. The
same element, mounted under its own key, keeps the browser's anonymous id for Practice progress.

A real navigation is the one way a link's values win over a session's: Streamlit 1.67's
st.switch_page refuses to set the query keys that the page on screen binds to widgets."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
COOKIE = "convlab_class"  # code.member_id.version followed
LESSON_COOKIE = "convlab_lesson"  # lesson_id.step
BROWSER_COOKIE = "convlab_browser"  # browser_id.process.time of the last Practice run
BROWSER_AGE_S = 180 * 86400
_mount = st.components.v2.component("convlab.class_follower", html="", js=(HERE / "follow.js").read_text())


def follower(cookies: dict[str, tuple[str, int]], open_path: str | None = None) -> None:
    """Keep each cookie `name: (value, max_age_s)` (0 clears it); then go to `open_path`
    (`/page?query`, same origin) when given. Values are ours: codes, ids and numbers."""
    _mount(
        key="class_follower",
        data={"cookies": [[name, value, age] for name, (value, age) in cookies.items()], "open": open_path},
    )


def browser_cookie() -> str:
    """The browser-id cookie as the browser sent it when this session started ("" for none); the
    caller checks it. A function of its own so that tests can stand in for the browser."""
    return str(st.context.cookies.get(BROWSER_COOKIE, ""))[:200]


def remember_browser(value: str) -> None:
    """Keep `value` (an id, a process and a time: ours, never markup) in the browser-id cookie for
    BROWSER_AGE_S. Mount once per full run, from one page: a key is mounted once per run."""
    _mount(key="browser_memory", data={"cookies": [[BROWSER_COOKIE, value, BROWSER_AGE_S]], "open": None})
