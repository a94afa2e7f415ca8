"""The animated sliding-window figure of a single-channel convolution.

Static: the padded input (padding in grey, cells no window reads marked ×), the kernel and the
whole output. Moving, one frame per output cell in row-major order: the window's taps and the
current output cell, the cover over outputs not yet computed and the step's arithmetic.
"""

from __future__ import annotations

from engine.trace.conv import ConvTrace
from text.arithmetic import step_arithmetic
from viz.grid import Panel, input_traces, matrix_trace, side_by_side
from viz.sliding import Motion, panel_motion, sliding_animation, unread_marks
from viz.spec import Spec
from viz.theme import Theme


def conv_panels(
    trace: ConvTrace, titles: tuple[str, str, str], roles: tuple[str, str, str]
) -> tuple[Panel, ...]:
    """Input (padded frame), kernel and output panels, left to right."""
    padded, kernel, output = trace.padded_input.shape[-2:], trace.weight.shape[-2:], trace.output.shape[-2:]
    (xi, yi), (xk, yk), (xo, yo) = side_by_side([padded, kernel, output])
    return (
        Panel(xi, yi, *padded, titles[0], roles[0], trace.origin),
        Panel(xk, yk, *kernel, titles[1], roles[1]),
        Panel(xo, yo, *output, titles[2], roles[2], tuple(int(v) for v in trace.out_index[0, 1:])),
    )


def conv_motions(trace: ConvTrace, source: Panel, target: Panel, name: str, show_bias: bool) -> list[Motion]:
    """One motion per output cell: the window's taps, the cell and the products."""
    return [
        panel_motion(
            source,
            target,
            trace.taps[s].reshape(-1, 2),
            tuple(int(v) for v in trace.out_index[s, 1:]),
            step_arithmetic(trace.step(s), "<br>", name, show_bias),
        )
        for s in range(len(trace))
    ]


def conv_animation(
    trace: ConvTrace,
    theme: Theme,
    titles: tuple[str, str, str] = ("Input", "Kernel", "Output"),
    roles: tuple[str, str, str] = ("input", "kernel", "output"),
    name: str = "out",
    show_bias: bool = True,
) -> Spec:
    """Plotly spec animating a single-channel ConvTrace, opening at step 0. `titles` and `roles`
    name and colour the three panels (the gradients reuse this figure); `name` heads the arithmetic."""
    if titles[0] == "Input" and trace.is_padding.any():
        titles = ("Input (padded)", *titles[1:])
    panels = conv_panels(trace, titles, roles)
    source, kernel_panel, target = panels
    padded = trace.padded_input[0]
    static = [
        *input_traces(source, padded, trace.is_padding, theme, titles[0]),
        matrix_trace(kernel_panel, trace.weight[0, 0], theme, titles[1], signed=True),
        matrix_trace(target, trace.output[0], theme, titles[2], signed=True),
        unread_marks(source, set(trace.layer.rows.unvisited()), set(trace.layer.cols.unvisited()), theme),
    ]
    text_lines = (
        trace.weight.shape[-2] + 1
    )  # one line of products per kernel row, then the bias and the value
    motions = conv_motions(trace, source, target, name, show_bias)
    return sliding_animation(panels, [target], static, motions, theme, text_lines)
