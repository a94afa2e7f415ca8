"""A session the server lost: telling the student, and not losing what they pressed.

A Streamlit session lives in one server process. When that process restarts (or dies and the
supervisor starts it again), or a tab stays disconnected longer than Streamlit keeps a session
(2 minutes), the browser reconnects by itself, without a reload, to a new session with nothing in
it. Two things follow, checked in Chromium against Streamlit 1.67:

- The browser names the session it had: its websocket's handshake carries that session's id as
  the third entry of `Sec-WebSocket-Protocol` (Streamlit's frontend sends it to resume a session
  the server still keeps). A first visit and a reload send no id. So a new session whose
  handshake names one replaced a lost session: `session_notice` tells the student once, on every
  page (app.py calls it on each full run).
- The reconnected page sends no run of its own: its first run is the student's next click, and
  a button's `on_click` is only registered by a run that drew the button, so Streamlit drops the
  callback of that first press (a Check after a restart was lost). `press` draws a button whose
  press is done either way.

The browser's anonymous id (the `convlab_browser` cookie, under which Practice progress is kept
in the class store) is read here too, so the notice can say whether Practice answers were kept.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Callable
from typing import Any

import streamlit as st

from ui import follow
from ui.shared_store import store

SEEN = "session_seen"  # set on a session's first full run
NOTICE = "session_lost_notice"  # the notice still to show
SHOWN = "session_lost_shown"  # the notice this run showed (kept through a rerun ConvLab asks for)
DONE = "session_press_done"  # the press whose callback Streamlit ran before this run
ID_CHARS = frozenset(string.ascii_letters + string.digits + "-_")
LOST = (
    "The server restarted or this tab was away for a while, so your session on it was reset: this "
    "page was reopened from its link, with its settings."
)
KEPT = " Your Practice answers were kept."
NOT_IN_LINK = (
    " Anything the link does not hold (an uploaded picture, a network in training) may have to be done again."
)
TOAST = "Your session was reset: this page was reopened from its link (see the note at the top)."
log = logging.getLogger(__name__)


def previous_session() -> str:
    """The id of the session this tab had before, as its websocket's handshake named it ("" on a
    first visit or a reload). Only tested for being there, never shown or used. A function of its
    own so that tests can stand in for the browser."""
    entries = str(st.context.headers.get("Sec-Websocket-Protocol", "") or "")[:400].split(",")
    return entries[2].strip() if len(entries) >= 3 else ""


def browser_id_from_cookie() -> str | None:
    """The browser's anonymous id from its `convlab_browser` cookie (`id`, or `id.…` as earlier
    versions wrote it), or None when there is none or it is not one ConvLab could have made."""
    browser_id = follow.browser_cookie().split(".", 1)[0]
    return browser_id if 16 <= len(browser_id) <= 43 and set(browser_id) <= ID_CHARS else None


def _lost_notice() -> str:
    """What a student whose session was lost is told: true to what was kept."""
    browser_id = browser_id_from_cookie()
    kept = False
    if browser_id is not None:
        try:
            kept = bool(store().attempts_of(browser_id))
        except Exception:  # a store that does not answer: say nothing about Practice answers
            log.exception("could not read the kept Practice attempts")
    return LOST + (KEPT if kept else "") + NOT_IN_LINK


def session_notice() -> None:
    """On every full run, from app.py: on a session's first run, find out whether it replaced one
    the server lost; if so, say it at the top of the page on this run and on a rerun that ConvLab
    itself asks for (`rerun`), with a toast where the student is, then never again in this
    session. Our own words only: nothing the student or the link sent is in them."""
    state = st.session_state
    if SEEN not in state:
        state[SEEN] = True
        if previous_session():
            state[NOTICE] = _lost_notice()
            # where the student is: a reconnected page's first run is their click, often far below
            st.toast(TOAST, icon=":material/restart_alt:", duration="long")
    text = state.pop(NOTICE, None)
    state[SHOWN] = text
    if text:
        st.info(text, icon=":material/restart_alt:")


def rerun() -> None:
    """Run the page again at once, keeping a lost-session notice this run showed."""
    if st.session_state.get(SHOWN):
        st.session_state[NOTICE] = st.session_state[SHOWN]
    st.rerun()


def _done_by_streamlit(token: str, callback: Callable[..., None], *args: Any) -> None:
    st.session_state[DONE] = token
    callback(*args)


def press(draw: Callable[..., bool], token: str, callback: Callable[..., None], *args: Any) -> None:
    """Draw a button with `draw(on_click=…, args=…)` (st.button or st.form_submit_button with
    its label bound) whose press runs `callback(*args)` once, before the page as on_click does.
    A press that comes before the session's first run (a reconnected page's first click) finds no
    callback registered: it is done here, where the button is drawn, and the page is run again so
    that what was drawn above the button (a score) agrees. `token` names the button in the page."""
    pressed = draw(on_click=_done_by_streamlit, args=(token, callback, *args))
    if pressed and st.session_state.pop(DONE, None) != token:
        callback(*args)
        st.session_state[DONE] = token  # should the run again see the press, it is done
        rerun()
