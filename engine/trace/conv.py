"""Step-by-step traces of conv2d (and of F.pad followed by conv2d), for figures to animate.

A trace is computed once, vectorised, from the same windows view as the fast operation, and
is immutable: every array is read-only and has a leading step axis S, one step per output
element in row-major order (channel, row, col). Coordinates of taps are in the padded frame.
Traces describe one sample: input (C, H, W).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine.arrays import FloatArray, IndexArray, check_bias, check_weight, frozen
from engine.geometry import Pair, WindowGeometry, conv_geometry, pad_conv_geometry
from engine.ops.padding import source_indices
from engine.trace.taps import as_sample, output_indices, padding_mask, window_taps
from engine.windows import windows_of


@dataclass(frozen=True)
class ConvStep:
    """One output cell of a convolution: out[channel, row, col] = Σ products + bias."""

    index: tuple[int, int, int]
    taps: IndexArray  # (kH, kW, 2) padded-frame coordinates
    tap_is_padding: NDArray[np.bool_]  # (kH, kW)
    channels: IndexArray  # (C_in/groups,) input channels read
    inputs: FloatArray  # (C_in/groups, kH, kW)
    weights: FloatArray  # (C_in/groups, kH, kW)
    products: FloatArray  # (C_in/groups, kH, kW)
    partial_sums: FloatArray  # (C_in/groups,)
    bias: float
    value: float


@dataclass(frozen=True)
class ConvTrace:
    """Every step of a conv2d on one sample. S = C_out·H_out·W_out."""

    layer: WindowGeometry
    padded_input: FloatArray  # (C_in, Hp, Wp)
    is_padding: NDArray[np.bool_]  # (Hp, Wp)
    source_rows: IndexArray  # (Hp,) input row each padded row copies, −1 for zeros
    source_cols: IndexArray  # (Wp,)
    weight: FloatArray  # (C_out, C_in/groups, kH, kW)
    bias: FloatArray  # (C_out,)
    out_index: IndexArray  # (S, 3) (channel, row, col)
    taps: IndexArray  # (S, kH, kW, 2)
    tap_is_padding: NDArray[np.bool_]  # (S, kH, kW)
    channels: IndexArray  # (S, C_in/groups)
    inputs: FloatArray  # (S, C_in/groups, kH, kW)
    products: FloatArray  # (S, C_in/groups, kH, kW)
    partial_sums: FloatArray  # (S, C_in/groups)
    values: FloatArray  # (S,)
    output: FloatArray  # (C_out, H_out, W_out)
    origin: tuple[int, int] = (0, 0)  # padded-frame (row, col) of padded_input[..., 0, 0]

    def __len__(self) -> int:
        return len(self.values)

    def step(self, s: int) -> ConvStep:
        k = int(self.out_index[s, 0])
        channel, row, col = (int(v) for v in self.out_index[s])
        return ConvStep(
            (channel, row, col),
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
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> ConvTrace:
    """conv2d on one (C_in, H, W) sample, step by step (same arguments as `conv2d`)."""
    x = as_sample(input)
    filters = check_weight(weight, x.shape[0], groups)
    biases = check_bias(bias, filters.shape[0])
    geometry = conv_geometry(x.shape, filters.shape[-2:], stride, padding, dilation, groups, padding_mode)
    padded = geometry.pad_input(x)
    windows = windows_of(padded, geometry)  # (C_in, H_out, W_out, kH, kW)
    C_out, C_group = filters.shape[:2]
    out_index = output_indices((C_out, *geometry.output_size))
    k, r, c = out_index.T
    channels = (k // (C_out // groups))[:, None] * C_group + np.arange(C_group)  # (S, Cg)
    inputs = windows[channels, r[:, None], c[:, None]]  # (S, Cg, kH, kW)
    products = inputs * filters[k]
    partial_sums = products.sum(axis=(-2, -1))
    values = partial_sums.sum(axis=-1) + biases[k]
    taps = window_taps(geometry, r, c)
    mask = padding_mask(geometry)
    sources = [source_indices(a.size, a.pad_before, a.pad_after, geometry.pad_mode) for a in geometry]
    return ConvTrace(
        layer=geometry,
        padded_input=frozen(padded),
        is_padding=frozen(mask),
        source_rows=frozen(sources[0]),
        source_cols=frozen(sources[1]),
        weight=frozen(filters),
        bias=frozen(biases),
        out_index=frozen(out_index),
        taps=frozen(taps),
        tap_is_padding=frozen(mask[taps[..., 0], taps[..., 1]]),
        channels=frozen(channels),
        inputs=frozen(inputs),
        products=frozen(products),
        partial_sums=frozen(partial_sums),
        values=frozen(values),
        output=frozen(values.reshape(C_out, *geometry.output_size)),
    )


def trace_pad_conv2d(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
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
    filters = check_weight(weight, x.shape[0], groups)
    geometry = pad_conv_geometry(x.shape, filters.shape[-2:], pad, padding_mode, stride, dilation, groups)
    rows, cols = geometry
    (r0, r1), (c0, c1) = out_rows or (0, rows.out), out_cols or (0, cols.out)
    if not (0 <= r0 < r1 <= rows.out and 0 <= c0 < c1 <= cols.out):
        raise ValueError(
            f"output rows {r0}..{r1 - 1} and cols {c0}..{c1 - 1} are outside the {rows.out}x{cols.out} output"
        )
    frame_rows = slice(r0 * rows.stride, (r1 - 1) * rows.stride + rows.span)
    frame_cols = slice(c0 * cols.stride, (c1 - 1) * cols.stride + cols.span)
    region = geometry.pad_input(x)[:, frame_rows, frame_cols]
    traced = trace_conv2d(region, filters, bias, geometry.stride, 0, geometry.dilation, groups)
    mask = padding_mask(geometry)[frame_rows, frame_cols]
    origin = (r0 * rows.stride, c0 * cols.stride)
    sources = (
        source_indices(axis.size, axis.pad_before, axis.pad_after, geometry.pad_mode) for axis in geometry
    )
    return replace(
        traced,
        layer=geometry,
        is_padding=frozen(mask),
        source_rows=frozen(next(sources)[frame_rows]),
        source_cols=frozen(next(sources)[frame_cols]),
        tap_is_padding=frozen(mask[traced.taps[..., 0], traced.taps[..., 1]]),
        out_index=frozen(traced.out_index + np.array([0, r0, c0])),
        taps=frozen(traced.taps + np.array(origin)),
        origin=origin,
    )


def mark_structural(trace: ConvTrace, structural: NDArray[np.bool_]) -> ConvTrace:
    """The trace with `structural` (Hp, Wp) cells drawn as padding: a forward's padding seen from
    its gradient, or zeros inserted around and between values (transposed convolution, dL/dX)."""
    taps = trace.taps
    return replace(
        trace, is_padding=frozen(structural), tap_is_padding=frozen(structural[taps[..., 0], taps[..., 1]])
    )
