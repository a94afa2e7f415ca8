"""A 3-D view of one step of a multi-channel convolution: the input volume with the window that
the current filter reads, and the output volume with the cell it writes."""

from __future__ import annotations

import numpy as np

from engine.trace.conv import ConvTrace
from viz.grid import colour_range
from viz.spec import Spec
from viz.theme import DIVERGING, ROLE_COLOURS, SEQUENTIAL, Theme


def _voxels(values: np.ndarray, x_offset: float) -> tuple[np.ndarray, ...]:
    """(C, H, W) -> x (column), y (channel, depth), z (−row, so row 0 is on top), values."""
    channel, row, col = np.indices(values.shape).reshape(3, -1)
    return (
        (col + x_offset).astype(np.float32),
        channel.astype(np.float32),
        (-row).astype(np.float32),
        values.ravel(),
    )


def _cloud(values: np.ndarray, x_offset: float, name: str, colours: dict, size: int) -> dict:
    x, y, z, v = _voxels(values, x_offset)
    return {
        "type": "scatter3d",
        "mode": "markers",
        "name": name,
        "x": x,
        "y": y,
        "z": z,
        "marker": {
            "symbol": "square",
            "size": size,
            "color": v.astype(np.float32),
            "opacity": 0.85,
            "colorscale": colours["colorscale"],
            "cmin": colours["zmin"],
            "cmax": colours["zmax"],
        },
        "hovertemplate": f"{name}: channel %{{y}}, value %{{marker.color:.3g}}<extra></extra>",
    }


def volume_step_3d(trace: ConvTrace, s: int, theme: Theme) -> Spec:
    """Input volume (padded frame), output volume beside it, and step s highlighted in both."""
    padded, output = trace.padded_input, trace.output
    gap = padded.shape[2] + 4
    size = max(3, theme.cell_px // 5)
    k, r, c = (int(v) for v in trace.out_index[s])
    taps = trace.taps[s].reshape(-1, 2)
    channels = np.repeat(trace.channels[s], len(taps))
    window = {
        "type": "scatter3d",
        "mode": "markers",
        "name": "window",
        "hoverinfo": "skip",
        "x": np.tile(taps[:, 1], len(trace.channels[s])).astype(np.float32),
        "y": channels.astype(np.float32),
        "z": -np.tile(taps[:, 0], len(trace.channels[s])).astype(np.float32),
        "marker": {"symbol": "square-open", "size": size + 4, "color": ROLE_COLOURS["highlight"]},
    }
    cell = {
        "type": "scatter3d",
        "mode": "markers",
        "name": "output cell",
        "hoverinfo": "skip",
        "x": [c + gap],
        "y": [k],
        "z": [-r],
        "marker": {"symbol": "square-open", "size": size + 6, "color": ROLE_COLOURS["highlight"]},
    }
    data = [
        _cloud(padded, 0, "input", {"colorscale": SEQUENTIAL, **colour_range(padded, signed=False)}, size),
        _cloud(output, gap, "output", {"colorscale": DIVERGING, **colour_range(output, signed=True)}, size),
        window,
        cell,
    ]
    axis = {"showticklabels": False, "title": {"text": ""}, "showbackground": False}
    layout = {
        "height": 420,
        "margin": {"l": 0, "r": 0, "t": 30, "b": 0},
        "showlegend": False,
        "font": {"size": theme.font_px},
        "title": {"text": f"Step {s}: filter {k} reads channels {', '.join(map(str, trace.channels[s]))}"},
        "scene": {
            "xaxis": {**axis, "title": {"text": "columns"}},
            "yaxis": {**axis, "title": {"text": "channels"}},
            "zaxis": {**axis, "title": {"text": "rows"}},
            "aspectmode": "data",
            "camera": {"eye": {"x": 0.3, "y": -1.6, "z": 0.9}},
        },
    }
    return {"data": data, "layout": layout}
