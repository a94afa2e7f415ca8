"""How the pages show a problem: the engine's own message, in the user's numbers, never a traceback."""

from __future__ import annotations

import streamlit as st


def show_error(error: Exception, what: str = "These settings do not work") -> None:
    """An error box with the explanation; the caller decides what of the page still renders."""
    message = str(error).replace("`", "'")
    st.error(
        f"**{what}:** {message[0].upper() + message[1:] if message else 'no details'}.",
        icon=":material/error:",
    )
