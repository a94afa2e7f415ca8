"""Formulas with the user's own numbers: output sizes, parameters, receptive fields, shapes."""

from __future__ import annotations

import numpy as np

from engine.analysis.params import conv_parameters, dense_parameters
from engine.analysis.skip import nested_tanh, with_skip
from engine.geometry import AxisGeometry
from engine.ops.conv_transpose import TransposeGeometry
from text.numbers import format_number

AXIS_NAMES = {"high": ("H", "rows"), "wide": ("W", "columns")}


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


def parameter_formula(
    in_channels: int, out_channels: int, kernel_size: tuple[int, int], groups: int, bias: bool = True
) -> str:
    """K·(kH·kW·C_in/groups) (+ K biases) with the numbers."""
    count = conv_parameters(in_channels, out_channels, kernel_size, groups, bias)
    (kH, kW), K = kernel_size, out_channels
    if not bias:
        return (
            f"K·(kH·kW·C_in/groups) = {K}·({kH}·{kW}·{in_channels}/{groups}) = "
            f"{count.weights:,} weights, no biases = {count.total:,} parameters"
        )
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


COUNT_COLUMNS = ("weights", "biases", "parameters", "dense layer instead")


def architecture_rows(rows: list, grouped: bool = True) -> list[dict]:
    """The Architectures table: shapes, parameters, dense comparison, receptive field, flags.
    `grouped`: counts as text with thousands separators ("61,706") and "—" where a count does not
    apply, for reading; otherwise plain integers and empty cells, for a CSV file."""
    count = (lambda n: f"{n:,}") if grouped else int
    missing = "—" if grouped else ""
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
                "weights": count(row.parameters.weights),
                "biases": count(row.parameters.biases),
                "parameters": count(row.parameters.total),
                "dense layer instead": count(row.dense.total) if row.layer.kind == "conv" else missing,
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


def skip_numbers(n: int, theta: float) -> str:
    """Both derivatives of the toy model of “6. Convolutional Neural Networks” at θ, with n layers."""
    plain, skipped = nested_tanh(np.array(theta), n)[1], with_skip(np.array(theta), n)[1]
    return f"At θ = {theta:g} with n = {n}: dC/dθ = {float(plain):.3g}, dC_res/dθ = {float(skipped):.3g}"


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
