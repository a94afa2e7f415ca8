"""Step-by-step traces of conv_transpose2d: as stamps, and as the correlation it equals."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from engine.arrays import FloatArray, IndexArray, frozen
from engine.geometry import Pair
from engine.ops.conv_transpose import (
    TransposeGeometry,
    equivalent_correlation_input,
    flip_transpose_weight,
    transpose_setup,
)
from engine.trace.conv import ConvTrace, mark_structural, trace_conv2d
from engine.trace.taps import as_sample, output_indices


@dataclass(frozen=True)
class TransposeTrace:
    """Every stamp of a conv_transpose2d on one sample. S = C_in·H·W, one step per input cell.

    Step s adds inputs[s]·weight[channel] into the output channels of its group at `targets`,
    coordinates in the uncropped frame of size `layer.full_size`; overlapping stamps sum.
    `full` is the sum of all stamps; the output is `full` cropped by `layer.padding` on every
    side, plus the bias.
    """

    layer: TransposeGeometry
    groups: int
    weight: FloatArray  # (C_in, C_out/groups, kH, kW)
    bias: FloatArray  # (C_out,)
    in_index: IndexArray  # (S, 3) (channel, row, col)
    inputs: FloatArray  # (S,)
    out_channels: IndexArray  # (S, C_out/groups)
    targets: IndexArray  # (S, kH, kW, 2)
    contributions: FloatArray  # (S, C_out/groups, kH, kW)
    full: FloatArray  # (C_out, *full_size)
    output: FloatArray  # (C_out, H_out, W_out)

    def __len__(self) -> int:
        return len(self.inputs)


def trace_conv_transpose2d(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    groups: int = 1,
    dilation: Pair = 1,
) -> TransposeTrace:
    """conv_transpose2d on one (C_in, H, W) sample as a sequence of stamps (same arguments)."""
    x = as_sample(input)
    _, _, filters, biases, geometry = transpose_setup(
        x[None], weight, bias, stride, padding, output_padding, groups, dilation
    )
    C_in, K_group, kH, kW = filters.shape
    in_index = output_indices(x.shape)
    ch, r, c = in_index.T
    inputs = x[ch, r, c]
    out_channels = (ch // (C_in // groups))[:, None] * K_group + np.arange(K_group)  # (S, Kg)
    contributions = inputs[:, None, None, None] * filters[ch]  # (S, Kg, kH, kW)
    (sH, sW), (dH, dW) = geometry.stride, geometry.dilation
    target_rows = r[:, None] * sH + np.arange(kH) * dH  # (S, kH)
    target_cols = c[:, None] * sW + np.arange(kW) * dW  # (S, kW)
    targets = np.stack(np.broadcast_arrays(target_rows[:, :, None], target_cols[:, None, :]), axis=-1)
    full = np.zeros((K_group * groups, *geometry.full_size))
    np.add.at(
        full,
        (out_channels[:, :, None, None], target_rows[:, None, :, None], target_cols[:, None, None, :]),
        contributions,
    )
    (pH, pW), (H_out, W_out) = geometry.padding, geometry.output_size
    output = full[:, pH : pH + H_out, pW : pW + W_out] + biases[:, None, None]
    arrays = (filters, biases, in_index, inputs, out_channels, targets, contributions, full, output)
    return TransposeTrace(geometry, groups, *map(frozen, arrays))


def trace_equivalent_correlation(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
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
    _, _, filters, biases, geometry = transpose_setup(
        x[None], weight, bias, stride, padding, output_padding, groups, dilation
    )
    spread = equivalent_correlation_input(x, geometry)
    real = equivalent_correlation_input(np.ones(x.shape), geometry) != 0
    flipped = flip_transpose_weight(filters, groups)
    trace = trace_conv2d(spread, flipped, biases, 1, 0, geometry.dilation, groups)
    return mark_structural(trace, ~real.any(axis=0))
