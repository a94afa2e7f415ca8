"""The animated volume figure: C_in input channels, K filters of C_in/groups slices, K output maps.

Channels and maps are stacked vertically, the textbook's volumes seen slice by slice; each
filter is a column of slices. One step per output cell, in the order of the output tensor
(filter, row, col): the window is outlined on every channel the filter reads, the filter's
slices are outlined, and the output cell is written.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.trace.conv import ConvTrace
from text.arithmetic import volume_arithmetic
from text.numbers import format_number
from viz.grid import Panel, colour_range, input_traces, matrix_trace
from viz.sliding import Motion, pending_polygon, sliding_animation, unread_marks
from viz.spec import Spec
from viz.theme import Theme

GAP = 2


def stacked(
    count: int, x0: float, shape: tuple[int, int], title: str, role: str, origin: tuple[int, int] = (0, 0)
) -> list[Panel]:
    """`count` panels of `shape` stacked top to bottom at column x0."""
    rows, cols = shape
    return [Panel(x0, i * (rows + GAP + 1), rows, cols, f"{title} {i}", role, origin) for i in range(count)]


def volume_panels(trace: ConvTrace) -> tuple[list[Panel], list[list[Panel]], list[Panel]]:
    """(input channel panels, filters as columns of slice panels, output map panels)."""
    C_in, padded = trace.padded_input.shape[0], trace.padded_input.shape[1:]
    K, C_group, kH, kW = trace.weight.shape
    inputs = stacked(C_in, 0, padded, "channel", "input")
    x = padded[1] + GAP + 1
    filters = []
    for k in range(K):
        column = stacked(C_group, x, (kH, kW), "slice", "kernel")
        column[0] = replace(column[0], title=f"filter {k}, bias {format_number(trace.bias[k])}")
        filters.append(column)
        x += kW + GAP
    outputs = stacked(K, x + 1, trace.output.shape[1:], "map", "output")
    return inputs, filters, outputs


def volume_motion(
    trace: ConvTrace, s: int, inputs: list[Panel], filters: list[list[Panel]], outputs: list[Panel]
) -> Motion:
    k, r, c = (int(v) for v in trace.out_index[s])
    taps = trace.taps[s].reshape(-1, 2)
    cells = [np.stack(inputs[ch].cell(taps[:, 0], taps[:, 1]), axis=-1) for ch in trace.channels[s]]
    kernel_cells = np.indices(trace.weight.shape[2:]).reshape(2, -1).T
    cells += [np.stack(panel.cell(kernel_cells[:, 0], kernel_cells[:, 1]), axis=-1) for panel in filters[k]]
    cells.append(np.array([outputs[k].cell(r, c)]))
    covers = [np.stack(pending_polygon(outputs[k], r, c), axis=-1)]
    covers += [np.stack(pending_polygon(panel, 0, -1), axis=-1) for panel in outputs[k + 1 :]]  # whole maps
    gap = np.full((1, 2), np.nan)
    pending = np.concatenate([part for cover in covers for part in (cover, gap)][:-1])
    # the figure gives each channel's partial sum; the page's text gives every product
    return Motion(np.concatenate(cells), pending, volume_arithmetic(trace.step(s), "<br>", products=False))


def volume_animation(trace: ConvTrace, theme: Theme) -> Spec:
    """Plotly spec animating a multi-channel ConvTrace, opening at step 0."""
    inputs, filters, outputs = volume_panels(trace)
    static = []
    for channel, panel in enumerate(inputs):
        values = trace.padded_input[channel]
        static += [
            *input_traces(panel, values, trace.is_padding, theme, panel.title),
            unread_marks(panel, set(trace.layer.rows.unvisited()), set(trace.layer.cols.unvisited()), theme),
        ]
    bound = float(np.abs(trace.weight).max()) or 1.0
    for k, column in enumerate(filters):
        static += [
            matrix_trace(panel, trace.weight[k, i], theme, panel.title, colours=_diverging(bound))
            for i, panel in enumerate(column)
        ]
    out_bound = float(np.abs(trace.output).max()) or 1.0
    static += [
        matrix_trace(panel, trace.output[k], theme, panel.title, colours=_diverging(out_bound))
        for k, panel in enumerate(outputs)
    ]
    panels = [*inputs, *(p for column in filters for p in column), *outputs]
    motions = [volume_motion(trace, s, inputs, filters, outputs) for s in range(len(trace))]
    return sliding_animation(panels, outputs, static, motions, theme, text_lines=len(trace.channels[0]) + 1)


def _diverging(bound: float) -> dict:
    """One colour range for all the slices of a role, so equal values look equal across panels."""
    return colour_range(np.array([-bound, bound]), signed=True)
