"""Figures as plain Plotly specs, handed to Streamlit without a second validation.

viz builds every figure as a JSON-ready dict (`{"data": [...], "layout": {...}, "frames": [...]}`)
and the test suite validates each one against Plotly's schema with `go.Figure(spec)`. At run
time, validation would dominate: Streamlit turns any `go.Figure` into a dict on every rerun,
which for an animation of 1,000 frames costs ~0.5 s (plain dicts: ~10 ms to build).
`SpecFigure` is the one-method adapter that gives Streamlit the prebuilt dict.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import plotly.graph_objects as go

Spec = dict[str, Any]


class SpecFigure(go.Figure):
    """A `go.Figure` whose `to_dict()` returns a prebuilt, already-validated spec as is.

    Only for display: the spec is shared (cached) and must not be mutated.
    """

    def __init__(self, spec: Spec) -> None:
        super().__init__()
        self._spec = spec

    def to_dict(self) -> Spec:
        return self._spec


DTYPES = {np.dtype(np.uint8): "u1", np.dtype(np.int16): "i2", np.dtype(np.float32): "f4"}


def typed_array(array: np.ndarray) -> dict:
    """Plotly's typed-array spec (what plotly.py emits for NumPy arrays): base64 bytes, not a
    list of numbers, so a 256x256 picture costs 87 kB of JSON instead of ~400 kB."""
    array = np.ascontiguousarray(array)
    spec = {"dtype": DTYPES[array.dtype], "bdata": base64.b64encode(array.tobytes()).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = ", ".join(map(str, array.shape))
    return spec
