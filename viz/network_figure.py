"""The Network page's figures: every layer's maps side by side, from the input to the ten class
scores, and the probabilities. Plain Plotly specs (viz/spec.py says why).

All maps share one x/y frame in cells (row 0 on top): a column per layer, its maps stacked
down the column (two abreast for C3 and S4), vectors as one tall column of wider cells. One
invisible scatter holds a point per activation, layers in order and each row-major, so a
click's point index names the cell (lessons.network.cell_of_point).
"""

from __future__ import annotations

import numpy as np

from viz.spec import Spec, typed_array
from viz.theme import DIVERGING, ROLE_COLOURS, SEQUENTIAL

GAP = 2  # cells between maps
COLUMN_GAP = 5  # cells between layers
VECTOR_WIDTH = 3  # a unit of a vector layer is drawn this many cells wide
VECTOR_GAP = 9  # room for the vector columns' titles
ABREAST = {"C1": 2, "S2": 2, "C3": 4, "S4": 4}
TALL = 3 * 28 + 2 * GAP  # the tallest column (C1, three maps high): vectors are spread over it
MAX_UNIT = 4  # a vector unit is at most this many cells high


def _placements(maps: tuple[tuple[str, np.ndarray], ...], x: float) -> list[tuple[str, list, float]]:
    """(name, [(k, x0, y0, dy)], column width) for each layer, starting at x: maps `ABREAST`
    to a row, each column centred on the tallest; a vector's units `dy` cells high."""
    placed: list[tuple[str, list, float]] = []
    for name, values in maps:
        C, H, W = values.shape
        if H == W == 1:  # a vector: one column of C units
            dy = min(MAX_UNIT, TALL / C)
            placed.append((name, [(-1, x, (TALL - C * dy) / 2, dy)], VECTOR_WIDTH))
            x += VECTOR_WIDTH + VECTOR_GAP
            continue
        across = ABREAST.get(name, 1)
        down = -(-C // across)
        top = (TALL - (down * H + (down - 1) * GAP)) / 2
        cells = [(k, x + (k % across) * (W + GAP), top + (k // across) * (H + GAP), 1) for k in range(C)]
        width = across * W + (across - 1) * GAP
        placed.append((name, cells, width))
        x += width + COLUMN_GAP
    return placed


def overview_figure(
    image: np.ndarray,
    maps: tuple[tuple[str, np.ndarray], ...],
    selected: tuple[str, int, int, int],
    width_px: int = 1100,
) -> Spec:
    """The input (32, 32) and each layer's (C, H, W) maps; the `selected` (layer, k, r, c) outlined."""
    image_top = (TALL - 32) / 2
    data: list[dict] = [
        _heatmap(image, 0, image_top, 1, SEQUENTIAL, float(image.min()), float(image.max()), "input")
    ]
    annotations = [_title("input", 15.5, -1.5)]
    points_x, points_y = [], []
    outline = None
    for name, cells, width in _placements(maps, 32 + COLUMN_GAP):
        values = maps[[m[0] for m in maps].index(name)][1]
        C, H, W = values.shape
        scale = float(np.abs(values).max()) or 1.0
        x0 = cells[0][1]
        annotations.append(_title(name, x0 + width / 2 - 0.5, -1.5))
        if H == W == 1:
            column = values.reshape(C, 1)
            _, x, y, dy = cells[0]
            centre = x + (VECTOR_WIDTH - 1) / 2
            data.append(
                _heatmap(column, centre, y + dy / 2 - 0.5, VECTOR_WIDTH, DIVERGING, -scale, scale, name, dy)
            )
            points_x += [centre] * C
            points_y += (y + dy / 2 - 0.5 + dy * np.arange(C)).tolist()
            if selected[0] == name:
                top = y - 0.5 + selected[1] * dy
                outline = (x - 0.5, top, x + VECTOR_WIDTH - 0.5, top + dy)
            continue
        for k, x, y, _ in cells:
            data.append(_heatmap(values[k], x, y, 1, DIVERGING, -scale, scale, f"{name} map {k}"))
            rows, cols = np.divmod(np.arange(H * W), W)
            points_x += (x + cols).tolist()
            points_y += (y + rows).tolist()
            if selected[0] == name and selected[1] == k:
                r, c = selected[2:]
                outline = (x + c - 0.5, y + r - 0.5, x + c + 0.5, y + r + 0.5)
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": typed_array(np.array(points_x, dtype=np.float32)),
            "y": typed_array(np.array(points_y, dtype=np.float32)),
            "marker": {"size": 6, "opacity": 0, "color": ROLE_COLOURS["highlight"]},
            "selected": {"marker": {"opacity": 0}},
            "unselected": {"marker": {"opacity": 0}},
            "hoverinfo": "none",
            "showlegend": False,
            "name": "activations",
        }
    )
    right = max(points_x) + VECTOR_WIDTH
    shapes = []
    if outline is not None:
        x0, y0, x1, y1 = outline
        line = {"color": ROLE_COLOURS["highlight"], "width": 3}
        shapes.append({"type": "rect", "x0": x0, "y0": y0, "x1": x1, "y1": y1, "line": line})
    height_cells = TALL + 5
    return {
        "data": data,
        "layout": {
            "width": width_px,
            "height": int((width_px - 8) * height_cells / (right + 3)) + 28,
            "margin": {"l": 4, "r": 4, "t": 24, "b": 4},
            "xaxis": {"visible": False, "range": [-1, right + 2], "fixedrange": True},
            "yaxis": {
                "visible": False,
                "range": [TALL + 1, -4],
                "scaleanchor": "x",
                "fixedrange": True,
            },
            "annotations": annotations,
            "shapes": shapes,
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
            "hovermode": "closest",
            "clickmode": "event+select",
            "dragmode": False,
        },
    }


def _heatmap(z, x0, y0, dx, scale, low, high, name, dy=1.0) -> dict:
    return {
        "type": "heatmap",
        "z": typed_array(np.asarray(z, dtype=np.float32)),
        "x0": x0,
        "dx": dx,
        "y0": y0,
        "dy": dy,
        "zmin": low,
        "zmax": high,
        "colorscale": scale,
        "showscale": False,
        "name": name,
        "hovertemplate": f"{name} (%{{y}}, %{{x}}): %{{z:.3f}}<extra></extra>",
    }


def _title(text: str, x: float, y: float) -> dict:
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "y",
        "showarrow": False,
        "yanchor": "bottom",
        "font": {"size": 11},
    }


def probability_figure(probabilities: np.ndarray, predicted: int) -> Spec:
    """Softmax probabilities of the ten classes, the predicted one in the output colour."""
    colours = [ROLE_COLOURS["output"] if d == predicted else "#9ca3af" for d in range(10)]
    return {
        "data": [
            {
                "type": "bar",
                "x": [round(float(p), 4) for p in probabilities],
                "y": [str(d) for d in range(10)],
                "orientation": "h",
                "marker": {"color": colours},
                "text": [f"{p:.1%}" for p in probabilities],
                "textposition": "outside",
                "hovertemplate": "class %{y}: %{x:.2%}<extra></extra>",
            }
        ],
        "layout": {
            "width": 340,
            "height": 300,
            "margin": {"l": 30, "r": 50, "t": 30, "b": 30},
            "title": {"text": "Probabilities", "font": {"size": 13}},
            "xaxis": {"range": [0, 1.35], "tickformat": ".0%", "fixedrange": True},
            "yaxis": {"autorange": "reversed", "type": "category", "fixedrange": True},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
        },
    }


def digit_figure(pixels: tuple[int, ...]) -> Spec:
    """32x32 pixels 0..255 as the network reads them (ink dark on white)."""
    return {
        "data": [
            {
                "type": "heatmap",
                "z": typed_array(np.array(pixels, dtype=np.uint8).reshape(32, 32)),
                "zmin": 0,
                "zmax": 255,
                "colorscale": SEQUENTIAL,
                "showscale": False,
                "hovertemplate": "(%{y}, %{x}): %{z}<extra></extra>",
            }
        ],
        "layout": {
            "title": {"text": "As the network sees it (32x32)", "font": {"size": 13}},
            "width": 260,
            "height": 280,
            "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
            "xaxis": {"visible": False, "fixedrange": True},
            "yaxis": {"visible": False, "autorange": "reversed", "scaleanchor": "x", "fixedrange": True},
            "plot_bgcolor": "#ffffff",
            "shapes": [
                {"type": "rect", "x0": -0.5, "y0": -0.5, "x1": 31.5, "y1": 31.5, "line": {"color": "#9ca3af"}}
            ],
        },
    }
