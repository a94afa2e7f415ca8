"""max_pool2d and min_pool2d with torch.nn.functional's semantics: forward, backward and loop
twins side by side (average pooling, which spreads its gradient, is in engine.ops.avg_pool).

Input (N, C, H, W) or (C, H, W). Output H_out = ⌊(H + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1,
rounded up instead in ceil mode, except that a last window starting in the right padding is
dropped; in ceil mode a window may be longer than the padded input and pools the part that
exists. Max pooling pads with −∞ (padding never wins); with ties the first winner in row-major
order inside the window wins, as in PyTorch's CPU kernel. Backward: each upstream gradient goes
to its window's winner; overlapping windows accumulate.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from engine.arrays import FloatArray, IndexArray, as_batch, check_grad_output, unbatch
from engine.geometry import Pair, WindowGeometry
from engine.pool_geometry import pool_geometry
from engine.windows import windows_of

Better = Callable[[float, float], bool]


def crop_to_input(padded: FloatArray, geometry: WindowGeometry) -> FloatArray:
    """(..., Hp, Wp) padded frame -> (..., H, W): the input's own cells."""
    rows, cols = geometry
    return padded[
        ..., rows.pad_before : rows.pad_before + rows.size, cols.pad_before : cols.pad_before + cols.size
    ]


def window_max(windows: FloatArray) -> FloatArray:
    """Max of each window, one tap at a time (fast: no copy of the windows). (..., kH, kW) -> (...)."""
    kH, kW = windows.shape[-2:]
    best = windows[..., 0, 0].copy()
    for t in range(1, kH * kW):
        np.maximum(best, windows[..., t // kW, t % kW], out=best)
    return best


def window_argmax(windows: FloatArray) -> tuple[FloatArray, IndexArray]:
    """Max of each window and the row-major tap index of its first occurrence.
    (..., kH, kW) -> values (...), taps (...) int in [0, kH·kW)."""
    kH, kW = windows.shape[-2:]
    best = windows[..., 0, 0].copy()
    tap = np.zeros(best.shape, dtype=np.intp)
    for t in range(1, kH * kW):
        candidate = windows[..., t // kW, t % kW]
        better = candidate > best  # strict: an equal later value does not take over
        np.copyto(best, candidate, where=better)
        tap[better] = t
    return best, tap


def tap_to_input_index(tap: IndexArray, geometry: WindowGeometry) -> tuple[IndexArray, IndexArray]:
    """Input (row, col) read by row-major tap `tap` of each output cell: (..., H_out, W_out) each."""
    rows, cols = geometry
    out_r, out_c = np.arange(rows.out)[:, None], np.arange(cols.out)[None, :]
    r = out_r * rows.stride + (tap // cols.kernel) * rows.dilation - rows.pad_before
    c = out_c * cols.stride + (tap % cols.kernel) * cols.dilation - cols.pad_before
    return r, c


def max_pool2d(
    input: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> FloatArray | tuple[FloatArray, IndexArray]:
    """Max over each window. With return_indices, also each winner's flat index r·W + c in its
    input map, as F.max_pool2d returns them. (N, C, H, W) -> (N, C, H_out, W_out)."""
    x, batched = as_batch(input)
    geometry = pool_geometry(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    windows = windows_of(geometry.pad_input(x, -np.inf), geometry)
    if not return_indices:
        return unbatch(window_max(windows), batched)
    values, tap = window_argmax(windows)
    r, c = tap_to_input_index(tap, geometry)
    return unbatch(values, batched), unbatch(r * x.shape[-1] + c, batched)


def min_pool2d(
    input: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> FloatArray | tuple[FloatArray, IndexArray]:
    """Min over each window: −max_pool2d(−input), so padding is +∞ and the first minimum wins."""
    x, batched = as_batch(input)
    result = max_pool2d(-x, kernel_size, stride, padding, dilation, ceil_mode, return_indices)
    if isinstance(result, tuple):
        return unbatch(-result[0], batched), unbatch(result[1], batched)
    return unbatch(-result, batched)


def route_to_winners(indices: IndexArray, grad: FloatArray, input_shape: tuple[int, ...]) -> FloatArray:
    """Add each upstream gradient to the input cell its window chose.
    indices, grad (N, C, H_out, W_out) (flat r·W + c in each map) -> (N, C, H, W)."""
    N, C, H, W = input_shape
    maps = np.arange(N * C).reshape(N, C, 1, 1) * (H * W)
    routed = np.bincount((maps + indices).ravel(), weights=grad.ravel(), minlength=N * C * H * W)
    return routed.astype(grad.dtype, copy=False).reshape(input_shape)  # bincount sums in float64


def max_pool2d_backward(
    input: ArrayLike,
    grad_output: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
) -> FloatArray:
    """Gradient of max_pool2d: each upstream value goes to its window's maximum (the first in
    row-major order on ties); overlapping windows accumulate. Returns grad_input like input."""
    x, batched = as_batch(input)
    return unbatch(
        _route_backward(x, grad_output, batched, kernel_size, stride, padding, dilation, ceil_mode), batched
    )


def min_pool2d_backward(
    input: ArrayLike,
    grad_output: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
) -> FloatArray:
    """Gradient of min_pool2d = −max_pool2d(−input): each upstream value goes to its window's minimum."""
    x, batched = as_batch(input)
    return unbatch(
        _route_backward(-x, grad_output, batched, kernel_size, stride, padding, dilation, ceil_mode), batched
    )


def _route_backward(
    x: FloatArray,
    grad_output: ArrayLike,
    batched: bool,
    kernel_size: Pair,
    stride: Pair | None,
    padding: Pair,
    dilation: Pair,
    ceil_mode: bool,
) -> FloatArray:
    """(N, C, H, W) grad_input of max pooling `x`, the forward finding the winners again."""
    _, indices = max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True)
    grad = check_grad_output(grad_output, indices.shape, batched, x.dtype)
    return route_to_winners(indices, grad, x.shape)


def _extreme_pool_loop(
    input: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None,
    padding: Pair,
    dilation: Pair,
    ceil_mode: bool,
    better: Better,
) -> tuple[FloatArray, IndexArray]:
    """Shared loop of the max/min twins, written like PyTorch's CPU kernel: it skips taps
    outside the input and keeps the first best value in row-major order. (N, C, ...) outputs."""
    x, _ = as_batch(input)
    rows, cols = pool_geometry(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    N, C, H, W = x.shape
    values = np.zeros((N, C, rows.out, cols.out), dtype=x.dtype)
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
    return values, indices


def max_pool2d_loop(
    input: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> FloatArray | tuple[FloatArray, IndexArray]:
    """max_pool2d one window at a time (the readable twin)."""
    batched = as_batch(input)[1]
    values, indices = _extreme_pool_loop(
        input, kernel_size, stride, padding, dilation, ceil_mode, operator.gt
    )
    if return_indices:
        return unbatch(values, batched), unbatch(indices, batched)
    return unbatch(values, batched)


def min_pool2d_loop(
    input: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> FloatArray | tuple[FloatArray, IndexArray]:
    """min_pool2d one window at a time (the readable twin)."""
    batched = as_batch(input)[1]
    values, indices = _extreme_pool_loop(
        input, kernel_size, stride, padding, dilation, ceil_mode, operator.lt
    )
    if return_indices:
        return unbatch(values, batched), unbatch(indices, batched)
    return unbatch(values, batched)


def _extreme_pool_backward_loop(
    input: ArrayLike, grad_output: ArrayLike, args: tuple[Pair, Pair | None, Pair, Pair, bool], better: Better
) -> FloatArray:
    x, batched = as_batch(input)
    _, indices = _extreme_pool_loop(x, *args, better)
    grad = check_grad_output(grad_output, indices.shape, batched, x.dtype)
    grad_input = np.zeros(x.shape, dtype=x.dtype)
    W = x.shape[-1]
    for n, ch, r, c in np.ndindex(grad.shape):
        winner = indices[n, ch, r, c]
        grad_input[n, ch, winner // W, winner % W] += grad[n, ch, r, c]
    return unbatch(grad_input, batched)


def max_pool2d_backward_loop(
    input: ArrayLike,
    grad_output: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
) -> FloatArray:
    """max_pool2d_backward one window at a time (the readable twin)."""
    args = (kernel_size, stride, padding, dilation, ceil_mode)
    return _extreme_pool_backward_loop(input, grad_output, args, operator.gt)


def min_pool2d_backward_loop(
    input: ArrayLike,
    grad_output: ArrayLike,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
) -> FloatArray:
    """min_pool2d_backward one window at a time (the readable twin)."""
    args = (kernel_size, stride, padding, dilation, ceil_mode)
    return _extreme_pool_backward_loop(input, grad_output, args, operator.lt)
