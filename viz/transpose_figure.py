"""The transposed convolution as stamps: each input cell adds value × kernel into the output.

The output is drawn uncropped (size (H − 1)·stride + dilation·(k − 1) + 1 + output_padding),
with a box around the part that `padding` keeps. One step per input cell: the cell and the
output cells its stamp lands on are outlined; overlapping stamps sum.
"""

from __future__ import annotations

import numpy as np

from engine.trace.transpose import TransposeTrace
from text.arithmetic import stamp_text
from viz.grid import Panel, matrix_trace, side_by_side
from viz.sliding import Motion, sliding_animation
from viz.spec import Spec
from viz.theme import ROLE_COLOURS, Theme


def stamp_animation(trace: TransposeTrace, theme: Theme) -> Spec:
    """Plotly spec animating the stamps of a single-channel conv_transpose2d, opening at step 0."""
    x_shape, kernel, full = trace.in_index.max(axis=0)[1:] + 1, trace.weight.shape[2:], trace.full.shape[1:]
    (xi, yi), (xk, yk), (xo, yo) = side_by_side([tuple(x_shape), kernel, full])
    source = Panel(xi, yi, *(int(v) for v in x_shape), "Input", "input")
    kernel_panel = Panel(xk, yk, *kernel, "Kernel", "kernel")
    target = Panel(xo, yo, *full, "Output, before cropping the padding", "output")
    static = [
        matrix_trace(source, trace.inputs.reshape(tuple(x_shape)), theme, "input"),
        matrix_trace(kernel_panel, trace.weight[0, 0], theme, "kernel", signed=True),
        matrix_trace(target, trace.full[0], theme, "sum of stamps", signed=True),
    ]
    motions = []
    for s in range(len(trace)):
        _, r, c = (int(v) for v in trace.in_index[s])
        cells = trace.targets[s].reshape(-1, 2)
        xy = [np.array([source.cell(r, c)]), np.stack(target.cell(cells[:, 0], cells[:, 1]), axis=-1)]
        motions.append(Motion(np.concatenate(xy), np.zeros((0, 2)), stamp_text(trace, s, "<br>")))
    (pH, pW), (H_out, W_out) = trace.layer.padding, trace.layer.output_size
    kept = {
        "type": "rect",
        "xref": "x",
        "yref": "y",
        "x0": xo + pW - 0.5,
        "x1": xo + pW + W_out - 0.5,
        "y0": yo + pH - 0.5,
        "y1": yo + pH + H_out - 0.5,
        "layer": "above",
        "line": {"color": ROLE_COLOURS["output"], "width": 3, "dash": "dash"},
    }
    return sliding_animation(
        (source, kernel_panel, target),
        [source],
        static,
        motions,
        theme,
        text_lines=kernel[0] + 1,
        shapes=[kept],
    )
