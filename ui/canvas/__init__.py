"""A drawing canvas: a Streamlit Components v2 element (JavaScript and CSS from this folder,
no iframe, nothing from another host). The browser reports the drawing as 28x28 grey levels
0..255 when a stroke ends; Python checks what it receives and never trusts its shape."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

HERE = Path(__file__).parent
SIDE = 28  # the browser averages the drawing down to MNIST's 28x28
_mount = st.components.v2.component(
    "convlab.drawing_canvas",
    html="",
    css=(HERE / "canvas.css").read_text(),
    js=(HERE / "canvas.js").read_text(),
)


def read_pixels(value: object) -> np.ndarray | None:
    """The (28, 28) uint8 drawing the browser sent, or None when it is missing or malformed."""
    if not isinstance(value, list) or len(value) != SIDE * SIDE:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 255 for v in value):
        return None
    pixels = np.array(value, dtype=np.uint8).reshape(SIDE, SIDE)
    return pixels if pixels.any() else None


def drawing_canvas(key: str) -> np.ndarray | None:
    """Draw the canvas; the last drawing as (28, 28) uint8, None while nothing is drawn."""
    result = _mount(key=key, data={"side": SIDE}, default={"pixels": None}, on_pixels_change=lambda: None)
    return read_pixels(result.get("pixels"))
