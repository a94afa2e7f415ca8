"""Preformatted text: a step's arithmetic, the size formulas, the shapes, in a monospace block.

Not st.code: the first code block on a page loads Streamlit's syntax highlighter, 0.5 to 0.9 s of
the browser's main thread on every first visit (Chromium's profile of the Volumes page), to print
text that is never highlighted. The text is escaped, so it is shown and never read as HTML; its
style (.cl-plain) is the frame's (ui/frame.py).
"""

from __future__ import annotations

import html

import streamlit as st


def plain_block(text: str) -> None:
    """Show `text` as it is: monospace, its lines kept, long lines wrapped."""
    st.html(f'<pre class="cl-plain">{html.escape(text)}</pre>')
