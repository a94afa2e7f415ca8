"""conv_transpose2d beside its loop twin: stamps, zero insertion, and its geometry.

Layout as in PyTorch: input (N, C_in, H, W) or (C_in, H, W); weight (C_in, C_out/groups, kH, kW).
The transposed convolution is the gradient of conv2d with respect to its input: every input
cell stamps its value times the kernel into the output, at (row·stride, col·stride).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from engine.arrays import (
    FloatArray,
    as_batch,
    check_bias,
    check_weight,
    float_dtype,
    non_negative_pair,
    positive_pair,
    unbatch,
)
from engine.geometry import AXES, AxisGeometry, Pair, WindowGeometry
from engine.ops.conv import correlate, correlate_transpose
from engine.windows import windows_of


def conv_transpose_axis(
    size: int, kernel: int, stride: int, padding: int, output_padding: int, dilation: int, axis: str
) -> int:
    """Output size of a transposed convolution along one axis.

    out = (size − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1.
    """
    if output_padding >= max(stride, dilation):
        raise ValueError(
            f"output_padding must be smaller than the stride or the dilation, got "
            f"output_padding {output_padding} with stride {stride} and dilation {dilation}"
        )
    full = (size - 1) * stride + dilation * (kernel - 1) + 1
    out = full - 2 * padding + output_padding
    if out < 1:
        raise ValueError(
            f"padding {padding} crops {2 * padding} cells from a transposed output of only "
            f"{full + output_padding} cells {axis} ((size {size} − 1)·stride {stride} + "
            f"dilation {dilation}·(kernel {kernel} − 1) + 1 + output_padding {output_padding})"
        )
    return out


@dataclass(frozen=True)
class TransposeGeometry:
    """A conv_transpose2d's resolved sizes, and the stride-1 correlation it equals: the input
    with stride − 1 zeros between cells, padded by dilation·(k − 1) − padding on each side
    (+ output_padding after; negative amounts crop), read by windows of the same dilation."""

    input_size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    output_padding: tuple[int, int]
    correlation: WindowGeometry

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self.correlation.kernel_size

    @property
    def dilation(self) -> tuple[int, int]:
        return self.correlation.dilation

    @property
    def output_size(self) -> tuple[int, int]:
        return self.correlation.output_size

    @property
    def full_size(self) -> tuple[int, int]:
        """Size before cropping `padding`: (H − 1)·stride + dilation·(k − 1) + 1 + output_padding."""
        (H_out, W_out), (pH, pW) = self.output_size, self.padding
        return H_out + 2 * pH, W_out + 2 * pW


def conv_transpose_geometry(
    input_size: Sequence[int],
    kernel_size: Pair,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    dilation: Pair = 1,
) -> TransposeGeometry:
    """A conv_transpose2d's settings on an input of `input_size` = (..., H, W), validated."""
    kernels, strides = positive_pair(kernel_size, "kernel_size"), positive_pair(stride, "stride")
    paddings = non_negative_pair(padding, "padding")
    extras, dilations = (
        non_negative_pair(output_padding, "output_padding"),
        positive_pair(dilation, "dilation"),
    )
    axes = []
    for n, k, s, p, op, d, word in zip(input_size[-2:], kernels, strides, paddings, extras, dilations, AXES):
        out = conv_transpose_axis(n, k, s, p, op, d, word)
        before = d * (k - 1) - p
        axes.append(AxisGeometry((n - 1) * s + 1, k, 1, d, before, before + op, out))
    H, W = input_size[-2:]
    return TransposeGeometry((H, W), strides, paddings, extras, WindowGeometry(axes[0], axes[1]))


def conv_transpose_output_size(
    input_size: Sequence[int],
    kernel_size: Pair,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    dilation: Pair = 1,
) -> tuple[int, int]:
    """(H_out, W_out) of conv_transpose2d on an input of `input_size` = (H, W)."""
    return conv_transpose_geometry(
        input_size, kernel_size, stride, padding, output_padding, dilation
    ).output_size


def insert_zeros(x: FloatArray, stride: tuple[int, int]) -> FloatArray:
    """Put stride − 1 zeros between neighbouring cells: (..., H, W) -> (..., (H−1)·sH+1, (W−1)·sW+1)."""
    sH, sW = stride
    H, W = x.shape[-2:]
    spread = np.zeros((*x.shape[:-2], (H - 1) * sH + 1, (W - 1) * sW + 1), dtype=x.dtype)
    spread[..., ::sH, ::sW] = x
    return spread


def flip_transpose_weight(weight: FloatArray, groups: int) -> FloatArray:
    """The conv2d weight that makes a correlation compute a transposed convolution:
    channels swapped within each group and the kernel rotated by 180 degrees.
    (C_in, C_out/groups, kH, kW) -> (C_out, C_in/groups, kH, kW)."""
    C_in, K_group, kH, kW = weight.shape
    grouped = weight.reshape(groups, C_in // groups, K_group, kH, kW)
    swapped = grouped.transpose(0, 2, 1, 3, 4).reshape(groups * K_group, C_in // groups, kH, kW)
    return swapped[..., ::-1, ::-1]


def equivalent_correlation_input(x: FloatArray, geometry: TransposeGeometry) -> FloatArray:
    """x with stride − 1 zeros between cells, padded by dilation·(k − 1) − padding on each side
    (+ output_padding after; negative amounts crop). Correlating it at stride 1, with the same
    dilation, with `flip_transpose_weight(weight)` gives conv_transpose2d's output.
    (..., H, W) -> (..., H_out + dH·(kH − 1), W_out + dW·(kW − 1))."""
    return geometry.correlation.pad_input(insert_zeros(x, geometry.stride))


def transpose_setup(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None,
    stride: Pair,
    padding: Pair,
    output_padding: Pair,
    groups: int,
    dilation: Pair,
) -> tuple[FloatArray, bool, FloatArray, FloatArray, TransposeGeometry]:
    """Validate a conv_transpose2d call: ((N, C_in, H, W) input, batched, weight, bias, geometry)."""
    dtype = float_dtype(input, weight, bias)
    x, batched = as_batch(input, dtype=dtype)
    filters = check_weight(weight, x.shape[1], groups, transposed=True, dtype=dtype)
    biases = check_bias(bias, filters.shape[1] * groups, dtype)
    geometry = conv_transpose_geometry(x.shape, filters.shape[-2:], stride, padding, output_padding, dilation)
    return x, batched, filters, biases, geometry


def conv_transpose2d(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    groups: int = 1,
    dilation: Pair = 1,
) -> FloatArray:
    """Transposed convolution, as F.conv_transpose2d computes it.

    Two formulations give the same numbers, and the cheaper one runs: stamps (every input
    cell adds its value times the kernel into the output at (row·stride, col·stride),
    overlaps sum, then `padding` is cropped from every side), or the equivalent correlation
    (`equivalent_correlation_input`: zeros inserted between input cells for the stride,
    padded by dilation·(k − 1) − padding, + output_padding after, correlated with the kernel
    rotated by 180 degrees).
    input (N, C_in, H, W) or (C_in, H, W); weight (C_in, C_out/groups, kH, kW); bias (C_out,).
    Returns (N, C_out, H_out, W_out) with
    H_out = (H − 1)·stride − 2·padding + dilation·(kH − 1) + output_padding + 1.
    """
    x, batched, filters, biases, geometry = transpose_setup(
        input, weight, bias, stride, padding, output_padding, groups, dilation
    )
    C_in, C_out, (H_out, W_out) = x.shape[1], len(biases), geometry.output_size
    if C_out * x.shape[-2] * x.shape[-1] <= C_in * H_out * W_out:  # fewer stamp columns
        (pH, pW) = geometry.padding
        full = correlate_transpose(x, filters, groups, geometry.full_size, geometry.stride, geometry.dilation)
        out = full[..., pH : pH + H_out, pW : pW + W_out]
    else:
        spread = equivalent_correlation_input(x, geometry)
        out = correlate(
            windows_of(spread, geometry.correlation), flip_transpose_weight(filters, groups), groups
        )
    return unbatch(out + biases[:, None, None], batched)


def conv_transpose2d_loop(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    groups: int = 1,
    dilation: Pair = 1,
) -> FloatArray:
    """conv_transpose2d as stamps (the readable twin): every input cell adds its value times
    the kernel into the output at (row·stride, col·stride); overlaps sum; then `padding` is
    cropped from every side."""
    x, batched, filters, biases, geometry = transpose_setup(
        input, weight, bias, stride, padding, output_padding, groups, dilation
    )
    C_in, K_group, kH, kW = filters.shape
    (sH, sW), (dH, dW), (pH, pW) = geometry.stride, geometry.dilation, geometry.padding
    full = np.zeros((x.shape[0], K_group * groups, *geometry.full_size), dtype=x.dtype)
    for n, ci, r, c in np.ndindex(x.shape):
        group = ci // (C_in // groups)
        for k in range(K_group):
            for i in range(kH):
                for j in range(kW):
                    full[n, group * K_group + k, r * sH + i * dH, c * sW + j * dW] += (
                        x[n, ci, r, c] * filters[ci, k, i, j]
                    )
    H_out, W_out = geometry.output_size
    out = full[:, :, pH : pH + H_out, pW : pW + W_out] + biases[:, None, None]
    return unbatch(out, batched)
