"""The animated pooling figure: the window over the padded input, its winner or its mean, the output.

For a picture the animation covers a block of output cells (`block`), drawn from the trace of
the whole picture, so the padding at its borders keeps its real meaning.
"""

from __future__ import annotations

import numpy as np

from engine.trace.backward import PoolBackwardTrace
from engine.trace.pool import PoolTrace
from text.arithmetic import pool_arithmetic, pool_backward_text
from viz.grid import Panel, input_traces, matrix_trace, side_by_side
from viz.sliding import NO_CELLS, panel_motion, sliding_animation, unread_marks
from viz.spec import Spec
from viz.theme import Theme

PADDING_LABELS = {"max": "−∞", "min": "+∞", "avg": "0"}
Block = tuple[tuple[int, int], tuple[int, int]]


def block_steps(trace: PoolTrace, block: Block | None) -> np.ndarray:
    """Indices of the steps whose output cell lies in `block` ((r0, r1), (c0, c1)), or all steps."""
    if block is None:
        return np.arange(len(trace))
    (r0, r1), (c0, c1) = block
    _, r, c = trace.out_index.T
    return np.flatnonzero((r >= r0) & (r < r1) & (c >= c0) & (c < c1))


def pool_animation(trace: PoolTrace, theme: Theme, block: Block | None = None) -> Spec:
    """Plotly spec animating channel 0 of a PoolTrace (or a block of its output), opening at step 0."""
    steps = block_steps(trace, block)
    taps = trace.taps[steps].reshape(-1, 2)
    top, left = taps.min(axis=0)
    bottom, right = taps.max(axis=0) + 1
    (r0, c0), (r1, c1) = trace.out_index[steps[0], 1:], trace.out_index[steps[-1], 1:] + 1
    region = (slice(top, bottom), slice(left, right))
    (xi, yi), (xo, yo) = side_by_side([(bottom - top, right - left), (r1 - r0, c1 - c0)])
    title = "Input (padded)" if trace.is_padding[region].any() else "Input"
    source = Panel(xi, yi, bottom - top, right - left, title, "input", (int(top), int(left)))
    target = Panel(xo, yo, int(r1 - r0), int(c1 - c0), f"{trace.kind} pooled", "output", (int(r0), int(c0)))
    padded, padding = trace.padded_input[0][region], trace.is_padding[region]
    static = [
        *input_traces(source, padded, padding, theme, label=PADDING_LABELS[trace.kind]),
        matrix_trace(target, trace.output[0, r0:r1, c0:c1], theme, "output"),
        unread_marks(source, set(trace.rows.unvisited()), set(trace.cols.unvisited()), theme),
    ]
    motions = _pool_motions(trace, steps, source, target, lambda s: pool_arithmetic(trace, s, "<br>"))
    return sliding_animation((source, target), [target], static, motions, theme, trace.rows.kernel + 1)


def pool_backward_animation(trace: PoolBackwardTrace, theme: Theme) -> Spec:
    """Each upstream gradient in turn: its window on the input (the winner tinted), its cell of
    dL/dY, and dL/dX, the sum of everything routed, beside them."""
    forward = trace.forward
    padded_shape, out_shape = forward.padded_input.shape[1:], forward.output.shape[1:]
    grad_shape = trace.grad_input.shape[1:]
    (xi, yi), (xg, yg), (xd, yd) = side_by_side([padded_shape, out_shape, grad_shape])
    source = Panel(xi, yi, *padded_shape, "Input (padded)" if forward.is_padding.any() else "Input", "input")
    upstream = Panel(xg, yg, *out_shape, "dL/dY (upstream)", "gradient")
    result = Panel(xd, yd, *grad_shape, "dL/dX", "gradient")
    padded = forward.padded_input[0]
    static = [
        *input_traces(source, padded, forward.is_padding, theme, label=PADDING_LABELS[forward.kind]),
        matrix_trace(upstream, trace.upstream.reshape(forward.output.shape)[0], theme, "dL/dY", signed=True),
        matrix_trace(result, trace.grad_input[0], theme, "dL/dX", signed=True),
    ]
    steps = range(len(forward.values) // forward.output.shape[0])  # channel 0
    motions = _pool_motions(forward, steps, source, upstream, lambda s: pool_backward_text(trace, s, "<br>"))
    return sliding_animation((source, upstream, result), [upstream], static, motions, theme, text_lines=2)


def _pool_motions(trace: PoolTrace, steps, source: Panel, target: Panel, text_of) -> list:
    """One motion per pooling window in `steps`: its taps, its output cell, `text_of(s)`, and
    its winner tinted (max/min)."""
    winners = trace.winner_coords() if trace.winner is not None else None
    return [
        panel_motion(
            source,
            target,
            trace.taps[s].reshape(-1, 2),
            tuple(int(v) for v in trace.out_index[s, 1:]),
            text_of(s),
            winners[s][None] if winners is not None else NO_CELLS,
        )
        for s in steps
    ]
