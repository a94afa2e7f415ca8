"""The convolution matrix A drawn: one colour per kernel weight, so the sharing shows."""

from __future__ import annotations

import colorsys

import numpy as np

from text.numbers import format_number
from viz.spec import Spec, typed_array
from viz.theme import Theme


def weight_palette(count: int) -> list[str]:
    """`count` distinct colours, evenly spaced in hue."""
    rgb = (colorsys.hls_to_rgb(i / count, 0.55, 0.6) for i in range(count))
    return ["#" + "".join(f"{round(255 * v):02x}" for v in colour) for colour in rgb]


def convolution_matrix_figure(
    matrix: np.ndarray, which: np.ndarray, kernel_size: tuple[int, int], theme: Theme
) -> Spec:
    """A (outputs x inputs): each entry coloured by the kernel weight (i, j) it repeats, blank where 0."""
    count = kernel_size[0] * kernel_size[1]
    colours = weight_palette(count)
    scale = [
        pair for i, colour in enumerate(colours) for pair in ([i / count, colour], [(i + 1) / count, colour])
    ]
    shown = np.where(which >= 0, which, np.nan).astype(np.float32)
    rows, cols = matrix.shape
    readable = max(rows, cols) <= 40
    trace = {
        "type": "heatmap",
        "z": typed_array(shown),
        "colorscale": scale,
        "zmin": -0.5,
        "zmax": count - 0.5,
        "showscale": False,
        "xgap": 1,
        "ygap": 1,
        "hoverongaps": False,
        "customdata": np.where(which >= 0, matrix, np.nan).astype(np.float32),
        "hovertemplate": "output %{y}, input %{x}: %{customdata:.3g}<extra></extra>",
    }
    if readable:
        trace |= {
            "text": [
                [format_number(v) if w >= 0 else "" for v, w in zip(r, wr)] for r, wr in zip(matrix, which)
            ],
            "texttemplate": "%{text}",
            "textfont": {"size": max(theme.value_font_px - 3, 8)},
        }
    cell = max(8, min(theme.cell_px, 900 // max(cols, 1), 700 // max(rows, 1)))
    layout = {
        "width": cols * cell + 120,
        "height": rows * cell + 100,
        "margin": {"l": 70, "r": 10, "t": 10, "b": 60},
        "xaxis": {"title": {"text": "input cell (row-major)"}, "fixedrange": True, "side": "bottom"},
        "yaxis": {
            "title": {"text": "output cell"},
            "autorange": "reversed",
            "fixedrange": True,
            "scaleanchor": "x",
        },
        "plot_bgcolor": "#ffffff",
        "font": {"size": theme.font_px},
    }
    return {"data": [trace], "layout": layout}
