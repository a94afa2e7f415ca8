"""URL state: what a shared link asked for, and a notice when part of it could not be used.

Widgets are bound to the URL (`bind="query-params"`): Streamlit seeds them from it and drops
values that do not fit (out of range, wrong type, unknown option), silently. This module
tells the user which ones were dropped, with their own text, so a link never fails quietly.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from settings.fields import TAB_KEY
from ui.errors import PageError, code_span
from ui.uploads import bound_session_uploads

INCOMING = "_incoming_query"
SHOWN_PAGE = "_shown_page"  # url_path of the page the session's last full run showed
LINKED_TAB = "_linked_tab"  # the tab named by the link the page was opened with, until drawn
PAGE_KEYS = "_page_link_keys"  # the URL keys of the page this session shows (its link, for a class)
MAX_NAMED = 8  # link values a notice names one by one


def remember_incoming_link(page: str) -> None:
    """Keep the query the page was opened with (first run of this page in the session)."""
    seen = st.session_state.setdefault(INCOMING, {})
    if page not in seen:
        seen[page] = dict(st.query_params.to_dict())


def _is_finite_or_text(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return True


def guard_link(page: StreamlitPage) -> None:
    """Before any widget reads the URL: remember the link as opened (for the notice) and, when
    it holds values like 1e309 or inf, which Streamlit's own number parsing turns into a
    traceback, reopen the page without them. When the run opens its page (a new session, the
    navigation, a link), keep the tab the link names for the page's tabs (`linked_tab`)."""
    remember_incoming_link(page.url_path)
    readable = {key: value for key, value in st.query_params.items() if _is_finite_or_text(value)}
    if len(readable) < len(st.query_params):
        st.switch_page(page, query_params=readable)
    if st.session_state.get(SHOWN_PAGE) != page.url_path:
        st.session_state[LINKED_TAB] = st.query_params.get(TAB_KEY)
    st.session_state[SHOWN_PAGE] = page.url_path


def linked_tab() -> str | None:
    """The tab named by the link this page was opened with, once: Streamlit lets the tab a
    session had open win over a link followed within the session."""
    return st.session_state.pop(LINKED_TAB, None)


def _as_url_text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def ignored_link_values(page: str, known: AbstractSet[str]) -> list[str]:
    """`key=value` pairs of the opening link that the page could not use, each reported once."""
    incoming = st.session_state.get(INCOMING, {}).get(page)
    if not incoming:
        return []
    ignored = []
    for key, value in incoming.items():
        kept = st.query_params.get(key) == value
        matches_widget = key in st.session_state and _as_url_text(st.session_state[key]) == value
        if key not in known or not (kept or matches_widget):
            ignored.append(f"{key[:40]}={value[:40]}")
    st.session_state[INCOMING][page] = {}
    return ignored


def link_notice(page: str, known: AbstractSet[str]) -> None:
    """An info box naming the link's values that were not valid here (defaults used instead)."""
    ignored = ignored_link_values(page, known)
    if ignored:
        shown = ", ".join(code_span(item) for item in ignored[:MAX_NAMED])
        more = f" and {len(ignored) - MAX_NAMED} more" if len(ignored) > MAX_NAMED else ""
        st.info(
            f"Part of this link could not be used, so defaults stand in for: {shown}{more}.",
            icon=":material/link_off:",
        )


@contextmanager
def checked_link(page: str, known: AbstractSet[str]) -> Iterator[None]:
    """Wrap a page's body: once every widget has read the URL (even if the page stopped early
    on an error, through `ui.errors.stop_with`), show at the top which of the link's values
    could not be used."""
    bound_session_uploads()  # every page passes here: the server holds one upload per session
    remember_incoming_link(page)
    st.session_state[PAGE_KEYS] = known
    slot = st.container()
    try:
        yield
    except PageError:
        with slot:
            link_notice(page, known)
        st.stop()  # st.stop() inside the body would stop before the notice could be drawn
    with slot:
        link_notice(page, known)
