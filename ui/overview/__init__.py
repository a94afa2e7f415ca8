"""The Network page's overview: a Streamlit Components v2 element (JavaScript and CSS from this
folder, no iframe, nothing from another host) that shows viz.network_figure's pictures at the
container's width and reports a click as the picture's pixel. Python checks what it receives
and never trusts its shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

HERE = Path(__file__).parent
_mount = st.components.v2.component(
    "convlab.network_overview",
    html="",
    css=(HERE / "overview.css").read_text(),
    js=(HERE / "overview.js").read_text(),
)


def read_click(value: object) -> tuple[str, int, int, int] | None:
    """(layout, x, y, time) of a click the browser reported, or None when missing or malformed."""
    if not isinstance(value, dict):
        return None
    layout, x, y, t = (value.get(key) for key in ("layout", "x", "y", "t"))
    if not isinstance(layout, str) or len(layout) > 16:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**53 for v in (x, y, t)):
        return None
    return layout, int(x), int(y), int(t)  # type: ignore[arg-type]


def overview(data: dict[str, Any], key: str) -> None:
    """Draw the overview (`data` from viz.network_figure.overview_figure)."""
    _mount(key=key, data=data, default={"click": None}, on_click_change=lambda: None)


def last_click(key: str) -> tuple[str, int, int, int] | None:
    """The overview's last click, as the session holds it (before the overview is drawn again)."""
    state = st.session_state.get(key)
    return read_click(state.get("click")) if state is not None and hasattr(state, "get") else None
