"""conv2d beside its loop twin, with torch.nn.functional's semantics, and the window products
(im2col, correlations, stamps) its backward (engine/ops/conv_backward.py) and conv_transpose2d
share.

Layout as in PyTorch: input (N, C_in, H, W) or unbatched (C_in, H, W); weight
(C_out, C_in/groups, kH, kW).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from engine.arrays import (
    FloatArray,
    as_batch,
    check_bias,
    check_weight,
    float_dtype,
    unbatch,
)
from engine.geometry import Pair, WindowGeometry, conv_geometry, pad_mode
from engine.ops.padding import pad
from engine.windows import add_windows, windows_of


def conv_setup(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None,
    stride: Pair,
    padding: Pair | str,
    dilation: Pair,
    groups: int,
    padding_mode: str,
) -> tuple[FloatArray, bool, FloatArray, FloatArray, WindowGeometry]:
    """Validate a conv2d call: ((N, C_in, H, W) input, whether it was batched, weight, bias, geometry)."""
    dtype = float_dtype(input, weight, bias)
    x, batched = as_batch(input, dtype=dtype)
    filters = check_weight(weight, x.shape[1], groups, dtype=dtype)
    biases = check_bias(bias, filters.shape[0], dtype)
    geometry = conv_geometry(x.shape, filters.shape[-2:], stride, padding, dilation, groups, padding_mode)
    return x, batched, filters, biases, geometry


BLOCK_BYTES = 1 << 20  # the columns of one block of samples: about what a core's L2 cache holds


def sample_blocks(N: int, bytes_per_sample: int) -> list[slice]:
    """The batch cut into blocks of samples whose im2col columns take about BLOCK_BYTES, so a
    matrix product writes them, or reads them, while they are still in cache; the whole
    batch's columns (10 MB for LeNet-5's C1 at batch 64) go out to memory and back."""
    step = max(1, BLOCK_BYTES // max(1, bytes_per_sample))
    return [slice(start, start + step) for start in range(0, N, step)]


def im2col(windows: FloatArray, groups: int = 1) -> FloatArray:
    """Copy the windows into column layout: one column of taps per output cell of the batch,
    so that one matrix product per group serves every sample (the batch makes the product
    wide instead of making N small products).
    (N, C, H_out, W_out, kH, kW) view -> contiguous (G, C/G·kH·kW, N·H_out·W_out)."""
    N, C, H_out, W_out, kH, kW = windows.shape
    columns = np.ascontiguousarray(windows.transpose(1, 4, 5, 0, 2, 3))  # (C, kH, kW, N, H_out, W_out)
    return columns.reshape(groups, C // groups * kH * kW, N * H_out * W_out)


def correlate(
    windows: FloatArray, weight: FloatArray, groups: int, bias: FloatArray | None = None
) -> FloatArray:
    """Sum of window × filter (+ bias) for every window and filter, group by group, as one
    matrix product over im2col columns per block of samples.

    windows (N, C_in, H_out, W_out, kH, kW), weight (C_out, C_in/groups, kH, kW), bias (C_out,)
    -> (N, C_out, H_out, W_out).
    """
    N, C_in, H_out, W_out, kH, kW = windows.shape
    C_out = weight.shape[0]
    filters = weight.reshape(groups, C_out // groups, -1)  # (G, C_out/G, C_in/G·kH·kW)
    out = np.empty((N, C_out, H_out, W_out), dtype=np.result_type(windows, weight))
    for block in sample_blocks(N, C_in * kH * kW * H_out * W_out * out.itemsize):
        products = np.matmul(filters, im2col(windows[block], groups))  # (G, C_out/G, B·H_out·W_out)
        # the batch axis back in front, in the same pass that adds the bias
        by_sample = products.reshape(C_out, -1, H_out, W_out).transpose(1, 0, 2, 3)
        if bias is None:
            out[block] = by_sample
        else:
            np.add(by_sample, bias[:, None, None], out=out[block])
    return out


def correlate_transpose(
    grad: FloatArray,
    weight: FloatArray,
    groups: int,
    frame_size: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
) -> FloatArray:
    """The adjoint of `correlate`: each output's value times its filter, added back onto the
    cells its window reads (col2im); overlapping windows sum. This is also the transposed
    convolution's stamps.

    grad (N, C_out, H_out, W_out), weight (C_out, C_in/groups, kH, kW) -> (N, C_in, *frame_size).
    """
    N, C_out, H_out, W_out = grad.shape
    _, C_group, kH, kW = weight.shape
    filters = weight.reshape(groups, C_out // groups, C_group * kH * kW).transpose(0, 2, 1)
    if stamps_fit(grad.shape, weight.shape, frame_size, stride, dilation):
        return stamp_rows(grad, weight, groups, frame_size, dilation)
    # (G, Cg·kH·kW, C_out/G) · (N, G, C_out/G, H_out·W_out) -> (N, G, Cg·kH·kW, H_out·W_out)
    columns = np.matmul(filters, grad.reshape(N, groups, C_out // groups, H_out * W_out))
    columns = columns.reshape(N, groups * C_group, kH, kW, H_out, W_out)
    return add_windows(columns, frame_size, stride, dilation)


def stamps_fit(
    grad_shape: tuple[int, ...],
    weight_shape: tuple[int, ...],
    frame_size: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
) -> bool:
    """Whether `stamp_rows` serves: stride 1, every window inside the frame, and a frame at
    most twice as wide as the output (widening grad_output costs that ratio in products)."""
    (H_out, W_out), (kH, kW) = grad_shape[-2:], weight_shape[-2:]
    (Hp, Wp), (dH, dW) = frame_size, dilation
    fits = H_out + dH * (kH - 1) <= Hp and W_out + dW * (kW - 1) <= Wp
    return stride == (1, 1) and fits and Wp <= 2 * W_out


def stamp_rows(
    grad: FloatArray,
    weight: FloatArray,
    groups: int,
    frame_size: tuple[int, int],
    dilation: tuple[int, int],
) -> FloatArray:
    """`correlate_transpose` at stride 1, along whole flattened rows.

    grad_output is widened with zeros to the frame's Wp columns, so output (r, c) sits at
    p = r·Wp + c and its tap (i, j) lands on frame cell p + i·dH·Wp + j·dW: the wrap-around
    reaches only the widened zeros. For one kernel row i, every stamp is then
    frame[ch, i·dH·Wp + t] += Σ_k,j weight[k, ch, i, j] · S[k, j, t], with S[k, j] the widened
    grad_output shifted right by j·dW: one matrix product (kH·C_in rows, C_out·kW deep) per
    block of samples gives every row's stamps, and kH contiguous additions place them (col2im
    would add kH·kW column blocks, W_out cells at a time).
    grad (N, C_out, H_out, W_out), weight (C_out, C_in/groups, kH, kW) -> (N, C_in, Hp, Wp).
    """
    N, C_out, H_out, W_out = grad.shape
    _, C_group, kH, kW = weight.shape
    G, K_group = groups, C_out // groups
    (Hp, Wp), (dH, dW) = frame_size, dilation
    length = (H_out - 1) * Wp + W_out  # from the first output to the last, widened
    T = length + dW * (kW - 1)
    wide = np.zeros((N, G, K_group, H_out, Wp), dtype=grad.dtype)
    wide[..., :W_out] = grad.reshape(N, G, K_group, H_out, W_out)
    wide_flat = wide.reshape(N, G, K_group, H_out * Wp)[..., :length]
    # rows (i, ch), columns (k, j): (G, kH·C_in/G, C_out/G·kW)
    rows = weight.reshape(G, K_group, C_group, kH, kW).transpose(0, 3, 2, 1, 4)
    rows = np.ascontiguousarray(rows).reshape(G, kH * C_group, K_group * kW)
    frame = np.zeros((N, G, C_group, Hp * Wp), dtype=grad.dtype)
    for block in sample_blocks(N, G * K_group * kW * T * grad.itemsize):
        part = wide_flat[block]
        shifted = np.zeros((*part.shape[:3], kW, T), dtype=grad.dtype)  # (B, G, C_out/G, kW, T)
        for j in range(kW):
            shifted[..., j, j * dW : j * dW + length] = part
        stamps = np.matmul(rows, shifted.reshape(*part.shape[:2], K_group * kW, T))
        stamps = stamps.reshape(-1, G, kH, C_group, T)  # (B, G, kH, C_in/G, T)
        placed = frame[block]
        for i in range(kH):
            placed[..., i * dH * Wp : i * dH * Wp + T] += stamps[:, :, i]
    return frame.reshape(N, G * C_group, Hp, Wp)


def conv2d(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> FloatArray:
    """2-D cross-correlation, as nn.Conv2d computes it.

    input (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in/groups, kH, kW); bias (C_out,).
    padding: int, (rows, cols), "valid" or "same" (odd cell after, as PyTorch);
    padding_mode: "zeros", "reflect", "replicate" or "circular".
    Returns (N, C_out, H_out, W_out) or (C_out, H_out, W_out), with
    H_out = ⌊(H + pad_top + pad_bottom − dilation·(kH − 1) − 1) / stride⌋ + 1.
    """
    x, batched, filters, biases, geometry = conv_setup(
        input, weight, bias, stride, padding, dilation, groups, padding_mode
    )
    windows = windows_of(geometry.pad_input(x), geometry)
    return unbatch(correlate(windows, filters, groups, biases), batched)


def conv2d_loop(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> FloatArray:
    """conv2d written as the textbook sum, one output cell at a time (the readable twin)."""
    x, batched, filters, biases, geometry = conv_setup(
        input, weight, bias, stride, padding, dilation, groups, padding_mode
    )
    padded = geometry.pad_input(x)
    (sH, sW), (dH, dW) = geometry.stride, geometry.dilation
    C_out, C_group, kH, kW = filters.shape
    K_group = C_out // groups
    out = np.zeros((x.shape[0], C_out, *geometry.output_size), dtype=x.dtype)
    for n, k, r, c in np.ndindex(out.shape):
        group = k // K_group
        total = biases[k]
        for ci in range(C_group):
            for i in range(kH):
                for j in range(kW):
                    total += (
                        filters[k, ci, i, j]
                        * padded[n, group * C_group + ci, r * sH + i * dH, c * sW + j * dW]
                    )
        out[n, k, r, c] = total
    return unbatch(out, batched)


def pad_conv2d(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    pads: tuple[int, int, int, int] = (0, 0, 0, 0),
    padding_mode: str = "zeros",
    stride: Pair = 1,
    dilation: Pair = 1,
    groups: int = 1,
) -> FloatArray:
    """F.pad(input, pads, mode) followed by an unpadded conv2d: PyTorch's asymmetric padding.
    `pads` is F.pad's (left, right, top, bottom)."""
    padded = pad(input, pads, pad_mode(padding_mode)) if any(pads) else input
    return conv2d(padded, weight, bias, stride, 0, dilation, groups)
