"""Backward passes of conv2d and the pools, computed as the seeds teach them, with loop twins.

    grad_weight = the padded input correlated with grad_output (the forward stride becomes
                  the dilation of grad_output, the forward dilation becomes the stride);
    grad_input  = the full correlation of grad_output, zeros inserted for the stride, with
                  the kernel rotated by 180 degrees; then the padding is cropped away (zeros)
                  or folded back onto the cells it copied (reflect, replicate, circular);
    grad_bias   = the sum of grad_output over the batch and the map.

Pooling has no weights: max/min pooling routes each upstream gradient to its window's winner
(the first one on ties, as PyTorch), average pooling spreads it evenly over the window's count.
Overlapping windows accumulate.
"""

from __future__ import annotations

import operator

import numpy as np

from engine.arrays import as_batch, as_float_array, unbatch
from engine.conv import ConvLayer, Pair, conv_setup, conv_transpose2d, im2col, insert_zeros
from engine.padding import fold_padding, pad
from engine.pool import (
    _extreme_pool_loop,
    avg_divisors,
    avg_window,
    crop_to_input,
    max_pool2d,
    min_pool2d,
    pool_layer,
)
from engine.windows import add_windows, windows_of


def check_grad_output(grad_output: np.ndarray, expected: tuple[int, ...], batched: bool) -> np.ndarray:
    """grad_output as float64 (N, C, H_out, W_out), refusing a shape other than the forward output's."""
    grad = as_float_array(grad_output, "grad_output")
    if not batched and grad.ndim == 3:
        grad = grad[np.newaxis]
    if grad.shape != expected:
        wanted, got = (expected, grad.shape) if batched else (expected[1:], grad.shape[1:])
        raise ValueError(f"grad_output must have the forward output's shape {wanted}, got {got}")
    return grad


def used_frame(layer: ConvLayer) -> tuple[int, int]:
    """(rows, cols) of the padded frame that windows reach: the leftover cells are never read."""
    return tuple(a.padded - a.leftover for a in (layer.rows, layer.cols))


def weight_gradient(padded: np.ndarray, grad: np.ndarray, layer: ConvLayer, C_group: int) -> np.ndarray:
    """grad_weight as the correlation of the padded input with grad_output, in matrix form:
    grad_output (per group) times the forward's im2col columns, summed over the batch.
    (N, C_in, Hp, Wp), (N, C_out, H_out, W_out) -> (C_out, C_in/groups, kH, kW)."""
    N, C_out, H_out, W_out = grad.shape
    columns = im2col(windows_of(padded, layer.rows, layer.cols))  # (N, C_in, kH, kW, H_out, W_out)
    columns = columns.reshape(N, layer.groups, -1, H_out * W_out)
    grads = grad.reshape(N, layer.groups, C_out // layer.groups, H_out * W_out)
    per_sample = np.matmul(grads, columns.transpose(0, 1, 3, 2))  # (N, G, C_out/G, C_in/G·kH·kW)
    return per_sample.sum(axis=0).reshape(C_out, C_group, *layer.kernel_size)


def full_correlation_input(grad: np.ndarray, layer: ConvLayer) -> np.ndarray:
    """grad_output prepared for the full correlation that gives grad_input: stride − 1 zeros
    between cells, then dilation·(k − 1) zeros on every side, plus the leftover rows and columns
    after, so the result covers the whole padded frame.
    (..., H_out, W_out) -> (..., Hp + dilation·(kH − 1), Wp + dilation·(kW − 1))."""
    rows, cols = layer.rows, layer.cols
    edge_rows, edge_cols = rows.span - 1, cols.span - 1
    return pad(
        insert_zeros(grad, layer.stride),
        (edge_cols, edge_cols + cols.leftover, edge_rows, edge_rows + rows.leftover),
    )


def conv2d_backward(
    input: np.ndarray,
    weight: np.ndarray,
    grad_output: np.ndarray,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of conv2d, as PyTorch's autograd computes them.

    input (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in/groups, kH, kW);
    grad_output shaped like conv2d's output. Returns (grad_input shaped like input,
    grad_weight (C_out, C_in/groups, kH, kW), grad_bias (C_out,)); grad_bias is the sum of
    grad_output per channel whether or not the forward had a bias.
    """
    x, batched, weight, _, layer = conv_setup(
        input, weight, None, stride, padding, dilation, groups, padding_mode
    )
    grad = check_grad_output(grad_output, (x.shape[0], weight.shape[0], *layer.output_size), batched)
    grad_weight = weight_gradient(layer.pad_input(x), grad, layer, weight.shape[1])
    # grad of the padded frame = the transposed convolution of grad_output with the same
    # weight: the full correlation with the rotated kernel that the trace records.
    leftover = (layer.rows.leftover, layer.cols.leftover)
    grad_padded = conv_transpose2d(grad, weight, None, layer.stride, 0, leftover, groups, layer.dilation)
    grad_input = fold_padding(grad_padded, x.shape[-2:], layer.pad, layer.pad_mode)
    return unbatch(grad_input, batched), grad_weight, grad.sum(axis=(0, 2, 3))


def conv2d_backward_loop(
    input: np.ndarray,
    weight: np.ndarray,
    grad_output: np.ndarray,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """conv2d_backward by the chain rule, one product at a time (the readable twin): every
    product w·x of the forward sum sends grad·x to the weight and grad·w to the input cell."""
    x, batched, weight, _, layer = conv_setup(
        input, weight, None, stride, padding, dilation, groups, padding_mode
    )
    grad = check_grad_output(grad_output, (x.shape[0], weight.shape[0], *layer.output_size), batched)
    padded = layer.pad_input(x)
    (sH, sW), (dH, dW) = layer.stride, layer.dilation
    C_group, K_group = weight.shape[1], weight.shape[0] // groups
    grad_weight, grad_padded = np.zeros_like(weight), np.zeros_like(padded)
    for n, k, r, c in np.ndindex(grad.shape):
        channel0 = (k // K_group) * C_group
        for ci, i, j in np.ndindex(weight.shape[1:]):
            row, col = r * sH + i * dH, c * sW + j * dW
            grad_weight[k, ci, i, j] += grad[n, k, r, c] * padded[n, channel0 + ci, row, col]
            grad_padded[n, channel0 + ci, row, col] += grad[n, k, r, c] * weight[k, ci, i, j]
    grad_input = fold_padding(grad_padded, x.shape[-2:], layer.pad, layer.pad_mode)
    return unbatch(grad_input, batched), grad_weight, grad.sum(axis=(0, 2, 3))


def route_to_winners(indices: np.ndarray, grad: np.ndarray, input_shape: tuple[int, ...]) -> np.ndarray:
    """Add each upstream gradient to the input cell its window chose.
    indices, grad (N, C, H_out, W_out) (flat r·W + c in each map) -> (N, C, H, W)."""
    N, C, H, W = input_shape
    maps = np.arange(N * C).reshape(N, C, 1, 1) * (H * W)
    routed = np.bincount((maps + indices).ravel(), weights=grad.ravel(), minlength=N * C * H * W)
    return routed.reshape(input_shape)


def _extreme_pool_backward(pool, input, grad_output, kernel_size, stride, padding, dilation, ceil_mode):
    x, batched = as_batch(input)
    rows, cols = pool_layer(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    grad = check_grad_output(grad_output, (*x.shape[:2], rows.out, cols.out), batched)
    _, indices = pool(x, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True)
    return unbatch(route_to_winners(indices, grad, x.shape), batched)


def max_pool2d_backward(
    input: np.ndarray,
    grad_output: np.ndarray,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
) -> np.ndarray:
    """Gradient of max_pool2d: each upstream value goes to its window's maximum (the first in
    row-major order on ties); overlapping windows accumulate. Returns grad_input like input."""
    args = (kernel_size, stride, padding, dilation, ceil_mode)
    return _extreme_pool_backward(max_pool2d, input, grad_output, *args)


def min_pool2d_backward(
    input: np.ndarray,
    grad_output: np.ndarray,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
) -> np.ndarray:
    """Gradient of min_pool2d: each upstream value goes to its window's minimum."""
    args = (kernel_size, stride, padding, dilation, ceil_mode)
    return _extreme_pool_backward(min_pool2d, input, grad_output, *args)


def avg_pool2d_backward(
    input: np.ndarray,
    grad_output: np.ndarray,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> np.ndarray:
    """Gradient of avg_pool2d: each upstream value is spread as value / n over its window,
    n being the forward's divisor; shares that land on padding are dropped."""
    x, batched = as_batch(input)
    rows, cols = pool_layer(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    grad = check_grad_output(grad_output, (*x.shape[:2], rows.out, cols.out), batched)
    share = grad / avg_divisors(rows, cols, count_include_pad)
    columns = np.broadcast_to(
        share[:, :, None, None], (*share.shape[:2], rows.kernel, cols.kernel, *share.shape[2:])
    )
    grad_padded = add_windows(columns, (rows.padded, cols.padded), (rows.stride, cols.stride))
    return unbatch(crop_to_input(grad_padded, rows, cols), batched)


def _extreme_pool_backward_loop(
    input, grad_output, kernel_size, stride, padding, dilation, ceil_mode, better
):
    x, batched = as_batch(input)
    _, indices = _extreme_pool_loop(x, kernel_size, stride, padding, dilation, ceil_mode, True, better)
    grad = check_grad_output(grad_output, indices.shape, batched)
    grad_input = np.zeros(x.shape)
    W = x.shape[-1]
    for n, ch, r, c in np.ndindex(grad.shape):
        winner = indices[n, ch, r, c]
        grad_input[n, ch, winner // W, winner % W] += grad[n, ch, r, c]
    return unbatch(grad_input, batched)


def max_pool2d_backward_loop(
    input, grad_output, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    """max_pool2d_backward one window at a time (the readable twin)."""
    args = (kernel_size, stride, padding, dilation, ceil_mode)
    return _extreme_pool_backward_loop(input, grad_output, *args, operator.gt)


def min_pool2d_backward_loop(
    input, grad_output, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    """min_pool2d_backward one window at a time (the readable twin)."""
    args = (kernel_size, stride, padding, dilation, ceil_mode)
    return _extreme_pool_backward_loop(input, grad_output, *args, operator.lt)


def avg_pool2d_backward_loop(
    input, grad_output, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True
):
    """avg_pool2d_backward one window at a time (the readable twin)."""
    x, batched = as_batch(input)
    rows, cols = pool_layer(x.shape, kernel_size, stride, padding, 1, ceil_mode)
    grad = check_grad_output(grad_output, (*x.shape[:2], rows.out, cols.out), batched)
    grad_input = np.zeros(x.shape)
    for n, ch, r, c in np.ndindex(grad.shape):
        (h0, h1), (w0, w1), divisor = avg_window(rows, cols, r, c, count_include_pad)
        grad_input[n, ch, h0:h1, w0:w1] += grad[n, ch, r, c] / divisor
    return unbatch(grad_input, batched)
