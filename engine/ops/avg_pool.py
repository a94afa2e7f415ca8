"""avg_pool2d with torch.nn.functional's semantics: forward, backward and loop twins side by side.

Input (N, C, H, W) or (C, H, W), windows and output size as for max_pool2d (ceil mode included).
Each output divides its window's sum by a count: with count_include_pad the window clipped to
the input and its padding (never the ceil-mode overhang past the padding), without it the
input cells the window covers. The backward pass spreads each upstream gradient evenly over
its window, value / count per cell; shares that land on padding are dropped.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from engine.arrays import FLOAT64, FloatArray, as_batch, check_grad_output, unbatch
from engine.geometry import AxisGeometry, Pair, WindowGeometry
from engine.ops.pool import crop_to_input
from engine.pool_geometry import pool_geometry
from engine.windows import add_windows, windows_of


def avg_pool2d(
    input: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> FloatArray:
    """Mean over each window. The divisor counts the zero padding when count_include_pad, but
    never the ceil-mode overhang past the padding (PyTorch's rule), and without it only the input
    cells the window covers. (N, C, H, W) -> (N, C, H_out, W_out)."""
    x, batched = as_batch(input)
    geometry = pool_geometry(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    total = window_sum(windows_of(geometry.pad_input(x), geometry))
    return unbatch(total / avg_divisors(geometry, count_include_pad, x.dtype), batched)


def window_sum(windows: FloatArray) -> FloatArray:
    """Sum of each window, one tap at a time in row-major order, as PyTorch's CPU kernel adds
    them (and fast: each tap is one strided view, where a sum over the window axes of the view
    walks it cell by cell). (..., kH, kW) -> (...)."""
    kH, kW = windows.shape[-2:]
    total = windows[..., 0, 0].copy()
    for t in range(1, kH * kW):
        total += windows[..., t // kW, t % kW]
    return total


def avg_divisors(
    geometry: WindowGeometry, count_include_pad: bool, dtype: np.dtype[Any] = FLOAT64
) -> FloatArray:
    """(H_out, W_out): how many cells each average divides by, as `dtype`."""

    def counted(axis: AxisGeometry) -> FloatArray:  # (padded,) 1 where a cell counts
        start = 0 if count_include_pad else axis.pad_before
        stop = axis.size + axis.pad_before + (axis.pad_before if count_include_pad else 0)
        mask = np.zeros(axis.padded)
        mask[start:stop] = 1.0
        return mask

    indicator = np.outer(counted(geometry.rows), counted(geometry.cols))
    divisors: FloatArray = windows_of(indicator, geometry).sum(axis=(-2, -1)).astype(dtype)
    return divisors


def avg_pool2d_backward(
    input: ArrayLike,
    grad_output: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> FloatArray:
    """Gradient of avg_pool2d: each upstream value is spread as value / n over its window,
    n being the forward's divisor; shares that land on padding are dropped."""
    x, batched = as_batch(input)
    geometry = pool_geometry(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    grad = check_grad_output(grad_output, (*x.shape[:2], *geometry.output_size), batched, x.dtype)
    share = grad / avg_divisors(geometry, count_include_pad, x.dtype)
    # every tap of a window receives its share: (N, C, kH, kW, H_out, W_out), no copy
    columns = np.broadcast_to(
        share[:, :, None, None], (*share.shape[:2], *geometry.kernel_size, *share.shape[2:])
    )
    grad_padded = add_windows(columns, geometry.padded_size, geometry.stride)
    return unbatch(crop_to_input(grad_padded, geometry), batched)


def avg_window(
    geometry: WindowGeometry, r: int, c: int, count_include_pad: bool
) -> tuple[tuple[int, int], tuple[int, int], int]:
    """Input rows [h0, h1), cols [w0, w1) of average window (r, c), and its divisor, with the
    bounds of PyTorch's CPU kernel: the window is clipped to input + padding for the count
    with padding, and to the input for the sum."""
    rows, cols = geometry
    h0, w0 = r * rows.stride - rows.pad_before, c * cols.stride - cols.pad_before
    h1 = min(h0 + rows.kernel, rows.size + rows.pad_before)
    w1 = min(w0 + cols.kernel, cols.size + cols.pad_before)
    with_padding = (h1 - h0) * (w1 - w0)
    h0, w0, h1, w1 = max(h0, 0), max(w0, 0), min(h1, rows.size), min(w1, cols.size)
    return (h0, h1), (w0, w1), with_padding if count_include_pad else (h1 - h0) * (w1 - w0)


def avg_pool2d_loop(
    input: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> FloatArray:
    """avg_pool2d one window at a time (the readable twin), with PyTorch's divisor bounds."""
    x, batched = as_batch(input)
    geometry = pool_geometry(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    out = np.zeros((*x.shape[:2], *geometry.output_size), dtype=x.dtype)
    for n, ch, r, c in np.ndindex(out.shape):
        (h0, h1), (w0, w1), divisor = avg_window(geometry, r, c, count_include_pad)
        out[n, ch, r, c] = x[n, ch, h0:h1, w0:w1].sum() / divisor
    return unbatch(out, batched)


def avg_pool2d_backward_loop(
    input: ArrayLike,
    grad_output: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> FloatArray:
    """avg_pool2d_backward one window at a time (the readable twin)."""
    x, batched = as_batch(input)
    geometry = pool_geometry(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    grad = check_grad_output(grad_output, (*x.shape[:2], *geometry.output_size), batched, x.dtype)
    grad_input = np.zeros(x.shape, dtype=x.dtype)
    for n, ch, r, c in np.ndindex(grad.shape):
        (h0, h1), (w0, w1), divisor = avg_window(geometry, r, c, count_include_pad)
        grad_input[n, ch, h0:h1, w0:w1] += grad[n, ch, r, c] / divisor
    return unbatch(grad_input, batched)
