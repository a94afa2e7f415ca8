"""Preformatted text (a step's arithmetic, the size formulas, the shapes) in a monospace block,
and small tables of text.

Not st.code: the first code block on a page loads Streamlit's syntax highlighter, 0.5 to 0.9 s of
the browser's main thread on every first visit (Chromium's profile of the Volumes page), to print
text that is never highlighted. Not st.table either, for a few rows of text: it sends them as
Arrow, and the browser loads an Arrow reader and a table component to show them. Every text is
escaped, so it is shown and never read as HTML; the styles (.cl-plain, .cl-table) are the
frame's (ui/frame.py).
"""

from __future__ import annotations

import html

import streamlit as st


def plain_block(text: str) -> None:
    """Show `text` as it is: monospace, its lines kept, long lines wrapped."""
    st.html(f'<pre class="cl-plain">{html.escape(text)}</pre>')


def plain_table(rows: list[dict[str, str]]) -> None:
    """Rows of text as a table, the first row's keys as its header; sideways scroll on a phone."""
    header = "".join(f"<th>{html.escape(key)}</th>" for key in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in row.values()) + "</tr>" for row in rows
    )
    st.html(f'<div class="cl-table"><table><tr>{header}</tr>{body}</table></div>')
