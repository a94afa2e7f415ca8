"""Charts of a network training in the session: loss and accuracy, each layer's gradient norm,
the first layer's filters. Plain Plotly specs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from viz.spec import Spec
from viz.theme import DIVERGING, ROLE_COLOURS

_LAYOUT = {"plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "height": 300}


def loss_figure(losses: Sequence[float], accuracy: Sequence[tuple[int, float]], first_step: int) -> Spec:
    """The loss at every step (left axis) and the held-out accuracy after each click (right)."""
    steps = list(range(first_step + 1, first_step + len(losses) + 1))
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": steps,
                "y": [round(v, 4) for v in losses],
                "name": "loss (batch)",
                "line": {"color": ROLE_COLOURS["kernel"]},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [s for s, _ in accuracy],
                "y": [round(a, 4) for _, a in accuracy],
                "name": "held-out accuracy",
                "yaxis": "y2",
                "line": {"color": ROLE_COLOURS["output"]},
            },
        ],
        "layout": _LAYOUT
        | {
            "title": {"text": "Loss and accuracy", "font": {"size": 14}},
            "margin": {"l": 50, "r": 50, "t": 40, "b": 40},
            "xaxis": {"title": {"text": "step"}},
            "yaxis": {"title": {"text": "cross-entropy"}, "rangemode": "tozero"},
            "yaxis2": {"overlaying": "y", "side": "right", "range": [0, 1], "tickformat": ".0%"},
            "legend": {"orientation": "h", "y": -0.25},
        },
    }


def gradient_figure(grad_norms: Mapping[str, Sequence[float]], first_step: int) -> Spec:
    """‖dL/dW‖ of each weighted layer at every step, on a log scale: the gradient flow."""
    names = list(grad_norms)
    data = []
    for i, name in enumerate(names):
        norms = grad_norms[name]
        shade = i / max(len(names) - 1, 1)  # early layers light, late layers dark
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": list(range(first_step + 1, first_step + len(norms) + 1)),
                "y": [max(float(v), 1e-12) for v in np.round(norms, 8)],
                "name": name,
                "line": {"color": f"rgba(88, 28, 135, {0.25 + 0.75 * shade:.2f})"},
            }
        )
    return {
        "data": data,
        "layout": _LAYOUT
        | {
            "title": {"text": "Gradient norm of each layer's weights", "font": {"size": 14}},
            "margin": {"l": 60, "r": 10, "t": 40, "b": 40},
            "xaxis": {"title": {"text": "step"}},
            "yaxis": {"type": "log", "title": {"text": "‖dL/dW‖"}, "exponentformat": "power"},
        },
    }


def filters_figure(filters: np.ndarray) -> Spec:
    """The first layer's filters (C_out, kH, kW) side by side, on one diverging scale."""
    C, kh, kw = filters.shape
    scale = float(np.abs(filters).max()) or 1.0
    data = [
        {
            "type": "heatmap",
            "z": np.round(filters[k], 4).tolist(),
            "x0": k * (kw + 1),
            "y0": 0,
            "zmin": -scale,
            "zmax": scale,
            "colorscale": DIVERGING,
            "showscale": False,
            "hovertemplate": f"filter {k}: %{{z:.3f}}<extra></extra>",
        }
        for k in range(C)
    ]
    width = C * (kw + 1) - 1
    return {
        "data": data,
        "layout": _LAYOUT
        | {
            "title": {"text": "The first layer's filters", "font": {"size": 14}},
            "height": 60 + 24 * kh,
            "width": 60 + 24 * width,
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "xaxis": {"visible": False, "range": [-0.5, width - 0.5]},
            "yaxis": {"visible": False, "autorange": "reversed", "scaleanchor": "x"},
        },
    }


def maps_figure(maps: np.ndarray, title: str) -> Spec:
    """One digit's maps (C, H, W) side by side, as small multiples on one diverging scale
    centred on 0, values to 3 decimals on hover."""
    C, h, w = maps.shape
    scale = float(np.abs(maps).max()) or 1.0
    data = [
        {
            "type": "heatmap",
            "z": np.round(maps[k], 3).tolist(),
            "x0": k * (w + 2),
            "y0": 0,
            "zmin": -scale,
            "zmax": scale,
            "colorscale": DIVERGING,
            "showscale": False,
            "hovertemplate": f"map {k}, row %{{y}}: %{{z:.3f}}<extra></extra>",
        }
        for k in range(C)
    ]
    width = C * (w + 2) - 2
    cell = max(2, min(6, 720 // width))  # pixels per cell: the row fits a column of the page
    return {
        "data": data,
        "layout": _LAYOUT
        | {
            "title": {"text": title, "font": {"size": 14}},
            "height": 50 + cell * h,
            "width": 20 + cell * width,
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "xaxis": {"visible": False, "range": [-0.5, width - 0.5]},
            "yaxis": {"visible": False, "autorange": "reversed", "scaleanchor": "x"},
        },
    }
