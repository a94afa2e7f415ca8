"""Exercises on one number a layer computes: an output, a pooled value, a gradient, or the
cells one window reads."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.analysis.upstream import upstream_gradient
from engine.geometry import conv_geometry
from engine.trace.backward import trace_conv2d_backward
from engine.trace.conv import trace_conv2d
from engine.trace.pool import trace_pool2d
from practice.exercise import (
    Exercise,
    code,
    draw_size,
    matrix_text,
    pick,
    pick_interesting,
    preset_input,
    settings_text,
    size_text,
    square_conv,
    square_pool,
    typed_input,
    typed_kernel,
)
from settings.backprop import TABS, BackpropSteps, CheckSettings, UpstreamSettings
from settings.fields import TAB_KEY, link
from settings.page import StepSettings
from text.arithmetic import pool_arithmetic, step_arithmetic
from text.numbers import format_number


def conv_value(rng: np.random.Generator) -> Exercise:
    """An exercise: one output value of a small convolution, worked out by hand."""
    n, k = pick(rng, (4, 5, 6)), pick(rng, (2, 3))
    s, p, bias = pick(rng, (1, 1, 2)), pick(rng, (0, 0, 1)), pick(rng, (0, 0, 1, -1, 2))
    x = rng.integers(0, 10, (n, n)).astype(float)
    w = rng.integers(-2, 3, (k, k)).astype(float)
    trace = trace_conv2d(x[None], w[None, None], np.array([float(bias)]), s, p)
    step = pick_interesting(rng, trace.values)
    _, r, c = trace.step(step).index
    return Exercise(
        "One output value",
        f"The input X is correlated with the kernel W (as PyTorch's conv2d does: no flip), stride {s}, "
        f"padding {p} (zeros), bias {bias}. What is Y[{r}, {c}] (rows and columns counted from 0)?\n\n"
        + code(matrix_text("X", x), "", matrix_text("W", w)),
        (float(trace.values[step]),),
        format_number(trace.values[step]),
        "42",
        f"Y[{r}, {c}]'s window starts at padded row {r}·{s} = {r * s} and column {c}·{s} = {c * s} "
        f"(the padding adds {p} on each side). Multiply each cell under the kernel by its weight, add "
        "them and the bias:\n\n" + code(step_arithmetic(trace.step(step), name="Y")),
        "convolution",
        link(typed_input(x), typed_kernel(w, float(bias)), square_conv(s, p), StepSettings(step=step)),
    )


def pool_value(rng: np.random.Generator) -> Exercise:
    """An exercise: one output value of a small max, min or average pooling."""
    n, k, kind = pick(rng, (4, 5, 6)), pick(rng, (2, 3)), pick(rng, ("max", "max", "avg", "min"))
    s, p = pick(rng, (1, 2, k)), pick(rng, (0, 0, 1))
    x = rng.integers(0, 10, (n, n)).astype(float)
    trace = trace_pool2d(x[None], kind, k, s, p)
    step = pick_interesting(rng, trace.values)
    _, r, c = (int(v) for v in trace.out_index[step])
    padding = {"max": "−∞", "min": "+∞", "avg": "0 (counted in the mean)"}[kind]
    return Exercise(
        "One pooled value",
        f"{kind.capitalize()} pooling with a {k}x{k} window, stride {s} and padding {p} (padding cells hold "
        f"{padding}) reads the input X. What is out[{r}, {c}]"
        + (", to two decimals" if kind == "avg" else "")
        + "?\n\n"
        + code(matrix_text("X", x)),
        (float(trace.values[step]),),
        format_number(trace.values[step]),
        "7",
        f"out[{r}, {c}]'s window starts at padded row {r}·{s} = {r * s} and column {c}·{s} = {c * s}:\n\n"
        + code(pool_arithmetic(trace, step)),
        "pooling",
        link(typed_input(x), square_pool(kind, k, s, p), StepSettings(step=step)),
    )


def gradient_value(rng: np.random.Generator) -> Exercise:
    """An exercise: one value of dL/dW or dL/dX for a small convolution."""
    n = pick(rng, (3, 4))
    x = rng.integers(0, 6, (n, n)).astype(float)
    w = rng.integers(-2, 3, (2, 2)).astype(float)
    seed = int(rng.integers(1000))
    grad = upstream_gradient("random", np.zeros((1, n - 1, n - 1)), seed)
    trace = trace_conv2d_backward(x[None], w[None, None], grad)
    if rng.random() < 0.5:
        name, values, traced, check, step_key = (
            "dL/dW",
            trace.grad_weight_values[0, 0],
            trace.grad_weight,
            "weight",
            BackpropSteps.key("weight_step"),
        )
        how = "dL/dW is the input correlated with dL/dY: each weight meets every input cell it multiplied"
    else:
        name, values, traced, check, step_key = (
            "dL/dX",
            trace.grad_input_values[0],
            trace.grad_input,
            "input cell",
            BackpropSteps.key("input_step"),
        )
        how = (
            "dL/dX is dL/dY, padded by k − 1 = 1 all round, correlated with the kernel rotated by 180 "
            "degrees: each input cell collects dL/dY times the weight that multiplied it"
        )
    step = pick_interesting(rng, values.ravel())  # the traces step through the cells row by row
    i, j = divmod(step, values.shape[1])
    return Exercise(
        "One gradient value",
        "Y = conv2d(X, W) (stride 1, no padding, no flip), and the loss's gradient dL/dY is given. "
        f"What is {name}[{i}, {j}]?\n\n"
        + code(matrix_text("X", x), "", matrix_text("W", w), "", matrix_text("dL/dY", grad[0])),
        (float(values[i, j]),),
        format_number(values[i, j]),
        "-3",
        f"{how}:\n\n" + code(step_arithmetic(traced.step(step), name=name, show_bias=False)),
        "backprop",
        link(
            replace(typed_input(x), seed=seed),
            typed_kernel(w),
            UpstreamSettings(kind="random"),
            CheckSettings(of=check, row=i, col=j),
        )
        | {TAB_KEY: TABS[0], step_key: str(step)},  # the gradient's animation, whatever tab was open
    )


def window_cells(rng: np.random.Generator) -> Exercise:
    """An exercise: the first and last input rows and columns one output's window spans."""
    while True:
        size = draw_size(rng, 5, 12)
        k, s, p, d = pick(rng, (2, 3)), pick(rng, (1, 2)), pick(rng, (0, 1)), pick(rng, (1, 1, 2))
        try:
            rows, cols = conv_geometry(size, (k, k), s, p, d)
        except ValueError:
            continue
        break
    i, j = int(rng.integers(rows.out)), int(rng.integers(cols.out))
    r0, c0 = i * s - p, j * s - p
    r1, c1 = r0 + d * (k - 1), c0 + d * (k - 1)
    lines = [
        f"first row = {i}·{s} − {p} = {r0}, last row = {r0} + {d}·({k} − 1) = {r1}",
        f"first column = {j}·{s} − {p} = {c0}, last column = {c0} + {d}·({k} − 1) = {c1}",
    ]
    if d > 1:
        taps = ", ".join(str(r0 + t * d) for t in range(k))
        lines.append(f"with dilation {d} it reads only every {d}nd of them: rows {taps}, columns likewise")
    return Exercise(
        "Which input cells an output reads",
        f"A convolution with {settings_text(k, s, p, d)} slides over a {size_text(size)} input. Which input "
        f"rows and columns does the window of Y[{i}, {j}] span? Count from 0: padding above and left of the "
        "input is row or column −1. Answer with the first row, last row, first column and last column.",
        (r0, r1, c0, c1),
        f"rows {r0} to {r1}, columns {c0} to {c1}",
        "rows 2 to 4, columns 0 to 2",
        "An output's window starts stride cells further per output and the padding shifts it back; "
        "the kernel spans dilation·(k − 1) + 1 cells:\n\n" + code(*lines),
        "convolution",
        link(
            preset_input(size),
            typed_kernel(np.ones((k, k))),
            square_conv(s, p, d),
            StepSettings(step=i * cols.out + j),
        ),
    )
