"""The app's frame: its pages, the classroom toggle, the page-wide styles, the start-up heap freeze."""

from __future__ import annotations

import copy
import functools
import gc

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from settings.page import FrameSettings
from ui.registry import PAGES
from ui.widgets import draw
from viz.theme import Theme, theme_for

CLASSROOM_CSS = """
<style>
  .stApp, .stApp p, .stApp li, .stApp label, .stApp input, .stApp textarea { font-size: 1.3rem !important; }
  .stApp h1 { font-size: 3rem !important; }
  .stApp h2 { font-size: 2.2rem !important; }
  .stApp code, .stApp .cl-plain { font-size: 1.2rem !important; }
</style>
"""


# Streamlit fades every stale element while a rerun runs (opacity 0.33 after 0.5 s). Starting and
# cancelling those transitions makes Chromium re-layer the whole page twice per rerun, and with a
# 32x32 animation on the page that was 116 ms of every 550 ms control change (Chromium's trace):
# a fade a quick rerun never shows. The status widget still says when the app is running.
FRAME_CSS = """
<style>
  .stElementContainer { opacity: 1 !important; transition: none !important; }
  .cl-plain {
    margin: 0; padding: 0.75rem 1rem; border-radius: 0.5rem; background: #f0f2f6; color: #31333f;
    font-family: "Source Code Pro", monospace; font-size: 0.875rem; line-height: 1.6;
    white-space: pre-wrap; overflow-wrap: anywhere;
  }
  .cl-table { overflow-x: auto; }
  .cl-table table { border-collapse: collapse; font-size: 0.875rem; }
  .cl-table th { font-weight: 600; color: #6b7280; text-align: left; }
  .cl-table th, .cl-table td {
    padding: 0.45rem 0.75rem; border-bottom: 1px solid #e6e9ef; vertical-align: top;
  }
</style>
"""


@functools.cache  # not st.cache_resource: a client's clear-cache message would empty it
def _resolved_pages() -> tuple[StreamlitPage, ...]:
    return (
        st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
        *(st.Page(page.path, title=page.title, icon=page.icon, url_path=page.url_path) for page in PAGES),
    )


def pages() -> list[StreamlitPage]:
    """The app's pages for st.navigation. Each st.Page resolves its file's real path (a dozen
    system calls, 2 ms a run for the twelve pages, each call a chance to lose the GIL under load),
    so they are made once per process; each run gets copies, because st.navigation marks on a
    page object that this run may run it."""
    return [copy.copy(page) for page in _resolved_pages()]


def frame_style() -> None:
    """The page-wide style every page shares: stale elements are not faded; ui/plain.py's blocks."""
    st.html(FRAME_CSS)


@functools.cache  # not st.cache_resource: a client's clear-cache message would empty it and rerun this
def freeze_heap() -> None:
    """Move everything imported at start-up out of the garbage collector's reach, once.

    Streamlit runs a full collection after every rerun; without this, each one walks every
    object of NumPy, Plotly and Streamlit itself (DESIGN 5b: 6.4 s -> 72 ms median rerun for
    a simulated class of 100).
    """
    gc.collect()
    gc.freeze()


def classroom_toggle() -> Theme:
    """Sidebar toggle for a projector: larger text and cells. Bound to the URL."""
    with st.sidebar:
        classroom = draw(FrameSettings).classroom
    if classroom:
        st.html(CLASSROOM_CSS)
    return theme_for(classroom)


def classroom_on() -> bool:
    """Whether the frame's classroom toggle is on (pages read it; app.py draws it)."""
    return bool(st.session_state.get(FrameSettings.key("classroom"), False))
