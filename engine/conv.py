"""conv2d and conv_transpose2d with torch.nn.functional's semantics, each beside a loop twin.

Layout as in PyTorch: input (N, C_in, H, W) or unbatched (C_in, H, W); conv2d weight
(C_out, C_in/groups, kH, kW); conv_transpose2d weight (C_in, C_out/groups, kH, kW).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.arrays import as_batch, check_bias, check_weight, unbatch
from engine.geometry import (
    AXES,
    PADDING_MODES,
    AxisGeometry,
    check_padding_mode,
    conv_geometry,
    conv_transpose_output_size,
    non_negative_pair,
    positive_pair,
)
from engine.padding import pad
from engine.windows import add_windows, sliding_windows, windows_of

Pair = int | tuple[int, int]


@dataclass(frozen=True)
class ConvLayer:
    """A conv2d's resolved settings on a given input: what every conv routine needs."""

    rows: AxisGeometry
    cols: AxisGeometry
    groups: int
    padding_mode: str

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self.rows.kernel, self.cols.kernel

    @property
    def stride(self) -> tuple[int, int]:
        return self.rows.stride, self.cols.stride

    @property
    def dilation(self) -> tuple[int, int]:
        return self.rows.dilation, self.cols.dilation

    @property
    def pad(self) -> tuple[int, int, int, int]:
        """F.pad order: (left, right, top, bottom)."""
        return self.cols.pad_before, self.cols.pad_after, self.rows.pad_before, self.rows.pad_after

    @property
    def pad_mode(self) -> str:
        """nn.Conv2d's padding_mode spelled as F.pad's mode."""
        return "constant" if self.padding_mode == "zeros" else self.padding_mode

    @property
    def output_size(self) -> tuple[int, int]:
        return self.rows.out, self.cols.out

    def pad_input(self, x: np.ndarray) -> np.ndarray:
        """(..., H, W) -> (..., Hp, Wp) padded as nn.Conv2d pads."""
        return pad(x, self.pad, self.pad_mode) if any(self.pad) else x


def conv_layer(
    input_shape: tuple[int, ...],
    weight_shape: tuple[int, ...],
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> ConvLayer:
    """Validate a conv2d's settings for (N, C, H, W) `input_shape` and resolve its geometry."""
    rows, cols = conv_geometry(input_shape[-2:], weight_shape[-2:], stride, padding, dilation)
    return ConvLayer(rows, cols, groups, check_conv_padding_mode(padding_mode, rows, cols))


def check_conv_padding_mode(padding_mode: str, rows: AxisGeometry, cols: AxisGeometry) -> str:
    """nn.Conv2d's padding_mode, refused when unknown or impossible for these paddings."""
    if padding_mode not in PADDING_MODES:
        raise ValueError(f"padding_mode must be one of {', '.join(PADDING_MODES)}, got {padding_mode!r}")
    if padding_mode != "zeros":
        for axis, word in zip((rows, cols), AXES):
            check_padding_mode(padding_mode, axis.size, axis.pad_before, axis.pad_after, word)
    return padding_mode


def im2col(windows: np.ndarray) -> np.ndarray:
    """Copy the windows into PyTorch's column layout: one column of taps per output cell.
    (N, C, H_out, W_out, kH, kW) view -> contiguous (N, C, kH, kW, H_out, W_out)."""
    return np.ascontiguousarray(windows.transpose(0, 1, 4, 5, 2, 3))


def conv_setup(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None,
    stride: Pair,
    padding: Pair | str,
    dilation: Pair,
    groups: int,
    padding_mode: str,
) -> tuple[np.ndarray, bool, np.ndarray, np.ndarray, ConvLayer]:
    """Validate a conv2d call: ((N, C_in, H, W) input, whether it was batched, weight, bias, layer)."""
    x, batched = as_batch(input)
    weight = check_weight(weight, x.shape[1], groups)
    bias = check_bias(bias, weight.shape[0])
    layer = conv_layer(x.shape, weight.shape, stride, padding, dilation, groups, padding_mode)
    return x, batched, weight, bias, layer


def correlate(windows: np.ndarray, weight: np.ndarray, groups: int) -> np.ndarray:
    """Sum of window × filter for every window and filter, group by group, as one matrix product.

    windows (N, C_in, H_out, W_out, kH, kW), weight (C_out, C_in/groups, kH, kW)
    -> (N, C_out, H_out, W_out).
    """
    N, C_in, H_out, W_out, kH, kW = windows.shape
    columns = im2col(windows).reshape(N, groups, C_in // groups * kH * kW, H_out * W_out)
    filters = weight.reshape(groups, weight.shape[0] // groups, -1)  # (G, C_out/G, C_in/G·kH·kW)
    return np.matmul(filters, columns).reshape(N, weight.shape[0], H_out, W_out)


def conv2d(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """2-D cross-correlation, as nn.Conv2d computes it.

    input (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in/groups, kH, kW); bias (C_out,).
    padding: int, (rows, cols), "valid" or "same" (odd cell after, as PyTorch);
    padding_mode: "zeros", "reflect", "replicate" or "circular".
    Returns (N, C_out, H_out, W_out) or (C_out, H_out, W_out), with
    H_out = ⌊(H + pad_top + pad_bottom − dilation·(kH − 1) − 1) / stride⌋ + 1.
    """
    x, batched, weight, bias, layer = conv_setup(
        input, weight, bias, stride, padding, dilation, groups, padding_mode
    )
    windows = windows_of(layer.pad_input(x), layer.rows, layer.cols)
    out = correlate(windows, weight, groups) + bias[:, None, None]
    return unbatch(out, batched)


def conv2d_loop(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """conv2d written as the textbook sum, one output cell at a time (the readable twin)."""
    x, batched, weight, bias, layer = conv_setup(
        input, weight, bias, stride, padding, dilation, groups, padding_mode
    )
    padded = layer.pad_input(x)
    N, C_out, (kH, kW), (sH, sW), (dH, dW) = (
        x.shape[0],
        weight.shape[0],
        layer.kernel_size,
        layer.stride,
        layer.dilation,
    )
    C_group, K_group = weight.shape[1], C_out // groups
    out = np.zeros((N, C_out, *layer.output_size))
    for n, k, r, c in np.ndindex(out.shape):
        group = k // K_group
        total = bias[k]
        for ci in range(C_group):
            for i in range(kH):
                for j in range(kW):
                    total += (
                        weight[k, ci, i, j]
                        * padded[n, group * C_group + ci, r * sH + i * dH, c * sW + j * dW]
                    )
        out[n, k, r, c] = total
    return unbatch(out, batched)


@dataclass(frozen=True)
class TransposeLayer:
    """A conv_transpose2d's resolved settings on a given input."""

    input_size: tuple[int, int]
    kernel_size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    output_padding: tuple[int, int]
    dilation: tuple[int, int]
    output_size: tuple[int, int]

    @property
    def full_size(self) -> tuple[int, int]:
        """Size before cropping `padding`: (H − 1)·stride + dilation·(k − 1) + 1 + output_padding."""
        return tuple(o + 2 * p for o, p in zip(self.output_size, self.padding))

    @property
    def equivalent_pad(self) -> tuple[int, int, int, int]:
        """F.pad amounts (left, right, top, bottom) that turn the zero-inserted input into the
        input of the equivalent stride-1 correlation: dilation·(k − 1) − padding on each side,
        plus output_padding after; negative amounts crop."""
        before = [d * (k - 1) - p for d, k, p in zip(self.dilation, self.kernel_size, self.padding)]
        after = [b + op for b, op in zip(before, self.output_padding)]
        return before[1], after[1], before[0], after[0]


def transpose_layer(
    input_size: tuple[int, int],
    kernel_size: tuple[int, int],
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    dilation: Pair = 1,
) -> TransposeLayer:
    """Validate a conv_transpose2d's settings and resolve its sizes."""
    output_size = conv_transpose_output_size(
        input_size, kernel_size, stride, padding, output_padding, dilation
    )
    return TransposeLayer(
        tuple(input_size),
        tuple(kernel_size),
        positive_pair(stride, "stride"),
        non_negative_pair(padding, "padding"),
        non_negative_pair(output_padding, "output_padding"),
        positive_pair(dilation, "dilation"),
        output_size,
    )


def insert_zeros(x: np.ndarray, stride: tuple[int, int]) -> np.ndarray:
    """Put stride − 1 zeros between neighbouring cells: (..., H, W) -> (..., (H−1)·sH+1, (W−1)·sW+1)."""
    sH, sW = stride
    H, W = x.shape[-2:]
    spread = np.zeros((*x.shape[:-2], (H - 1) * sH + 1, (W - 1) * sW + 1))
    spread[..., ::sH, ::sW] = x
    return spread


def flip_transpose_weight(weight: np.ndarray, groups: int) -> np.ndarray:
    """The conv2d weight that makes a correlation compute a transposed convolution:
    channels swapped within each group and the kernel rotated by 180 degrees.
    (C_in, C_out/groups, kH, kW) -> (C_out, C_in/groups, kH, kW)."""
    C_in, K_group, kH, kW = weight.shape
    grouped = weight.reshape(groups, C_in // groups, K_group, kH, kW)
    swapped = grouped.transpose(0, 2, 1, 3, 4).reshape(groups * K_group, C_in // groups, kH, kW)
    return swapped[..., ::-1, ::-1]


def equivalent_correlation_input(x: np.ndarray, layer: TransposeLayer) -> np.ndarray:
    """x with stride − 1 zeros between cells, padded by dilation·(k − 1) − padding on each side
    (+ output_padding after; negative amounts crop). Correlating it at stride 1, with the same
    dilation, with `flip_transpose_weight(weight)` gives conv_transpose2d's output.
    (..., H, W) -> (..., H_out + dH·(kH − 1), W_out + dW·(kW − 1))."""
    return pad(insert_zeros(x, layer.stride), layer.equivalent_pad)


def conv_transpose2d(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    groups: int = 1,
    dilation: Pair = 1,
) -> np.ndarray:
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
    x, batched = as_batch(input)
    weight = check_weight(weight, x.shape[1], groups, transposed=True)
    bias = check_bias(bias, weight.shape[1] * groups)
    layer = transpose_layer(x.shape[-2:], weight.shape[-2:], stride, padding, output_padding, dilation)
    C_in, C_out, (H_out, W_out) = x.shape[1], weight.shape[1] * groups, layer.output_size
    if (
        C_out * x.shape[-2] * x.shape[-1] <= C_in * H_out * W_out
    ):  # fewer stamp columns than correlation columns
        (pH, pW) = layer.padding
        full = stamp(x, weight, groups, layer.full_size, layer.stride, layer.dilation)
        out = full[..., pH : pH + H_out, pW : pW + W_out]
    else:
        spread = equivalent_correlation_input(x, layer)
        windows = sliding_windows(spread, layer.kernel_size, (1, 1), layer.dilation)
        out = correlate(windows, flip_transpose_weight(weight, groups), groups)
    return unbatch(out + bias[:, None, None], batched)


def stamp(
    x: np.ndarray,
    weight: np.ndarray,
    groups: int,
    frame_size: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
) -> np.ndarray:
    """Add value × kernel for every input cell into a frame, at (row·stride, col·stride).

    x (N, C_in, H, W), weight (C_in, C_out/groups, kH, kW) -> frame (N, C_out, *frame_size).
    One matrix product gives every stamp (a column of C_out/groups·kH·kW values per cell),
    then add_windows lays them down.
    """
    N, C_in, H, W = x.shape
    _, K_group, kH, kW = weight.shape
    stamps_per_group = weight.reshape(groups, C_in // groups, K_group * kH * kW).transpose(0, 2, 1)
    # (G, Kg·kH·kW, Cg) · (N, G, Cg, H·W) -> (N, G, Kg·kH·kW, H·W)
    columns = np.matmul(stamps_per_group, x.reshape(N, groups, C_in // groups, H * W))
    columns = columns.reshape(N, groups * K_group, kH, kW, H, W)
    return add_windows(columns, frame_size, stride, dilation)


def conv_transpose2d_loop(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    groups: int = 1,
    dilation: Pair = 1,
) -> np.ndarray:
    """conv_transpose2d as stamps (the readable twin): every input cell adds its value times
    the kernel into the output at (row·stride, col·stride); overlaps sum; then `padding` is
    cropped from every side."""
    x, batched = as_batch(input)
    weight = check_weight(weight, x.shape[1], groups, transposed=True)
    C_in, K_group, kH, kW = weight.shape
    bias = check_bias(bias, K_group * groups)
    layer = transpose_layer(x.shape[-2:], (kH, kW), stride, padding, output_padding, dilation)
    (sH, sW), (dH, dW), (pH, pW) = layer.stride, layer.dilation, layer.padding
    full = np.zeros((x.shape[0], K_group * groups, *layer.full_size))
    for n, ci, r, c in np.ndindex(x.shape):
        group = ci // (C_in // groups)
        for k in range(K_group):
            for i in range(kH):
                for j in range(kW):
                    full[n, group * K_group + k, r * sH + i * dH, c * sW + j * dW] += (
                        x[n, ci, r, c] * weight[ci, k, i, j]
                    )
    H_out, W_out = layer.output_size
    out = full[:, :, pH : pH + H_out, pW : pW + W_out] + bias[:, None, None]
    return unbatch(out, batched)


def pad_conv2d(
    input: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    pads: tuple[int, int, int, int] = (0, 0, 0, 0),
    padding_mode: str = "zeros",
    stride: Pair = 1,
    dilation: Pair = 1,
    groups: int = 1,
) -> np.ndarray:
    """F.pad(input, pads, mode) followed by an unpadded conv2d: PyTorch's asymmetric padding.
    `pads` is F.pad's (left, right, top, bottom)."""
    mode = "constant" if padding_mode == "zeros" else padding_mode
    return conv2d(pad(input, pads, mode) if any(pads) else input, weight, bias, stride, 0, dilation, groups)
