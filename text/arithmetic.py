"""A step's arithmetic in words and numbers: every product, sum and bias with the engine's values."""

from __future__ import annotations

import numpy as np

from engine.analysis.fanout import Link
from engine.trace.backward import PoolBackwardTrace
from engine.trace.conv import ConvStep
from engine.trace.pool import PoolTrace
from engine.trace.transpose import TransposeTrace
from text.numbers import format_number


def signed(value: float) -> str:
    """A factor as it reads inside a product: negatives in parentheses."""
    text = format_number(value)
    return f"({text})" if value < 0 else text


def step_arithmetic(step: ConvStep, line_break: str = "\n", name: str = "out", show_bias: bool = True) -> str:
    """name[r, c] = x·w + ... + b = value, one kernel row of products per line (no bias term for
    the gradient correlations, which have none)."""
    k, r, c = step.index
    lines = []
    for ci in range(len(step.channels)):
        for row_inputs, row_weights in zip(step.inputs[ci], step.weights[ci]):
            lines.append(" + ".join(f"{signed(x)}·{signed(w)}" for x, w in zip(row_inputs, row_weights)))
    head = f"{name}[{r}, {c}] = " if len(step.channels) == 1 else f"{name}[{k}, {r}, {c}] = "
    body = (line_break + "+ ").join(lines)
    tail = f"{line_break}+ bias {signed(step.bias)}" if show_bias else ""
    return f"{head}{body}{tail} = {format_number(step.value)}"


def volume_arithmetic(
    step: ConvStep, line_break: str = "\n", products: bool = True, show_bias: bool = True
) -> str:
    """A multi-channel output cell: one partial sum per input channel (with its products, or
    only its value when `products` is False), then their sum and the bias (unless the layer has none)."""
    k, r, c = step.index
    lines = []
    for ci, channel in enumerate(step.channels):
        terms = zip(step.inputs[ci].ravel(), step.weights[ci].ravel())
        sum_text = (
            " + ".join(f"{signed(x)}·{signed(w)}" for x, w in terms) + " = " if products else "Σ x·w = "
        )
        lines.append(f"channel {channel}: {sum_text}{format_number(step.partial_sums[ci])}")
    total = " + ".join(signed(p) for p in step.partial_sums)
    bias = f" + bias {signed(step.bias)}" if show_bias else ""
    lines.append(f"out[{k}, {r}, {c}] = {total}{bias} = {format_number(step.value)}")
    return line_break.join(lines)


def pool_arithmetic(trace: PoolTrace, s: int, line_break: str = "\n") -> str:
    """max(...) = v, min(...) = v, or (a + b + ...) / n = v for pooling step s, one window row
    per line; padding shows as −∞ / +∞ (never wins) or 0 (counted only with count_include_pad)."""
    channel, r, c = (int(v) for v in trace.out_index[s])
    head = f"out[{r}, {c}] = " if trace.output.shape[0] == 1 else f"out[{channel}, {r}, {c}] = "
    rows = [", ".join(_pool_cell(v) for v in row) for row in trace.inputs[s]]
    value = format_number(trace.values[s])
    if trace.kind == "avg":
        assert trace.divisors is not None  # average pooling always has them
        sums = (line_break + "+ ").join(row.replace(", ", " + ") for row in rows)
        return f"{head}({sums}) / {format_number(trace.divisors[s])} = {value}"
    joined = ("," + line_break + "    ").join(rows)
    return f"{head}{trace.kind}({joined}) = {value}"


def _pool_cell(value: float) -> str:
    if np.isinf(value):
        return "−∞" if value < 0 else "+∞"
    return format_number(value)


def pool_backward_text(trace: PoolBackwardTrace, s: int, line_break: str = "\n") -> str:
    """Where upstream gradient s goes: all of it to the winner, or an equal share to each cell."""
    forward = trace.forward
    _, r, c = (int(v) for v in forward.out_index[s])
    g = format_number(trace.upstream[s])
    if forward.kind == "avg":
        assert forward.divisors is not None  # average pooling always has them
        n, share = format_number(forward.divisors[s]), format_number(trace.upstream[s] / forward.divisors[s])
        return f"dL/dY[{r}, {c}] = {g}:{line_break}each of the {n} counted cells gets {g} / {n} = {share}"
    winner_r, winner_c = (int(v) for v in forward.winner_coords()[s])
    return (
        f"dL/dY[{r}, {c}] = {g}:{line_break}all of it goes to the {forward.kind}, padded cell "
        f"({winner_r}, {winner_c}); the other cells of the window get 0"
    )


def bias_gradient_text(grad_output: np.ndarray) -> str:
    """dL/db = Σ dL/dY, with the numbers."""
    terms = " + ".join(signed(v) for v in np.asarray(grad_output).ravel())
    return f"dL/db = Σ dL/dY = {terms} = {format_number(float(np.sum(grad_output)))}"


def stamp_text(trace: TransposeTrace, s: int, line_break: str = "\n") -> str:
    """Input cell s stamps its value times the kernel into the uncropped output."""
    _, r, c = (int(v) for v in trace.in_index[s])
    value = trace.inputs[s]
    rows = [
        ", ".join(f"{signed(value)}·{signed(w)} = {format_number(value * w)}" for w in row)
        for row in trace.weight[int(trace.in_index[s, 0]), 0]
    ]
    top, left = (int(v) for v in trace.targets[s, 0, 0])
    return (
        f"x[{r}, {c}] = {format_number(value)} adds x·w at rows {top}…, cols {left}… of the full output:"
        + line_break
        + line_break.join(rows)
    )


def fan_out_text(links: list[Link], following_input: bool, i: int, j: int) -> str:
    """Which gradient the fan-out pattern explains, as a sum with the user's indices."""
    what = f"padded input cell ({i}, {j})" if following_input else f"weight ({i}, {j})"
    if not links:
        return f"The {what} takes part in no product: no window reads it, so its gradient is 0."
    gradient = "dL/dX̃" if following_input else "dL/dW"
    terms = [
        f"dL/dY[{link.output[0]}, {link.output[1]}]·"
        + (
            f"w[{link.weight[0]}, {link.weight[1]}]"
            if following_input
            else f"x̃[{link.input[0]}, {link.input[1]}]"
        )
        for link in links
    ]
    return (
        f"The {what} takes part in **{len(links)}** products of the forward pass, so "
        f"{gradient}[{i}, {j}] = " + " + ".join(terms) + " (x̃: the padded input)."
    )
