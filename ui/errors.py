"""How the pages show a problem: the engine's own message, in the user's numbers, never a traceback."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st


class PageError(Exception):
    """Raised by `stop_with`; `ui.state.checked_link` shows the link notice, then stops the run."""


def show_error(error: Exception, what: str = "These settings do not work") -> None:
    """An error box with the explanation; the caller decides what of the page still renders."""
    message = str(error).replace("`", "'")
    st.error(
        f"**{what}:** {message[0].upper() + message[1:] if message else 'no details'}.",
        icon=":material/error:",
    )


def stop_with(error: Exception, what: str = "These settings do not work") -> NoReturn:
    """Show the error and stop the page (what it drew so far, and its link notice, stay)."""
    show_error(error, what)
    raise PageError
