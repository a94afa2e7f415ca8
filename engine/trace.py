"""Step-by-step traces of the forward operations, for figures to animate.

A trace is computed once, vectorised, from the same windows view as the fast operation, and
is immutable: every array is read-only and has a leading step axis S, one step per output
element in row-major order (channel, row, col). Coordinates of taps are in the padded frame.
Traces describe one sample: input (C, H, W).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine.arrays import as_float_array, check_bias, check_weight, frozen
from engine.conv import (
    ConvLayer,
    TransposeLayer,
    check_conv_padding_mode,
    conv_layer,
    equivalent_correlation_input,
    flip_transpose_weight,
    transpose_layer,
)
from engine.geometry import AXES, AxisGeometry, conv_axis, positive_pair
from engine.padding import source_indices
from engine.pool import avg_divisors, pool_layer, pool_padded, window_argmax
from engine.windows import windows_of

Pair = int | tuple[int, int]


def as_sample(input: np.ndarray, name: str = "input") -> np.ndarray:
    """A single (C, H, W) sample as float64; traces follow one sample, not a batch."""
    x = as_float_array(input, name)
    if x.ndim != 3 or 0 in x.shape:
        raise ValueError(f"a trace follows one sample: {name} must be (C, H, W), got shape {x.shape}")
    return x


def output_indices(shape: tuple[int, int, int]) -> np.ndarray:
    """(S, 3) int: every (channel, row, col) of an output of `shape`, in row-major order."""
    return np.indices(shape).reshape(3, -1).T


def window_taps(
    rows: AxisGeometry, cols: AxisGeometry, out_rows: np.ndarray, out_cols: np.ndarray
) -> np.ndarray:
    """(S, kH, kW, 2) padded-frame (row, col) of every tap of the windows at (out_rows, out_cols) (S,)."""
    tap_rows = out_rows[:, None] * rows.stride + np.arange(rows.kernel) * rows.dilation  # (S, kH)
    tap_cols = out_cols[:, None] * cols.stride + np.arange(cols.kernel) * cols.dilation  # (S, kW)
    shape = (len(out_rows), rows.kernel, cols.kernel)
    return np.stack(np.broadcast_arrays(tap_rows[:, :, None], tap_cols[:, None, :]), axis=-1).reshape(
        *shape, 2
    )


def padding_mask(rows: AxisGeometry, cols: AxisGeometry) -> np.ndarray:
    """(Hp, Wp) bool: True on padding cells (and ceil-mode overhang) of the padded frame."""
    in_rows = np.zeros(rows.padded, dtype=bool)
    in_cols = np.zeros(cols.padded, dtype=bool)
    in_rows[rows.pad_before : rows.pad_before + rows.size] = True
    in_cols[cols.pad_before : cols.pad_before + cols.size] = True
    return ~np.outer(in_rows, in_cols)


@dataclass(frozen=True)
class ConvStep:
    """One output cell of a convolution: out[channel, row, col] = Σ products + bias."""

    index: tuple[int, int, int]
    taps: np.ndarray  # (kH, kW, 2) padded-frame coordinates
    tap_is_padding: np.ndarray  # (kH, kW)
    channels: np.ndarray  # (C_in/groups,) input channels read
    inputs: np.ndarray  # (C_in/groups, kH, kW)
    weights: np.ndarray  # (C_in/groups, kH, kW)
    products: np.ndarray  # (C_in/groups, kH, kW)
    partial_sums: np.ndarray  # (C_in/groups,)
    bias: float
    value: float


@dataclass(frozen=True)
class ConvTrace:
    """Every step of a conv2d on one sample. S = C_out·H_out·W_out."""

    layer: ConvLayer
    padded_input: np.ndarray  # (C_in, Hp, Wp)
    is_padding: np.ndarray  # (Hp, Wp)
    source_rows: np.ndarray  # (Hp,) input row each padded row copies, −1 for zeros
    source_cols: np.ndarray  # (Wp,)
    weight: np.ndarray  # (C_out, C_in/groups, kH, kW)
    bias: np.ndarray  # (C_out,)
    out_index: np.ndarray  # (S, 3) (channel, row, col)
    taps: np.ndarray  # (S, kH, kW, 2)
    tap_is_padding: np.ndarray  # (S, kH, kW)
    channels: np.ndarray  # (S, C_in/groups)
    inputs: np.ndarray  # (S, C_in/groups, kH, kW)
    products: np.ndarray  # (S, C_in/groups, kH, kW)
    partial_sums: np.ndarray  # (S, C_in/groups)
    values: np.ndarray  # (S,)
    output: np.ndarray  # (C_out, H_out, W_out)
    origin: tuple[int, int] = (0, 0)  # padded-frame (row, col) of padded_input[..., 0, 0]

    def __len__(self) -> int:
        return len(self.values)

    def step(self, s: int) -> ConvStep:
        k = int(self.out_index[s, 0])
        return ConvStep(
            tuple(int(v) for v in self.out_index[s]),
            self.taps[s],
            self.tap_is_padding[s],
            self.channels[s],
            self.inputs[s],
            self.weight[k],
            self.products[s],
            self.partial_sums[s],
            float(self.bias[k]),
            float(self.values[s]),
        )


def trace_conv2d(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> ConvTrace:
    """conv2d on one (C_in, H, W) sample, step by step (same arguments as `conv2d`)."""
    x = as_sample(input)
    weight = check_weight(weight, x.shape[0], groups)
    bias = check_bias(bias, weight.shape[0])
    layer = conv_layer(x[None].shape, weight.shape, stride, padding, dilation, groups, padding_mode)
    padded = layer.pad_input(x)
    windows = windows_of(padded, layer.rows, layer.cols)  # (C_in, Ho, Wo, kH, kW)
    C_out, C_group = weight.shape[:2]
    out_index = output_indices((C_out, *layer.output_size))
    k, r, c = out_index.T
    channels = (k // (C_out // groups))[:, None] * C_group + np.arange(C_group)  # (S, Cg)
    inputs = windows[channels, r[:, None], c[:, None]]  # (S, Cg, kH, kW)
    products = inputs * weight[k]
    partial_sums = products.sum(axis=(-2, -1))
    values = partial_sums.sum(axis=-1) + bias[k]
    taps = window_taps(layer.rows, layer.cols, r, c)
    mask = padding_mask(layer.rows, layer.cols)
    rows, cols = layer.rows, layer.cols
    return ConvTrace(
        layer,
        *map(
            frozen,
            (
                padded,
                mask,
                source_indices(rows.size, rows.pad_before, rows.pad_after, layer.pad_mode),
                source_indices(cols.size, cols.pad_before, cols.pad_after, layer.pad_mode),
                weight,
                bias,
                out_index,
                taps,
                mask[taps[..., 0], taps[..., 1]],
                channels,
                inputs,
                products,
                partial_sums,
                values,
                values.reshape(C_out, *layer.output_size),
            ),
        ),
    )


@dataclass(frozen=True)
class PoolTrace:
    """Every step of a pooling on one sample. S = C·H_out·W_out.

    For max/min, `winner` is the row-major tap that wins each window (the first one on ties)
    and `divisors` is None; for avg, `winner` is None and `divisors` holds each mean's count.
    """

    kind: str  # "max", "min" or "avg"
    rows: AxisGeometry
    cols: AxisGeometry
    padded_input: np.ndarray  # (C, Hp, Wp): padding holds −∞ (max), +∞ (min) or 0 (avg)
    is_padding: np.ndarray  # (Hp, Wp)
    out_index: np.ndarray  # (S, 3)
    taps: np.ndarray  # (S, kH, kW, 2)
    tap_is_padding: np.ndarray  # (S, kH, kW)
    inputs: np.ndarray  # (S, kH, kW)
    winner: np.ndarray | None  # (S,) tap index in [0, kH·kW)
    divisors: np.ndarray | None  # (S,)
    values: np.ndarray  # (S,)
    output: np.ndarray  # (C, H_out, W_out)

    def __len__(self) -> int:
        return len(self.values)

    def winner_coords(self) -> np.ndarray:
        """(S, 2) padded-frame (row, col) of each window's winner (max/min only)."""
        kW = self.cols.kernel
        return self.taps[np.arange(len(self)), self.winner // kW, self.winner % kW]


POOL_FILL = {"max": -np.inf, "min": np.inf, "avg": 0.0}


def trace_pool2d(
    input: np.ndarray,
    kind: str,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> PoolTrace:
    """max_pool2d, min_pool2d or avg_pool2d (`kind` = "max", "min", "avg") on one (C, H, W)
    sample, step by step. Average pooling has no dilation, as in PyTorch."""
    if kind not in POOL_FILL:
        raise ValueError(f'kind must be "max", "min" or "avg", got {kind!r}')
    x = as_sample(input)
    if kind == "avg" and dilation not in (1, (1, 1)):
        raise ValueError(f"average pooling has no dilation (PyTorch's avg_pool2d), got {dilation!r}")
    rows, cols = pool_layer(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    padded = pool_padded(x, rows, cols, POOL_FILL[kind])
    windows = windows_of(padded, rows, cols)  # (C, Ho, Wo, kH, kW)
    out_index = output_indices((x.shape[0], rows.out, cols.out))
    ch, r, c = out_index.T
    inputs = windows[ch, r, c]  # (S, kH, kW)
    winner = divisors = None
    if kind == "avg":
        divisors = avg_divisors(rows, cols, count_include_pad)[r, c]
        values = inputs.sum(axis=(-2, -1)) / divisors
    else:
        sign = 1.0 if kind == "max" else -1.0
        values, winner = window_argmax(sign * inputs)
        values = sign * values
    taps = window_taps(rows, cols, r, c)
    mask = padding_mask(rows, cols)
    return PoolTrace(
        kind,
        rows,
        cols,
        *(
            None if a is None else frozen(a)
            for a in (
                padded,
                mask,
                out_index,
                taps,
                mask[taps[..., 0], taps[..., 1]],
                inputs,
                winner,
                divisors,
                values,
                values.reshape(x.shape[0], rows.out, cols.out),
            )
        ),
    )


@dataclass(frozen=True)
class TransposeTrace:
    """Every stamp of a conv_transpose2d on one sample. S = C_in·H·W, one step per input cell.

    Step s adds inputs[s]·weight[channel] into the output channels of its group at `targets`,
    coordinates in the uncropped frame of size `layer.full_size`; overlapping stamps sum.
    `full` is the sum of all stamps; the output is `full` cropped by `layer.padding` on every
    side, plus the bias.
    """

    layer: TransposeLayer
    groups: int
    weight: np.ndarray  # (C_in, C_out/groups, kH, kW)
    bias: np.ndarray  # (C_out,)
    in_index: np.ndarray  # (S, 3) (channel, row, col)
    inputs: np.ndarray  # (S,)
    out_channels: np.ndarray  # (S, C_out/groups)
    targets: np.ndarray  # (S, kH, kW, 2)
    contributions: np.ndarray  # (S, C_out/groups, kH, kW)
    full: np.ndarray  # (C_out, *full_size)
    output: np.ndarray  # (C_out, H_out, W_out)

    def __len__(self) -> int:
        return len(self.inputs)


def trace_conv_transpose2d(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    groups: int = 1,
    dilation: Pair = 1,
) -> TransposeTrace:
    """conv_transpose2d on one (C_in, H, W) sample as a sequence of stamps (same arguments)."""
    x = as_sample(input)
    weight = check_weight(weight, x.shape[0], groups, transposed=True)
    C_in, K_group, kH, kW = weight.shape
    bias = check_bias(bias, K_group * groups)
    layer = transpose_layer(x.shape[-2:], (kH, kW), stride, padding, output_padding, dilation)
    in_index = output_indices(x.shape)
    ch, r, c = in_index.T
    inputs = x[ch, r, c]
    out_channels = (ch // (C_in // groups))[:, None] * K_group + np.arange(K_group)  # (S, Kg)
    contributions = inputs[:, None, None, None] * weight[ch]  # (S, Kg, kH, kW)
    target_rows = r[:, None] * layer.stride[0] + np.arange(kH) * layer.dilation[0]  # (S, kH)
    target_cols = c[:, None] * layer.stride[1] + np.arange(kW) * layer.dilation[1]  # (S, kW)
    targets = np.stack(np.broadcast_arrays(target_rows[:, :, None], target_cols[:, None, :]), axis=-1)
    full = np.zeros((K_group * groups, *layer.full_size))
    np.add.at(
        full,
        (out_channels[:, :, None, None], target_rows[:, None, :, None], target_cols[:, None, None, :]),
        contributions,
    )
    (pH, pW), (H_out, W_out) = layer.padding, layer.output_size
    output = full[:, pH : pH + H_out, pW : pW + W_out] + bias[:, None, None]
    return TransposeTrace(
        layer,
        groups,
        *map(
            frozen,
            (
                weight,
                bias,
                in_index,
                inputs,
                out_channels,
                targets,
                contributions,
                full,
                output,
            ),
        ),
    )


def padded_layer(
    x: np.ndarray,
    kernel_size: tuple[int, int],
    pad: tuple[int, int, int, int],
    padding_mode: str,
    stride: Pair,
    dilation: Pair,
    groups: int,
) -> ConvLayer:
    """The layer of F.pad(x, pad) followed by an unpadded conv2d, with its padding on record."""
    left, right, top, bottom = pad
    if min(pad) < 0:
        raise ValueError(f"padding must be 0 or more on every side, got (left, right, top, bottom) = {pad}")
    rows, cols = (
        conv_axis(n, k, s, d, before, after, axis)
        for n, k, s, d, (before, after), axis in zip(
            x.shape[-2:],
            kernel_size,
            positive_pair(stride, "stride"),
            positive_pair(dilation, "dilation"),
            ((top, bottom), (left, right)),
            AXES,
        )
    )
    return ConvLayer(rows, cols, groups, check_conv_padding_mode(padding_mode, rows, cols))


def trace_pad_conv2d(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    pad: tuple[int, int, int, int] = (0, 0, 0, 0),
    padding_mode: str = "zeros",
    stride: Pair = 1,
    dilation: Pair = 1,
    groups: int = 1,
    out_rows: tuple[int, int] | None = None,
    out_cols: tuple[int, int] | None = None,
) -> ConvTrace:
    """conv2d after F.pad(input, pad=(left, right, top, bottom)): how PyTorch does asymmetric
    padding. The trace marks the padding as such, exactly as trace_conv2d does for symmetric.

    With `out_rows` = (r0, r1) and `out_cols` = (c0, c1), only those output cells are traced
    (image mode's zoom): `padded_input` is then the part of the padded frame their windows
    read, starting at `origin`; indices and taps stay those of the whole output and frame.
    """
    x = as_sample(input)
    weight = check_weight(weight, x.shape[0], groups)
    layer = padded_layer(x, weight.shape[-2:], pad, padding_mode, stride, dilation, groups)
    rows, cols = layer.rows, layer.cols
    (r0, r1), (c0, c1) = out_rows or (0, rows.out), out_cols or (0, cols.out)
    if not (0 <= r0 < r1 <= rows.out and 0 <= c0 < c1 <= cols.out):
        raise ValueError(
            f"output rows {r0}..{r1 - 1} and cols {c0}..{c1 - 1} are outside the {rows.out}x{cols.out} output"
        )
    frame_rows = slice(r0 * rows.stride, (r1 - 1) * rows.stride + rows.span)
    frame_cols = slice(c0 * cols.stride, (c1 - 1) * cols.stride + cols.span)
    region = layer.pad_input(x)[:, frame_rows, frame_cols]
    traced = trace_conv2d(region, weight, bias, layer.stride, 0, layer.dilation, groups)
    mask = padding_mask(rows, cols)[frame_rows, frame_cols]
    origin = (frame_rows.start, frame_cols.start)
    out_index = traced.out_index + np.array([0, r0, c0])
    taps = traced.taps + np.array(origin)
    return replace(
        traced,
        layer=layer,
        is_padding=frozen(mask),
        source_rows=frozen(
            source_indices(rows.size, rows.pad_before, rows.pad_after, layer.pad_mode)[frame_rows]
        ),
        source_cols=frozen(
            source_indices(cols.size, cols.pad_before, cols.pad_after, layer.pad_mode)[frame_cols]
        ),
        tap_is_padding=frozen(mask[traced.taps[..., 0], traced.taps[..., 1]]),
        out_index=frozen(out_index),
        taps=frozen(taps),
        origin=origin,
    )


def mark_structural(trace: ConvTrace, structural: np.ndarray) -> ConvTrace:
    """The trace with `structural` (Hp, Wp) cells drawn as padding: a forward's padding seen from
    its gradient, or zeros inserted around and between values (transposed convolution, dL/dX)."""
    taps = trace.taps
    return replace(
        trace, is_padding=frozen(structural), tap_is_padding=frozen(structural[taps[..., 0], taps[..., 1]])
    )


def trace_equivalent_correlation(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    groups: int = 1,
    dilation: Pair = 1,
) -> ConvTrace:
    """conv_transpose2d on one sample as the correlation it equals: zeros inserted for the
    stride, padding dilation·(k − 1) − padding (+ output_padding after), the kernel rotated by
    180 degrees. The inserted and padded zeros are marked as structural."""
    x = as_sample(input)
    weight = check_weight(weight, x.shape[0], groups, transposed=True)
    layer = transpose_layer(x.shape[-2:], weight.shape[-2:], stride, padding, output_padding, dilation)
    spread = equivalent_correlation_input(x, layer)
    real = equivalent_correlation_input(np.ones(x.shape), layer) != 0
    trace = trace_conv2d(spread, flip_transpose_weight(weight, groups), bias, 1, 0, layer.dilation, groups)
    return mark_structural(trace, ~real.any(axis=0))
