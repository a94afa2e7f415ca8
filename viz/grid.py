"""Building blocks for drawing matrices the way the textbook does, as Plotly trace specs.

All panels of a figure share one x/y coordinate system: cell (r, c) of a panel placed at
(x0, y0) is centred at (x0 + c, y0 + r), the y axis runs downwards (row 0 on top), and cells
are square. One coordinate system lets a single trace move across panels in an animation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from text.numbers import format_number
from viz.spec import typed_array
from viz.theme import DIVERGING, PADDING_FILL, ROLE_COLOURS, SEQUENTIAL, Theme


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


def matrix_trace(
    panel: Panel,
    values: np.ndarray,
    theme: Theme,
    name: str,
    signed: bool | None = None,
    colours: dict | None = None,
    show_values: bool | None = None,
) -> dict:
    """A heatmap of `values` (rows, cols) on `panel`; NaN cells are transparent."""
    values = np.asarray(values, dtype=np.float64)
    show = max(values.shape) <= theme.max_value_cells if show_values is None else show_values
    trace = {
        "type": "heatmap",
        "name": name,
        "z": typed_array(values.astype(np.float32)),
        "x0": panel.x0,
        "dx": 1,
        "y0": panel.y0,
        "dy": 1,
        "xgap": 1,
        "ygap": 1,
        "showscale": False,
        "hoverongaps": False,
        "hovertemplate": f"{name} (%{{customdata[0]}}, %{{customdata[1]}}) = %{{z:.4g}}<extra></extra>",
        "customdata": (np.stack(list(np.indices(values.shape)), axis=-1) + np.array(panel.origin)).astype(
            np.int16
        ),
        **(colours or colour_range(values, signed)),
    }
    if show:
        trace |= {
            "text": value_text(values),
            "texttemplate": "%{text}",
            "textfont": {"size": theme.value_font_px},
        }
    return trace


def padding_trace(
    panel: Panel, values: np.ndarray, is_padding: np.ndarray, theme: Theme, label: str | None = None
) -> dict:
    """Padding cells in their own flat grey, labelled with the value they hold (or `label`)."""
    shown = np.where(is_padding, np.where(np.isfinite(values), values, 0.0), np.nan)
    colours = {"colorscale": [[0, PADDING_FILL], [1, PADDING_FILL]], "zmin": 0, "zmax": 1}
    trace = matrix_trace(
        panel,
        shown,
        theme,
        "padding",
        colours=colours,
        show_values=max(values.shape) <= theme.max_value_cells,
    )
    if "textfont" in trace:
        trace["textfont"] |= {"color": ROLE_COLOURS["padding"]}
        if label is not None:
            trace["text"] = [[label if pad else "" for pad in row] for row in is_padding]
    return trace


def index_labels(panel: Panel, theme: Theme) -> dict:
    """Row numbers left of the panel and column numbers above it, as the textbook prints them."""
    step = max(1, max(panel.rows, panel.cols) // 16)  # every index on small grids, fewer on large ones
    cols, rows = np.arange(0, panel.cols, step), np.arange(0, panel.rows, step)
    x = np.concatenate([panel.x0 + cols, np.full(rows.size, panel.x0 - 1)])
    y = np.concatenate([np.full(cols.size, panel.y0 - 1), panel.y0 + rows])
    labels = np.concatenate([cols + panel.origin[1], rows + panel.origin[0]])
    return {
        "type": "scatter",
        "mode": "text",
        "x": x.astype(np.float32),
        "y": y.astype(np.float32),
        "text": [str(v) for v in labels],
        "textfont": {"size": max(theme.value_font_px - 2, 9), "color": "#6b7280"},
        "hoverinfo": "skip",
    }


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


def matrices_figure(
    matrices: list[tuple[str, str, np.ndarray]],
    theme: Theme,
    signed: bool | None = None,
    highlights: list[np.ndarray] | None = None,
) -> dict:
    """A static figure of matrices side by side: [(title, role, values (rows, cols)), ...], with
    `highlights[i]` (n, 2) cells of matrix i outlined in the highlight colour."""
    origins = side_by_side([values.shape for _, _, values in matrices])
    panels = [
        Panel(x0, y0, values.shape[0], values.shape[1], title, role)
        for (x0, y0), (title, role, values) in zip(origins, matrices)
    ]
    extent = (-2.0, max(p.x0 + p.cols for p in panels) + 0.5, -3.0, max(p.rows for p in panels) + 0.5)
    cell_px = theme.cell_size(int(extent[1] - extent[0]), int(extent[3] - extent[2]), max_height_px=420)
    data = [
        matrix_trace(p, values, theme, title, signed=signed)
        for p, (title, _, values) in zip(panels, matrices)
    ]
    data += [index_labels(p, theme) for p in panels]
    if highlights:
        marked = [
            np.stack(p.cell(cells[:, 0], cells[:, 1]), axis=-1)
            for p, cells in zip(panels, highlights)
            if len(cells)
        ]
        xy = np.concatenate(marked) if marked else np.zeros((0, 2))
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "highlight",
                "hoverinfo": "skip",
                "x": xy[:, 0].astype(np.float32),
                "y": xy[:, 1].astype(np.float32),
                "marker": {
                    "symbol": "square-open",
                    "size": cell_px - 2,
                    "color": ROLE_COLOURS["highlight"],
                    "line": {"width": 3},
                },
            }
        )
    layout = base_layout(extent, cell_px, theme)
    layout["annotations"] = [panel_title(p, theme) for p in panels]
    layout["shapes"] = [panel_frame(p) for p in panels]
    return {"data": data, "layout": layout}


def fan_out_figure(
    padded: np.ndarray, weights: np.ndarray, output: np.ndarray, links: list, theme: Theme
) -> dict:
    """Input, kernel and output with the cells, weights and outputs of `links` outlined
    (engine.analysis.fanout)."""
    cells = [
        np.array([getattr(link, part) for link in links], dtype=int).reshape(-1, 2)
        for part in ("input", "weight", "output")
    ]
    return matrices_figure(
        [("Input (padded)", "input", padded), ("Kernel", "kernel", weights), ("Output", "output", output)],
        theme,
        highlights=cells,
    )


def crop_figure(trace, theme: Theme) -> dict:
    """A ConvBackwardTrace's gradient of the padded input, the forward's padding outlined, beside
    dL/dX once that padding is cropped (zeros) or folded back (other modes)."""
    return matrices_figure(
        [
            ("dL/d(padded input)", "gradient", trace.grad_input.output[0]),
            ("dL/dX", "gradient", trace.grad_input_values[0]),
        ],
        theme,
        signed=True,
        highlights=[np.argwhere(trace.forward_is_padding), np.zeros((0, 2), dtype=int)],
    )
