"""Explanations in words and numbers: every formula shown with the user's own values."""

from __future__ import annotations

import numpy as np

from engine.analysis.fanout import Link
from engine.analysis.params import conv_parameters, dense_parameters
from engine.analysis.skip import nested_tanh, with_skip
from engine.geometry import AxisGeometry
from engine.grid_text import exact_number, format_number
from engine.ops.conv_transpose import TransposeGeometry
from engine.trace.backward import PoolBackwardTrace
from engine.trace.conv import ConvStep
from engine.trace.pool import PoolTrace
from engine.trace.transpose import TransposeTrace

AXIS_NAMES = {"high": ("H", "rows"), "wide": ("W", "columns")}


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


def output_size_formula(axis: AxisGeometry, name: str) -> str:
    """⌊(n + p_before + p_after − d·(k − 1) − 1) / s⌋ + 1 with the numbers, and its value."""
    letter = AXIS_NAMES[name][0]
    numerator = axis.size + axis.pad_before + axis.pad_after - axis.dilation * (axis.kernel - 1) - 1
    pads = f"{axis.pad_before} + {axis.pad_after}"
    return (
        f"{letter}_out = ⌊({letter} + pad_before + pad_after − dilation·(k − 1) − 1) / stride⌋ + 1"
        f" = ⌊({axis.size} + {pads} − {axis.dilation}·({axis.kernel} − 1) − 1) / {axis.stride}⌋ + 1"
        f" = ⌊{numerator} / {axis.stride}⌋ + 1 = {axis.out}"
    )


def unvisited_explanation(rows: AxisGeometry, cols: AxisGeometry) -> str | None:
    """Why some cells of the padded input are never read, or None when every cell is."""
    parts = []
    for axis, name in ((rows, "high"), (cols, "wide")):
        lines = AXIS_NAMES[name][1]
        unread = axis.unvisited()
        if not unread:
            continue
        if axis.leftover:
            reach = (axis.out - 1) * axis.stride + axis.span
            parts.append(
                f"the last window along the {lines} ends at cell {reach - 1} of {axis.padded}: "
                f"{axis.leftover} {lines if axis.leftover > 1 else lines[:-1]} at the end "
                f"{'are' if axis.leftover > 1 else 'is'} never read, because the stride {axis.stride} "
                f"does not tile ({axis.padded} − {axis.span}) / {axis.stride} = "
                f"{format_number((axis.padded - axis.span) / axis.stride)} is not whole"
            )
        holes = [u for u in unread if u < axis.padded - axis.leftover]
        if holes:
            parts.append(
                f"{lines} {', '.join(map(str, holes))} fall between the dilated taps "
                f"(dilation {axis.dilation}, stride {axis.stride}) and are never read"
            )
    return "; ".join(parts).capitalize() + "." if parts else None


def tensor_literal(values: np.ndarray, indent: str) -> str:
    """A matrix as a nested Python list, one row per line."""
    rows = ("[" + ", ".join(exact_number(v) for v in row) + "]" for row in np.asarray(values))
    return "[" + (",\n" + indent).join(rows) + "]"


def pytorch_code(
    grid: np.ndarray | None,
    input_shape: tuple[int, int],
    kernel: np.ndarray,
    bias: float,
    stride: tuple[int, int],
    pad: tuple[int, int, int, int],
    dilation: tuple[int, int],
    padding_mode: str,
    flipped: bool,
) -> str:
    """Python that reproduces this output with PyTorch: F.pad first when padding is asymmetric
    or not zeros, then F.conv2d; the kernel flipped by torch.flip for a true convolution.
    `grid` (the input's values) is written out when given; pictures get a placeholder."""
    left, right, top, bottom = pad
    H, W = input_shape
    x = (
        f"torch.tensor({tensor_literal(grid, ' ' * 17)}, dtype=torch.float64)"
        if grid is not None
        else f"torch.rand({H}, {W}, dtype=torch.float64) * 255  # stands in for your picture"
    )
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        f"x = {x}.reshape(1, 1, {H}, {W})",
        f"w = torch.tensor({tensor_literal(kernel, ' ' * 17)}, dtype=torch.float64)"
        f".reshape(1, 1, {kernel.shape[0]}, {kernel.shape[1]})",
    ]
    if flipped:
        lines.append("w = torch.flip(w, dims=(2, 3))  # true convolution: rotate the kernel by 180 degrees")
    symmetric = left == right and top == bottom and padding_mode == "zeros"
    padding = f"({top}, {left})"
    if not symmetric and any(pad):
        mode = "constant" if padding_mode == "zeros" else padding_mode
        lines.append(f'x = F.pad(x, ({left}, {right}, {top}, {bottom}), mode="{mode}")')
        padding = "0"
    lines.append(
        f"y = F.conv2d(x, w, bias=torch.tensor([{exact_number(bias)}], dtype=torch.float64), "
        f"stride={stride}, padding={padding}, dilation={dilation})"
    )
    lines.append("print(y[0, 0])")
    return "\n".join(lines)


CORRELATION_VS_CONVOLUTION = """
What deep-learning libraries call *convolution* (PyTorch's `conv2d`, and this page by default)
is **cross-correlation**: the kernel slides over the input as it is, and output cell (r, c) is
Σ x[r + i, c + j] · w[i, j].

**Convolution** in the mathematical sense first rotates the kernel by 180 degrees:
Σ x[r + i, c + j] · w[kH − 1 − i, kW − 1 − j]. Turn on *True convolution* to see it.

For a symmetric kernel (box blur, Gaussian, Laplacian) the two give the same output. For Sobel x
the signs flip, and for emboss the light comes from the other side. A network learns its
kernels, so it does not matter which one it computes: it simply learns the rotated kernel.
"""


def pool_arithmetic(trace: PoolTrace, s: int, line_break: str = "\n") -> str:
    """max(...) = v, min(...) = v, or (a + b + ...) / n = v for pooling step s, one window row
    per line; padding shows as −∞ / +∞ (never wins) or 0 (counted only with count_include_pad)."""
    channel, r, c = (int(v) for v in trace.out_index[s])
    head = f"out[{r}, {c}] = " if trace.output.shape[0] == 1 else f"out[{channel}, {r}, {c}] = "
    rows = [", ".join(_pool_cell(v) for v in row) for row in trace.inputs[s]]
    value = format_number(trace.values[s])
    if trace.kind == "avg":
        sums = (line_break + "+ ").join(row.replace(", ", " + ") for row in rows)
        return f"{head}({sums}) / {format_number(trace.divisors[s])} = {value}"
    joined = ("," + line_break + "    ").join(rows)
    return f"{head}{trace.kind}({joined}) = {value}"


def _pool_cell(value: float) -> str:
    if np.isinf(value):
        return "−∞" if value < 0 else "+∞"
    return format_number(value)


def pool_size_formula(axis: AxisGeometry, name: str, ceil_mode: bool) -> str:
    """The pooling output size with the user's numbers, in floor or ceil mode (and the
    dropped window of ceil mode, when there is one)."""
    letter = AXIS_NAMES[name][0]
    numerator = axis.size + 2 * axis.pad_before - axis.dilation * (axis.kernel - 1) - 1
    brackets = ("⌈", "⌉") if ceil_mode else ("⌊", "⌋")
    rounded = -(-numerator // axis.stride) if ceil_mode else numerator // axis.stride
    text = (
        f"{letter}_out = {brackets[0]}({letter} + 2·padding − dilation·(k − 1) − 1) / stride{brackets[1]} + 1"
        f" = {brackets[0]}({axis.size} + 2·{axis.pad_before} − {axis.dilation}·({axis.kernel} − 1) − 1)"
        f" / {axis.stride}{brackets[1]} + 1 = {brackets[0]}{numerator} / {axis.stride}{brackets[1]} + 1"
        f" = {rounded + 1}"
    )
    if rounded + 1 != axis.out:
        text += (
            f", but the last window would start at {rounded * axis.stride} ≥ {letter} + padding = "
            f"{axis.size + axis.pad_before}, in the padding, so ceil mode drops it: {axis.out}"
        )
    return text


def pool_pytorch_code(grid: np.ndarray | None, input_shape: tuple[int, int], kind: str, kwargs: dict) -> str:
    """Python reproducing the pooling with PyTorch (min pooling as −max_pool2d(−x)).
    `kwargs` are the pooling's keyword arguments, as the engine takes them."""
    H, W = input_shape
    x = (
        f"torch.tensor({tensor_literal(grid, ' ' * 17)}, dtype=torch.float64)"
        if grid is not None
        else f"torch.rand({H}, {W}, dtype=torch.float64) * 255  # stands in for your picture"
    )
    args = ", ".join(f"{key}={value}" for key, value in kwargs.items())
    call = {
        "max": f"F.max_pool2d(x, {args})",
        "min": f"-F.max_pool2d(-x, {args})  # PyTorch has no min pooling: the max of the negated input",
        "avg": f"F.avg_pool2d(x, {args})",
    }[kind]
    return "\n".join(
        [
            "import torch",
            "import torch.nn.functional as F",
            "",
            f"x = {x}.reshape(1, 1, {H}, {W})",
            f"y = {call}",
            "print(y[0, 0])",
        ]
    )


POOLING_VERSUS_STRIDE = """
Both shrink the map by the stride. The difference is what decides each output value:

- **Pooling has no weights.** Max pooling keeps the strongest response in each window, whatever
  its position inside it, so small shifts of a feature do not change the output; average
  pooling blurs. Each channel is pooled on its own.
- **A strided convolution learns its weights.** Here it is shown with a box kernel (every weight
  1/n, which is average pooling with count_include_pad); a network would learn any kernel, and a
  convolution mixes all input channels. It costs parameters and computation, and it can learn
  to keep what matters for the task instead of a fixed rule.
"""


def volume_arithmetic(step: ConvStep, line_break: str = "\n", products: bool = True) -> str:
    """A multi-channel output cell: one partial sum per input channel (with its products, or
    only its value when `products` is False), then their sum and the bias."""
    k, r, c = step.index
    lines = []
    for ci, channel in enumerate(step.channels):
        terms = zip(step.inputs[ci].ravel(), step.weights[ci].ravel())
        sum_text = (
            " + ".join(f"{signed(x)}·{signed(w)}" for x, w in terms) + " = " if products else "Σ x·w = "
        )
        lines.append(f"channel {channel}: {sum_text}{format_number(step.partial_sums[ci])}")
    total = " + ".join(signed(p) for p in step.partial_sums)
    lines.append(f"out[{k}, {r}, {c}] = {total} + bias {signed(step.bias)} = {format_number(step.value)}")
    return line_break.join(lines)


def parameter_formula(in_channels: int, out_channels: int, kernel_size: tuple[int, int], groups: int) -> str:
    """K·(kH·kW·C_in/groups) + K with the numbers."""
    count = conv_parameters(in_channels, out_channels, kernel_size, groups)
    (kH, kW), K = kernel_size, out_channels
    return (
        f"K·(kH·kW·C_in/groups) + K = {K}·({kH}·{kW}·{in_channels}/{groups}) + {K} = "
        f"{count.weights:,} weights + {count.biases:,} biases = {count.total:,} parameters"
    )


def dense_formula(inputs: tuple[int, ...], outputs: tuple[int, ...]) -> str:
    """The fully connected layer between the same input and output volumes, with the numbers."""
    n_in, n_out = int(np.prod(inputs)), int(np.prod(outputs))
    count = dense_parameters(n_in, n_out)
    return (
        f"{_dims(inputs)} = {n_in:,} inputs × {_dims(outputs)} = {n_out:,} outputs = "
        f"{count.weights:,} weights + {count.biases:,} biases = {count.total:,} parameters"
    )


def _dims(shape: tuple[int, ...]) -> str:
    return "·".join(map(str, shape))


def pool_backward_text(trace: PoolBackwardTrace, s: int, line_break: str = "\n") -> str:
    """Where upstream gradient s goes: all of it to the winner, or an equal share to each cell."""
    forward = trace.forward
    _, r, c = (int(v) for v in forward.out_index[s])
    g = format_number(trace.upstream[s])
    if forward.kind == "avg":
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


CROP_AND_FOLD = {
    "zeros": "The forward pass added the outlined padding cells. They are not inputs, so their gradient "
    "is simply **cropped away**: dL/dX is the inner part.",
    "reflect": "The outlined padding cells are mirror copies of input cells, so their gradient is **folded "
    "back**: each padding cell adds its gradient to the input cell it copied.",
    "replicate": "The outlined padding cells are copies of the edge cells, so their gradient is **folded "
    "back** onto the edge: edge cells collect the gradient of every copy.",
    "circular": "The outlined padding cells are copies of the opposite side, so their gradient is **folded "
    "back** across: it wraps around onto the cells that were copied.",
}

SKIP_CONNECTIONS = """
Backpropagation through a stack multiplies one local derivative per layer. For tanh each factor
is 1 − tanh² ≤ 1, and far from 0 it is tiny, so through n nested tanh the product
**dC/dθ = Π (1 − tanh²(hᵢ))** shrinks towards zero as n grows: the early layers stop learning
(the *vanishing gradient*). A **skip connection** adds the input back, C_res(θ) = C(θ) + θ, which
adds a path whose derivative is exactly 1: **dC_res/dθ = dC/dθ + 1** can never vanish. ResNets
stack such blocks, each skipping one or two layers.
"""


def skip_numbers(n: int, theta: float) -> str:
    """Both derivatives of seed 001's toy model at θ, with n layers."""
    plain, skipped = nested_tanh(np.array(theta), n)[1], with_skip(np.array(theta), n)[1]
    return f"At θ = {theta:g} with n = {n}: dC/dθ = {float(plain):.3g}, dC_res/dθ = {float(skipped):.3g}"


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


def field_recurrence(rows: list, name_of=lambda i: f"layer {i}") -> list[dict]:
    """Per spatial layer: the receptive field size r, jump j and start s along rows, each with
    the recurrence and the numbers: r = r' + d·(k − 1)·j', j = j'·s, start = start' − p·j'."""
    table, previous = [], (1, 1, 0)
    for index, row in enumerate(rows):
        if row.field is None:
            break
        axis, geometry = row.field.rows, row.layer.geometry
        (k, s, p, d), (r0, j0, s0) = (
            (geometry.kernel_size[0], geometry.stride[0], geometry.padding[0], geometry.dilation[0]),
            previous,
        )
        table.append(
            {
                "layer": f"{index + 1}: {row.layer.describe()}",
                "units": f"{axis.units}",
                "receptive field r": f"{r0} + {d}·({k} − 1)·{j0} = {axis.size}",
                "jump j": f"{j0}·{s} = {axis.jump}",
                "start": f"{s0} − {p}·{j0} = {axis.start}",
            }
        )
        previous = (axis.size, axis.jump, axis.start)
    return table


def architecture_rows(rows: list) -> list[dict]:
    """The Architectures table: shapes, parameters, dense comparison, receptive field, flags."""
    table = []
    for index, row in enumerate(rows):
        flag = ""
        if any(row.leftover):
            flag = f"does not tile: drops {row.leftover[0]} rows, {row.leftover[1]} cols"
        table.append(
            {
                "layer": f"{index + 1}: {row.layer.describe()}"
                + (f" {row.layer.activation}" if row.layer.activation != "none" else ""),
                "input": "x".join(map(str, row.input_shape)),
                "output": "x".join(map(str, row.output_shape)),
                "weights": row.parameters.weights,
                "biases": row.parameters.biases,
                "parameters": row.parameters.total,
                "dense layer instead": row.dense.total if row.layer.kind == "conv" else None,
                "receptive field": f"{row.field.rows.size}x{row.field.cols.size}" if row.field else "all",
                "note": flag,
            }
        )
    return table


def shape_arithmetic(row) -> str:
    """One layer's output size with the numbers (conv and pool), or the flatten of fc."""
    if row.field is None:
        return f"fc: {'·'.join(map(str, row.input_shape))} inputs → {row.output_shape[0]} outputs"
    sizes = row.input_shape[1:]
    return "\n".join(
        output_size_formula(row.layer.geometry.axis(size, axis), name)
        for axis, (size, name) in enumerate(zip(sizes, ("high", "wide")))
    )


def transpose_size_formula(layer: TransposeGeometry, axis: int) -> str:
    """H_out = (H − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1, with the numbers."""
    letter = "HW"[axis]
    n, k, s, p, op, d = (
        v[axis]
        for v in (
            layer.input_size,
            layer.kernel_size,
            layer.stride,
            layer.padding,
            layer.output_padding,
            layer.dilation,
        )
    )
    return (
        f"{letter}_out = ({letter} − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1"
        f" = ({n} − 1)·{s} − 2·{p} + {d}·({k} − 1) + {op} + 1 = {layer.output_size[axis]}"
    )


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


TRANSPOSED_AS_GRADIENT = """
A transposed convolution is not an inverse: it does not undo the convolution. It is its
**transpose**: the convolution is a matrix A acting on the flattened input, and the transposed
convolution applies Aᵀ. That is exactly what backpropagation needs, since dL/dX = Aᵀ·dL/dY. So
`conv_transpose2d(x, w)` equals the gradient dL/dX of `conv2d(·, w)` with the same stride, padding
and dilation when dL/dY = x, which the two grids below show with your numbers.
"""

CHECKERBOARD = """
**Checkerboard artifacts.** When the kernel size is not a multiple of the stride, neighbouring
stamps overlap unevenly: some output cells receive more stamps than others, and the output shows
a grid pattern even for a constant input. The counts below are conv_transpose2d of all-ones
with an all-ones kernel. Kernel 4 with stride 2 covers evenly; kernel 3 with stride 2 does not.
"""


EQUIVARIANCE = """
**Convolution is translation *equivariant*, not invariant** (seed 001 calls it invariant; seed 002
has it right): shift the input and the feature map shifts by the same amount, so a detector finds
a pattern wherever it is, and tells you where. Invariance, an output that does not change at all,
comes from pooling and from global operations on top (global max or average pooling).
"""


def matrix_explanation(input_shape: tuple[int, int], numbers: dict) -> str:
    """What the convolution matrix shows, with its sizes."""
    (rows, cols), (H, W) = numbers["shape"], input_shape
    per_row, weights, entries = numbers["per_row"], numbers["weights"], numbers["entries"]
    return (
        f"Flatten the {H}x{W} input into a vector of {cols} numbers: the convolution is a {rows}x{cols} "
        "matrix A times it. Each row of A is one output cell: it holds the kernel's weights at the columns "
        f"of that cell's window and zeros elsewhere (**locality**: at most {per_row} non-zeros per row). "
        f"Every row repeats the same **{weights}** weights (**sharing**, one colour per weight), where a "
        f"dense layer of the same shape learns all **{entries:,}** entries."
    )


def shift_explanation(stride: tuple[int, int], dy: int, dx: int, shifts: dict) -> str:
    """Whether the shifted output matched, why not with a stride, and what pooling adds."""
    verdict = "agree away from the borders" if shifts["interior_equal"] else "do not agree"
    text = f"With stride {stride} and a shift of ({dy}, {dx}), the two {verdict}. "
    if not shifts["divisible"]:
        text += (
            "The shift is not a multiple of the stride, so the output cannot move by whole cells: a strided "
            "convolution is equivariant only to shifts by multiples of its stride. "
        )
    before, after = shifts["global_max"]
    return text + (
        f"After 2x2 max pooling and a global max, the largest response is {before:.3g} before the shift "
        f"and {after:.3g} after: pooling and global operations buy (approximate) **invariance**."
    )
