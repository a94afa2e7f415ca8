"""Building blocks for Plotly figures of grids (pictures side by side, 3-D volumes): panels,
colour scales and printed values. Still grids of numbers are drawn by viz/grid_svg.py instead.

All panels of a figure share one x/y coordinate system: cell (r, c) of a panel placed at
(x0, y0) is centred at (x0 + c, y0 + r), the y axis runs downwards (row 0 on top), and cells
are square.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from text.numbers import format_number
from viz.theme import DIVERGING, ROLE_COLOURS, SEQUENTIAL, Theme


@dataclass(frozen=True)
class Panel:
    """Where a matrix sits: its top-left cell centre (x0, y0) and its size in cells."""

    x0: float
    y0: float
    rows: int
    cols: int
    title: str
    role: str
    origin: tuple[int, int] = (0, 0)  # the (row, col) index of the panel's top-left cell

    def cell(self, r: np.ndarray | int, c: np.ndarray | int) -> tuple:
        """Plot coordinates of the centres of cells (r, c), given in the panel's own indices."""
        return self.x0 + np.asarray(c) - self.origin[1], self.y0 + np.asarray(r) - self.origin[0]


def side_by_side(shapes: list[tuple[int, int]], gap: int = 3) -> list[tuple[float, float]]:
    """(x0, y0) for panels laid left to right, tops aligned, `gap` cells apart."""
    origins, x = [], 0.0
    for _, cols in shapes:
        origins.append((x, 0.0))
        x += cols + gap
    return origins


def colour_range(values: np.ndarray, signed: bool | None = None) -> dict:
    """Colour scale settings: diverging centred on 0 for signed values, sequential otherwise."""
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if signed is None:
        signed = low < 0
    if signed:
        bound = max(abs(low), abs(high), 1e-12)
        return {"colorscale": DIVERGING, "zmin": -bound, "zmax": bound}
    return {"colorscale": SEQUENTIAL, "zmin": min(low, 0.0), "zmax": max(high, 1e-12)}


def value_text(values: np.ndarray) -> list[list[str]]:
    """Cell labels: the formatted value, empty where there is none (NaN)."""
    return [[format_number(v) if np.isfinite(v) else "" for v in row] for row in values]


def panel_title(panel: Panel, theme: Theme) -> dict:
    """The panel's name in its role colour, above the column numbers."""
    return {
        "x": panel.x0 + (panel.cols - 1) / 2,
        "y": panel.y0 - 2.2,
        "text": f"<b>{panel.title}</b>",
        "showarrow": False,
        "font": {"size": theme.title_font_px, "color": ROLE_COLOURS[panel.role]},
        "xref": "x",
        "yref": "y",
    }


def panel_frame(panel: Panel) -> dict:
    """A thin outline in the panel's role colour around the whole matrix."""
    return {
        "type": "rect",
        "xref": "x",
        "yref": "y",
        "x0": panel.x0 - 0.5,
        "x1": panel.x0 + panel.cols - 0.5,
        "y0": panel.y0 - 0.5,
        "y1": panel.y0 + panel.rows - 0.5,
        "line": {"color": ROLE_COLOURS[panel.role], "width": 2},
        "layer": "above",
    }


def base_layout(
    extent: tuple[float, float, float, float], cell_px: int, theme: Theme, bottom_px: int = 20
) -> dict:
    """Square cells, row 0 on top, no axes, fixed ranges: (x_min, x_max, y_min, y_max) in cells."""
    x_min, x_max, y_min, y_max = extent
    width, height = (x_max - x_min) * cell_px, (y_max - y_min) * cell_px
    return {
        "width": int(width) + 20,
        "height": int(height) + 20 + bottom_px,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10 + bottom_px},
        "xaxis": {"visible": False, "range": [x_min, x_max], "fixedrange": True},
        "yaxis": {"visible": False, "range": [y_max, y_min], "fixedrange": True, "scaleanchor": "x"},
        "showlegend": False,
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "font": {"size": theme.font_px},
        "hovermode": "closest",
    }
