"""max_pool2d, min_pool2d and avg_pool2d with torch.nn.functional's semantics, with loop twins.

Input (N, C, H, W) or (C, H, W). Output H_out = ⌊(H + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1,
rounded up instead in ceil mode, except that a last window starting in the right padding is
dropped. Max pooling pads with −∞ (padding never wins); with ties the first winner in row-major
order inside the window wins, as in PyTorch's CPU kernel.
"""

from __future__ import annotations

import operator

import numpy as np

from engine.arrays import as_batch, unbatch
from engine.geometry import AxisGeometry, pool_geometry
from engine.padding import pad
from engine.windows import windows_of

Pair = int | tuple[int, int]


def pool_layer(
    input_shape: tuple[int, ...],
    kernel_size: Pair,
    stride: Pair | None,
    padding: Pair,
    dilation: Pair,
    ceil_mode: bool,
) -> tuple[AxisGeometry, AxisGeometry]:
    """Validated (rows, cols) geometry of a pooling on (..., H, W) `input_shape`."""
    return pool_geometry(input_shape[-2:], kernel_size, stride, padding, dilation, ceil_mode)


def pool_padded(x: np.ndarray, rows: AxisGeometry, cols: AxisGeometry, fill: float) -> np.ndarray:
    """(..., H, W) -> (..., Hp, Wp): padding, and ceil-mode overhang, filled with `fill`."""
    amounts = (cols.pad_before, cols.pad_after, rows.pad_before, rows.pad_after)
    return pad(x, amounts, value=fill) if any(amounts) else x


def crop_to_input(padded: np.ndarray, rows: AxisGeometry, cols: AxisGeometry) -> np.ndarray:
    """(..., Hp, Wp) padded frame -> (..., H, W): the input's own cells."""
    top, left = rows.pad_before, cols.pad_before
    return padded[..., top : top + rows.size, left : left + cols.size]


def window_max(windows: np.ndarray) -> np.ndarray:
    """Max of each window, one tap at a time (fast: no copy of the windows).
    (..., kH, kW) -> (...)."""
    kH, kW = windows.shape[-2:]
    best = windows[..., 0, 0].copy()
    for t in range(1, kH * kW):
        np.maximum(best, windows[..., t // kW, t % kW], out=best)
    return best


def window_argmax(windows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Max of each window and the row-major tap index of its first occurrence.

    (..., kH, kW) -> values (...), taps (...) int in [0, kH·kW).
    """
    kH, kW = windows.shape[-2:]
    best = windows[..., 0, 0].copy()
    tap = np.zeros(best.shape, dtype=np.intp)
    for t in range(1, kH * kW):
        candidate = windows[..., t // kW, t % kW]
        better = candidate > best  # strict: an equal later value does not take over
        np.copyto(best, candidate, where=better)
        tap[better] = t
    return best, tap


def tap_to_input_index(
    tap: np.ndarray, rows: AxisGeometry, cols: AxisGeometry
) -> tuple[np.ndarray, np.ndarray]:
    """Input (row, col) read by row-major tap `tap` of each output cell: (..., H_out, W_out) each."""
    out_r = np.arange(rows.out)[:, None]
    out_c = np.arange(cols.out)[None, :]
    r = out_r * rows.stride + (tap // cols.kernel) * rows.dilation - rows.pad_before
    c = out_c * cols.stride + (tap % cols.kernel) * cols.dilation - cols.pad_before
    return r, c


def max_pool2d(
    input: np.ndarray,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Max over each window. With return_indices, also each winner's flat index r·W + c in its
    input map, as F.max_pool2d returns them. (N, C, H, W) -> (N, C, H_out, W_out)."""
    x, batched = as_batch(input)
    rows, cols = pool_layer(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    windows = windows_of(pool_padded(x, rows, cols, -np.inf), rows, cols)
    if not return_indices:
        return unbatch(window_max(windows), batched)
    values, tap = window_argmax(windows)
    r, c = tap_to_input_index(tap, rows, cols)
    return unbatch(values, batched), unbatch(r * x.shape[-1] + c, batched)


def min_pool2d(
    input: np.ndarray,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Min over each window: −max_pool2d(−input), so padding is +∞ and the first minimum wins."""
    x, batched = as_batch(input)
    result = max_pool2d(-x, kernel_size, stride, padding, dilation, ceil_mode, return_indices)
    if return_indices:
        return unbatch(-result[0], batched), unbatch(result[1], batched)
    return unbatch(-result, batched)


def avg_pool2d(
    input: np.ndarray,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> np.ndarray:
    """Mean over each window. The divisor counts the zero padding when count_include_pad,
    but never the ceil-mode overhang past the padding (PyTorch's rule).
    (N, C, H, W) -> (N, C, H_out, W_out)."""
    x, batched = as_batch(input)
    rows, cols = pool_layer(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    total = windows_of(pool_padded(x, rows, cols, 0.0), rows, cols).sum(axis=(-2, -1))
    return unbatch(total / avg_divisors(rows, cols, count_include_pad), batched)


def avg_divisors(rows: AxisGeometry, cols: AxisGeometry, count_include_pad: bool) -> np.ndarray:
    """(H_out, W_out): how many cells each average divides by."""

    def counted(axis: AxisGeometry) -> np.ndarray:  # (padded,) 1 where a cell counts
        start, stop = (
            (0, axis.size + 2 * axis.pad_before)
            if count_include_pad
            else (axis.pad_before, axis.pad_before + axis.size)
        )
        mask = np.zeros(axis.padded)
        mask[start:stop] = 1.0
        return mask

    indicator = np.outer(counted(rows), counted(cols))
    return windows_of(indicator, rows, cols).sum(axis=(-2, -1))


def _extreme_pool_loop(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, better):
    """Shared loop of the max/min twins, written like PyTorch's CPU kernel: it skips taps
    outside the input and keeps the first best value in row-major order."""
    x, batched = as_batch(input)
    rows, cols = pool_layer(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    N, C, H, W = x.shape
    values = np.zeros((N, C, rows.out, cols.out))
    indices = np.zeros(values.shape, dtype=np.intp)
    for n, ch, r, c in np.ndindex(values.shape):
        best, best_index = None, -1
        for i in range(rows.kernel):
            for j in range(cols.kernel):
                h = r * rows.stride - rows.pad_before + i * rows.dilation
                w = c * cols.stride - cols.pad_before + j * cols.dilation
                if 0 <= h < H and 0 <= w < W and (best is None or better(x[n, ch, h, w], best)):
                    best, best_index = x[n, ch, h, w], h * W + w
        values[n, ch, r, c], indices[n, ch, r, c] = best, best_index
    if return_indices:
        return unbatch(values, batched), unbatch(indices, batched)
    return unbatch(values, batched)


def max_pool2d_loop(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    """max_pool2d one window at a time (the readable twin)."""
    return _extreme_pool_loop(
        input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, operator.gt
    )


def min_pool2d_loop(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    """min_pool2d one window at a time (the readable twin)."""
    return _extreme_pool_loop(
        input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, operator.lt
    )


def avg_window(
    rows: AxisGeometry, cols: AxisGeometry, r: int, c: int, count_include_pad: bool
) -> tuple[tuple[int, int], tuple[int, int], int]:
    """Input rows [h0, h1), cols [w0, w1) of average window (r, c), and its divisor, with the
    bounds of PyTorch's CPU kernel: the window is clipped to input + padding for the count
    with padding, and to the input for the sum."""
    h0, w0 = r * rows.stride - rows.pad_before, c * cols.stride - cols.pad_before
    h1 = min(h0 + rows.kernel, rows.size + rows.pad_before)
    w1 = min(w0 + cols.kernel, cols.size + cols.pad_before)
    with_padding = (h1 - h0) * (w1 - w0)
    h0, w0, h1, w1 = max(h0, 0), max(w0, 0), min(h1, rows.size), min(w1, cols.size)
    return (h0, h1), (w0, w1), with_padding if count_include_pad else (h1 - h0) * (w1 - w0)


def avg_pool2d_loop(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """avg_pool2d one window at a time (the readable twin), with PyTorch's divisor bounds."""
    x, batched = as_batch(input)
    rows, cols = pool_layer(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    out = np.zeros((*x.shape[:2], rows.out, cols.out))
    for n, ch, r, c in np.ndindex(out.shape):
        (h0, h1), (w0, w1), divisor = avg_window(rows, cols, r, c, count_include_pad)
        out[n, ch, r, c] = x[n, ch, h0:h1, w0:w1].sum() / divisor
    return unbatch(out, batched)
