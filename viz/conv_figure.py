"""The animated sliding-window figure of a single-channel convolution.

Static: the padded input (padding in grey, cells no window reads marked ×), the kernel and the
whole output. Moving, one frame per output cell in row-major order: the window's taps and the
current output cell (one highlight trace), the cover over outputs not yet computed (one
staircase polygon) and the step's arithmetic (one text trace).
"""

from __future__ import annotations

import numpy as np

from engine.trace import ConvTrace
from viz.animation import CONTROLS_PX, animation_controls
from viz.explain import step_arithmetic
from viz.grid import (
    Panel,
    base_layout,
    index_labels,
    matrix_trace,
    padding_trace,
    panel_frame,
    panel_title,
    side_by_side,
)
from viz.spec import Spec
from viz.theme import PENDING_FILL, ROLE_COLOURS, UNVISITED_MARK, Theme

MOVING = ("highlight", "pending", "arithmetic")


def conv_panels(trace: ConvTrace, kernel_title: str = "Kernel") -> tuple[Panel, Panel, Panel]:
    """Input (padded frame), kernel and output panels, left to right."""
    padded = trace.padded_input.shape[-2:]
    kernel = trace.weight.shape[-2:]
    output = trace.output.shape[-2:]
    (xi, yi), (xk, yk), (xo, yo) = side_by_side([padded, kernel, output])
    title = "Input (padded)" if trace.is_padding.any() else "Input"
    return (
        Panel(xi, yi, *padded, title, "input", trace.origin),
        Panel(xk, yk, *kernel, kernel_title, "kernel"),
        Panel(xo, yo, *output, "Output", "output", tuple(int(v) for v in trace.out_index[0, 1:])),
    )


def unvisited_trace(panel: Panel, trace: ConvTrace, theme: Theme) -> dict:
    """× on every padded-frame cell that no window reads."""
    unread_rows, unread_cols = set(trace.layer.rows.unvisited()), set(trace.layer.cols.unvisited())
    r, c = (np.indices((panel.rows, panel.cols)) + np.array(panel.origin)[:, None, None]).reshape(2, -1)
    unread = np.array([a in unread_rows or b in unread_cols for a, b in zip(r, c)], dtype=bool)
    x, y = panel.cell(r[unread], c[unread])
    return {  # a small × in the top-right corner, so the cell's value stays readable
        "type": "scatter",
        "mode": "markers",
        "name": "never read",
        "x": (x + 0.3).astype(np.float32),
        "y": (y - 0.3).astype(np.float32),
        "marker": {
            "symbol": "x-thin-open",
            "size": max(theme.value_font_px // 2, 5),
            "color": UNVISITED_MARK,
            "line": {"width": 1.5},
        },
        "hovertemplate": "no window reads this cell<extra></extra>",
    }


def pending_polygon(panel: Panel, r: int, c: int) -> tuple[np.ndarray, np.ndarray]:
    """Outline of the panel's cells after (r, c) in row-major order: a staircase of 6 corners."""
    top, left = panel.y0 - 0.5, panel.x0 - 0.5
    right, bottom = left + panel.cols, top + panel.rows
    r, c = r - panel.origin[0], c - panel.origin[1]
    x = [left + c + 1, right, right, left, left, left + c + 1]
    y = [top + r, top + r, bottom, bottom, top + r + 1, top + r + 1]
    return np.array(x, dtype=np.float32), np.array(y, dtype=np.float32)


def step_traces(trace: ConvTrace, s: int, panels: tuple[Panel, Panel, Panel]) -> list[dict]:
    """The moving traces at step s: highlight, pending cover, arithmetic."""
    input_panel, _, output_panel = panels
    _, r, c = trace.out_index[s]
    taps = trace.taps[s].reshape(-1, 2)
    tap_x, tap_y = input_panel.cell(taps[:, 0], taps[:, 1])
    out_x, out_y = output_panel.cell(r, c)
    pending_x, pending_y = pending_polygon(output_panel, r, c)
    return [
        {"x": np.append(tap_x, out_x).astype(np.int16), "y": np.append(tap_y, out_y).astype(np.int16)},
        {"x": pending_x, "y": pending_y},
        {"text": [step_arithmetic(trace.step(s), "<br>")]},
    ]


def conv_animation(trace: ConvTrace, theme: Theme, kernel_title: str = "Kernel") -> Spec:
    """Plotly spec animating a single-channel ConvTrace, opening at step 0."""
    panels = conv_panels(trace, kernel_title)
    input_panel, kernel_panel, output_panel = panels
    text_rows = trace.weight.shape[-2] + 1  # one line of products per kernel row, then the bias and the value
    bottom = max(p.y0 + p.rows for p in panels) - 0.5
    extent = (-2.0, output_panel.x0 + output_panel.cols + 0.5, -3.0, bottom + 0.6 + text_rows * 0.9)
    cell_px = theme.cell_size(extent[1] - extent[0], extent[3] - extent[2])
    padded = trace.padded_input[0]
    data = [
        matrix_trace(input_panel, np.where(trace.is_padding, np.nan, padded), theme, "input"),
        padding_trace(input_panel, padded, trace.is_padding, theme),
        matrix_trace(kernel_panel, trace.weight[0, 0], theme, "kernel", signed=True),
        matrix_trace(output_panel, trace.output[0], theme, "output", signed=True),
        unvisited_trace(input_panel, trace, theme),
        *(index_labels(panel, theme) for panel in panels),
        {
            "type": "scatter",
            "mode": "markers",
            "name": "window",
            "hoverinfo": "skip",
            "marker": {
                "symbol": "square-open",
                "size": cell_px - 2,
                "color": ROLE_COLOURS["highlight"],
                "line": {"width": 3},
            },
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "not yet computed",
            "fill": "toself",
            "fillcolor": PENDING_FILL,
            "line": {"width": 0},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "text",
            "name": "arithmetic",
            "x": [-1.0],
            "y": [bottom + 0.6],
            "textposition": "bottom right",
            "hoverinfo": "skip",
            "textfont": {"size": theme.font_px, "color": ROLE_COLOURS["highlight"], "family": "monospace"},
        },
        click_layer(output_panel, cell_px),
    ]
    moving = [len(data) - 4, len(data) - 3, len(data) - 2]
    frames = [
        {"name": str(s), "traces": moving, "data": step_traces(trace, s, panels)} for s in range(len(trace))
    ]
    for index, update in zip(moving, frames[0]["data"]):
        data[index] = {**data[index], **update}
    layout = base_layout(extent, cell_px, theme, bottom_px=CONTROLS_PX)
    layout |= animation_controls(len(trace), theme, plot_height_px=layout["height"] - CONTROLS_PX - 20)
    layout["annotations"] = [panel_title(p, theme) for p in panels]
    layout["shapes"] = [panel_frame(p) for p in panels]
    return {"data": data, "layout": layout, "frames": frames}


def click_layer(panel: Panel, cell_px: int) -> dict:
    """Invisible square markers on every output cell, so a click selects that cell's step
    (heatmaps report no clicks). Point i is step i (row-major)."""
    r, c = (np.indices((panel.rows, panel.cols)) + np.array(panel.origin)[:, None, None]).reshape(2, -1)
    x, y = panel.cell(r, c)
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "output cells",
        "x": x.astype(np.int16),
        "y": y.astype(np.int16),
        "marker": {"symbol": "square", "size": cell_px - 2, "color": "rgba(0,0,0,0)"},
        "customdata": np.stack([r, c], axis=-1).astype(np.int16),
        "hovertemplate": "output (%{customdata[0]}, %{customdata[1]}): click to jump here<extra></extra>",
        "unselected": {"marker": {"opacity": 0}},
        "selected": {"marker": {"opacity": 0}},
    }
