"""How the pages show a problem: the engine's own message, in the user's numbers, never a traceback.

Messages quote what the user sent (a stack line, a file name, a link value), and Streamlit renders
an error box's text as Markdown: the quoted text is escaped so that it shows as typed and never
becomes a link, an image, HTML, LaTeX or coloured text (DESIGN 5).
"""

from __future__ import annotations

import re
from typing import NoReturn

import streamlit as st

# What can start markup in Streamlit's Markdown on one line: escapes, code, emphasis (an
# underscore between letters or digits never is), links and images, HTML and entities, LaTeX,
# strikethrough, and directives or shortcodes (a colon followed by a non-space).
_MARKUP = re.compile(r"[\\`*\[\]<>&$~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=\S)")


def plain(text: str) -> str:
    """`text` for a Markdown string, shown exactly as typed (on one line)."""
    return _MARKUP.sub(lambda match: "\\" + match.group(), " ".join(text.split()))


def code_span(text: str) -> str:
    """`text` as inline code: nothing inside renders; the fence is longer than any run of
    backticks in it, so none can close it early."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


class PageError(Exception):
    """Raised by `stop_with`; `ui.state.checked_link` shows the link notice, then stops the run."""


def show_error(error: Exception, what: str = "These settings do not work") -> None:
    """An error box with the explanation; the caller decides what of the page still renders."""
    message = str(error)
    message = message[0].upper() + message[1:] if message else "no details"
    st.error(f"**{what}:** {plain(message)}.", icon=":material/error:")


def stop_with(error: Exception, what: str = "These settings do not work") -> NoReturn:
    """Show the error and stop the page (what it drew so far, and its link notice, stay)."""
    show_error(error, what)
    raise PageError
