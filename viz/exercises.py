"""Practice: exercises generated from the engine, each with its answer, its worked solution (the
formulas with the exercise's numbers) and the page, with its exact URL values, that shows it.

Exercise i of set `seed` depends only on (seed, i): a class that opens the same set sees the
same numbers, and a longer set keeps the exercises of a shorter one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from engine.analysis.params import conv_parameters, dense_parameters
from engine.analysis.receptive import Layer, receptive_fields
from engine.analysis.stack import architecture_table, parse_stack
from engine.analysis.upstream import upstream_gradient
from engine.answers import matches, read_numbers
from engine.geometry import conv_geometry, pool_geometry
from engine.grid_text import format_number, grid_to_text
from engine.ops.conv_transpose import conv_transpose_geometry
from engine.trace.backward import trace_conv2d_backward
from engine.trace.conv import trace_conv2d
from engine.trace.pool import trace_pool2d
from viz.explain import (
    dense_formula,
    field_recurrence,
    output_size_formula,
    parameter_formula,
    pool_arithmetic,
    pool_size_formula,
    step_arithmetic,
    transpose_size_formula,
    unvisited_explanation,
)

SIZE_EXAMPLE = "12x12 (or 12 when both sides agree)"


@dataclass(frozen=True)
class Exercise:
    kind: str  # what it practises, e.g. "Output size"
    question: str  # markdown
    answer: tuple[float, ...]  # the numbers asked for, in order; for a choice question, the right options
    answer_text: str  # the answer as it reads, e.g. "31x31"
    example: str  # how an answer is written, for the input's hint
    solution: str  # markdown: the worked solution with the exercise's numbers
    page: str  # url_path of the page that shows this configuration
    params: Mapping[str, str] = field(default_factory=dict)  # that page's URL values
    square: bool = False  # one number stands for both sides of a square size
    choices: tuple[str, ...] = ()  # options of a choice question

    def __post_init__(self) -> None:  # shared by every session through the cache: read-only
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def is_right(self, text: str) -> bool:
        """Whether the typed answer is right; ValueError with a hint when it cannot be read."""
        return matches(read_numbers(text, len(self.answer), self.example, self.square), self.answer)

    def is_right_choice(self, chosen: list[str]) -> bool:
        return sorted(self.choices.index(option) for option in chosen) == list(self.answer)


def code(*lines: str) -> str:
    """Lines as a fenced block, so formulas keep their alignment."""
    return "```\n" + "\n".join(lines) + "\n```"


def matrix_text(name: str, values: np.ndarray) -> str:
    """name = and the matrix, right-aligned, one row per line."""
    cells = [[format_number(v) for v in row] for row in np.asarray(values)]
    width = max(len(cell) for row in cells for cell in row)
    return "\n".join([f"{name} ="] + ["  " + " ".join(cell.rjust(width) for cell in row) for row in cells])


def size_text(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


def pick(rng: np.random.Generator, options: tuple) -> int | str:
    return options[int(rng.integers(len(options)))]


def draw_size(rng: np.random.Generator, low: int, high: int) -> tuple[int, int]:
    """(H, W) between low and high; square half the time."""
    H = int(rng.integers(low, high + 1))
    return (H, H) if rng.random() < 0.5 else (H, int(rng.integers(low, high + 1)))


def pick_interesting(rng: np.random.Generator, values: np.ndarray) -> int:
    """The index of one of `values`, a non-zero one when there is any (a 0 is too easy to guess)."""
    candidates = np.flatnonzero(values)
    candidates = candidates if len(candidates) else np.arange(len(values))
    return int(pick(rng, tuple(candidates)))


def settings_text(k: int, s: int, p: int, d: int = 1) -> str:
    text = f"a {k}x{k} kernel, stride {s}, padding {p}"
    return text + (f", dilation {d}" if d > 1 else "")


def conv_params(size: tuple[int, int], kernel: np.ndarray, s: int, p: int, d: int = 1) -> dict[str, str]:
    """The Convolution page's URL values for a preset input of `size` and a typed kernel."""
    return (
        preset_params(size)
        | {"kernel": grid_to_text(kernel)}
        | both("s", s)
        | custom_padding(p)
        | both("d", d)
    )


def both(key: str, value: int) -> dict[str, str]:
    """URL values of a pair control with the same value for rows and columns: sh=2, sw=2."""
    return {f"{key}h": str(value), f"{key}w": str(value)}


def custom_padding(p: int) -> dict[str, str]:
    return {"padding": "custom"} | {side: str(p) for side in ("pt", "pb", "pl", "pr")}


def preset_params(size: tuple[int, int]) -> dict[str, str]:
    return {"src": "preset", "preset": "random integers", "h": str(size[0]), "w": str(size[1])}


def pool_params(kind: str, k: int, s: int, p: int) -> dict[str, str]:
    """The Pooling page's URL values for a square window, stride and padding."""
    return {"kind": kind, "skernel": "false"} | both("k", k) | both("s", s) | both("p", p)


def typed_params(grid: np.ndarray) -> dict[str, str]:
    return {"src": "typed", "grid": grid_to_text(grid)}


def conv_output_size(rng: np.random.Generator) -> Exercise:
    while True:
        size = draw_size(rng, 5, 64)
        k, s, p = pick(rng, (1, 2, 3, 5, 7)), pick(rng, (1, 2, 2, 3, 4)), pick(rng, (0, 0, 1, 2, 3))
        d = pick(rng, (1, 1, 1, 2)) if k > 1 else 1
        try:
            rows, cols = conv_geometry(size, (k, k), s, p, d)
        except ValueError:
            continue
        break
    out = (rows.out, cols.out)
    unread = unvisited_explanation(rows, cols)
    return Exercise(
        "Output size of a convolution",
        f"A convolution with {settings_text(k, s, p, d)} reads a {size_text(size)} input. "
        "How large is its output (rows x columns)?",
        out,
        size_text(out),
        SIZE_EXAMPLE,
        code(output_size_formula(rows, "high"), output_size_formula(cols, "wide"))
        + (f"\n\n{unread}" if unread else ""),
        "convolution",
        conv_params(size, np.ones((k, k)), s, p, d),
        square=out[0] == out[1],
    )


def pool_output_size(rng: np.random.Generator) -> Exercise:
    size = draw_size(rng, 5, 32)
    k = pick(rng, (2, 3))
    s, p, ceil = pick(rng, (1, 2, 2, 3, k)), pick(rng, (0, 0, 1)), bool(rng.random() < 0.4)
    rows, cols = pool_geometry(size, k, s, p, 1, ceil)
    out = (rows.out, cols.out)
    return Exercise(
        "Output size of a pooling",
        f"A max pooling with a {k}x{k} window, stride {s} and padding {p}"
        + (", in ceil mode (ceil_mode=True)," if ceil else "")
        + f" reads a {size_text(size)} input. How large is its output (rows x columns)?",
        out,
        size_text(out),
        SIZE_EXAMPLE,
        code(pool_size_formula(rows, "high", ceil), pool_size_formula(cols, "wide", ceil)),
        "pooling",
        preset_params(size) | pool_params("max", k, s, p) | {"ceil": str(ceil).lower()},
        square=out[0] == out[1],
    )


def transposed_output_size(rng: np.random.Generator) -> Exercise:
    while True:
        size = draw_size(rng, 2, 8)
        k, s, p, d = pick(rng, (2, 3, 4)), pick(rng, (1, 2, 2, 3)), pick(rng, (0, 0, 1)), pick(rng, (1, 1, 2))
        op = pick(rng, (0, 0, max(s, d) - 1))
        try:
            layer = conv_transpose_geometry(size, (k, k), s, p, op, d)
        except ValueError:
            continue
        break
    out = layer.output_size
    return Exercise(
        "Output size of a transposed convolution",
        f"A transposed convolution (conv_transpose2d) with {settings_text(k, s, p, d)} and output padding "
        f"{op} reads a {size_text(size)} input. How large is its output (rows x columns)?",
        out,
        size_text(out),
        SIZE_EXAMPLE,
        code(transpose_size_formula(layer, 0), transpose_size_formula(layer, 1)),
        "transposed",
        preset_params(size)
        | {"kernel": grid_to_text(np.ones((k, k)))}
        | both("s", s)
        | both("p", p)
        | both("op", op)
        | both("d", d),
        square=out[0] == out[1],
    )


def parameter_count(rng: np.random.Generator) -> Exercise:
    channels, filters = pick(rng, (1, 3, 3, 16, 32, 64)), pick(rng, (6, 8, 16, 32, 64, 96, 128))
    k = pick(rng, (1, 3, 5, 7, 11))
    count = conv_parameters(channels, filters, (k, k))
    return Exercise(
        "Parameters of a layer",
        f"A convolutional layer reads {channels} input channel{'s' * (channels > 1)} and has {filters} "
        f"filters of size {k}x{k}, each with a bias. How many parameters does it learn?",
        (count.total,),
        f"{count.total:,}",
        "2,432",
        "Each filter has one weight per kernel cell and input channel, and one bias:\n\n"
        + code(parameter_formula(channels, filters, (k, k), 1))
        + "\n\nThe count does not depend on the input's height and width: the same weights are used at "
        "every position. A fully connected layer between a 32x32 input and a same-size output would need\n\n"
        + code(dense_formula((channels, 32, 32), (filters, 32, 32))),
        "architectures",
        {"stack": f"conv {filters} {k}x{k} p{k // 2}", "ic": str(channels), "ih": "32", "iw": "32"},
    )


def conv_value(rng: np.random.Generator) -> Exercise:
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
        typed_params(x)
        | {"kernel": grid_to_text(w), "bias": str(float(bias)), "step": str(step)}
        | both("s", s)
        | custom_padding(p),
    )


def pool_value(rng: np.random.Generator) -> Exercise:
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
        typed_params(x) | pool_params(kind, k, s, p) | {"step": str(step)},
    )


def gradient_value(rng: np.random.Generator) -> Exercise:
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
            "wstep",
        )
        how = "dL/dW is the input correlated with dL/dY: each weight meets every input cell it multiplied"
    else:
        name, values, traced, check, step_key = (
            "dL/dX",
            trace.grad_input_values[0],
            trace.grad_input,
            "input cell",
            "xstep",
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
        typed_params(x)
        | {"seed": str(seed), "kernel": grid_to_text(w), "upstream": "random", "check": check}
        | {"ci": str(i), "cj": str(j), step_key: str(step)},
    )


RECEPTIVE_LINES = (
    "conv 8 3x3",
    "conv 8 3x3 s2",
    "conv 8 5x5",
    "pool max 2x2",
    "conv 8 3x3 d2",
    "conv 8 3x3 p1",
)


def receptive_field(rng: np.random.Generator) -> Exercise:
    text = "\n".join(pick(rng, RECEPTIVE_LINES) for _ in range(pick(rng, (2, 3, 3))))
    rows = architecture_table((1, 32, 32), parse_stack(text))
    size = rows[-1].field.rows.size
    table = field_recurrence(rows)
    return Exercise(
        "Receptive field of a stack",
        "These layers are stacked, in this order, on a 32x32 input. How many input cells wide is the "
        "receptive field of one unit of the last layer?\n\n" + code(*text.splitlines()),
        (size, size),
        size_text((size, size)),
        "7x7 (or 7)",
        "Each layer adds dilation·(k − 1) units of the layer below, and a unit there is j input cells "
        "apart (j, the jump, multiplies by each stride): r = r' + d·(k − 1)·j', j = j'·s.\n\n"
        + code(*(f"{row['layer']}: r = {row['receptive field r']}, j = {row['jump j']}" for row in table)),
        "receptive",
        {"stack": text, "ic": "1", "ih": "32", "iw": "32"},
        square=True,
    )


def window_cells(rng: np.random.Generator) -> Exercise:
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
        conv_params(size, np.ones((k, k)), s, p, d) | {"step": str(i * cols.out + j)},
    )


KINDS: tuple[Callable[[np.random.Generator], Exercise], ...] = (
    conv_output_size,
    pool_output_size,
    transposed_output_size,
    parameter_count,
    conv_value,
    pool_value,
    gradient_value,
    receptive_field,
    window_cells,
)


def exercise(seed: int, index: int) -> Exercise:
    """Exercise `index` of set `seed`: every kind once, in an order the seed shuffles, then again."""
    order = np.random.default_rng(seed).permutation(len(KINDS))
    kind = KINDS[order[index % len(KINDS)]]
    return kind(np.random.default_rng([seed, index]))


def exercise_set(seed: int, count: int = 10) -> tuple[Exercise, ...]:
    return tuple(exercise(seed, index) for index in range(count))


def review_questions() -> tuple[Exercise, ...]:
    """The four review questions at the end of seed 000, with their worked answers."""
    filters = conv_parameters(3, 32, (5, 5))
    dense = dense_parameters(128 * 128 * 3, 128 * 128 * 32)
    rows, cols = conv_geometry((64, 64), (5, 5), 2, 1)
    dilated = receptive_fields([Layer("conv", (3, 3), dilation=(2, 2))], (16, 16))[0].rows.size
    weights = conv_parameters(1, 1, (3, 3)).weights
    plain = conv_parameters(1, 1, (5, 5)).weights
    return (
        Exercise(
            "Core advantages",
            "What are the two main advantages of a convolutional layer over a fully connected (dense) "
            "layer for images? Pick two.",
            (0, 1),
            "parameter sharing and local connectivity",
            "",
            "**Parameter sharing**: one small kernel is used at every position, so the count of weights "
            "does not grow with the image. **Local connectivity** (sparse interactions): each output reads "
            "only a small window, the pixels that matter for a local pattern. With numbers, from 128x128x3 "
            "to 128x128x32:\n\n"
            + code(
                f"32 filters 5x5x3: 32·(5·5·3) + 32 = {filters.total:,} parameters",
                f"dense: (128·128·3)·(128·128·32) = {dense.weights:,} weights",
            )
            + "\n\nA convolution is translation *equivariant* (shift the input, the output shifts), not "
            "invariant, as one of the textbook chapters says; pooling adds some invariance.",
            "why",
            choices=(
                "Parameter sharing: the same kernel weights are used at every position",
                "Local connectivity: each output reads only a small window of the input",
                "Its output is translation invariant: shifting the input leaves it unchanged",
                "It has more parameters, so it can learn more",
            ),
        ),
        Exercise(
            "Output size",
            "An input feature map is 64x64 pixels. A convolutional layer with a 5x5 kernel, stride 2 "
            "and padding 1 is applied. What is the spatial size (height x width) of the output?",
            (rows.out, cols.out),
            size_text((rows.out, cols.out)),
            SIZE_EXAMPLE,
            code(output_size_formula(rows, "high"), output_size_formula(cols, "wide"))
            + "\n\n(64 + 2 − 5) / 2 = 30.5 is not whole: the floor drops the last column and row of the "
            "padded input, which no window reads.",
            "convolution",
            conv_params((64, 64), np.ones((5, 5)), 2, 1),
            square=True,
        ),
        Exercise(
            "Pooling or stride",
            "What is the main purpose of a pooling layer, and how does its way of reducing the spatial "
            "size differ from a larger stride in a convolutional layer?",
            (0,),
            "pooling summarises each window by a fixed rule; a strided convolution learns how to downsample",
            "",
            "Pooling shrinks the maps (less computation, a larger receptive field for later layers) and "
            "makes the response tolerant to small shifts. It has **no weights**: max, min or average "
            "pooling applies a fixed rule to each window of each channel separately. A strided "
            "convolution shrinks the map by the same stride but **learns** its weights and mixes channels. "
            "A 2x2 max pooling with stride 2 on 64 channels has 0 parameters; a 2x2 convolution with "
            f"stride 2 from 64 to 64 channels has {conv_parameters(64, 64, (2, 2)).total:,}.",
            "pooling",
            choices=(
                "Pooling summarises each window by a fixed rule and learns nothing; a strided "
                "convolution learns its weights",
                "Pooling keeps the spatial size; only a stride can reduce it",
                "Pooling learns its weights; a strided convolution only skips positions",
                "A strided convolution keeps every input cell; pooling drops some",
            ),
        ),
        Exercise(
            "Dilation and the receptive field",
            "A 3x3 kernel has dilation 2. How many input cells wide is its receptive field, and how many "
            f"weights does it have (a 5x5 kernel has {plain})? Answer with the two numbers.",
            (dilated, weights),
            f"{dilated} cells wide, {weights} weights",
            "5, 25",
            code(
                f"span = dilation·(k − 1) + 1 = 2·(3 − 1) + 1 = {dilated}",
                f"weights = 3·3 = {weights}, against 5·5 = {plain}",
            )
            + "\n\nDilation spreads the kernel's taps apart: the same 5x5 field with 9 weights instead "
            "of 25, so fields grow fast in deep stacks (1, 2, 4, 8…) at no cost. It skips the cells "
            "between the taps, which later layers or a mix of dilations must fill in.",
            "receptive",
            {"net": "one 3x3 with dilation 2"},
        ),
    )
