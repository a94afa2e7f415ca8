"""Step-by-step traces of the backward passes, drawn as the correlations they are.

The gradients of a convolution are themselves correlations, so their traces are ConvTraces:
grad_weight correlates the padded input with grad_output (forward stride as dilation), and
grad_input correlates the zero-inserted, fully padded grad_output with the rotated kernel.
Traces follow one sample: input (C, H, W), grad_output (C_out, H_out, W_out).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine.arrays import FloatArray, IndexArray, check_grad_output, check_weight, frozen
from engine.geometry import Pair, WindowGeometry, conv_geometry, pad_conv_geometry
from engine.ops.conv_transpose import flip_transpose_weight, insert_zeros
from engine.ops.padding import fold_padding, pad
from engine.ops.pool import crop_to_input
from engine.trace.conv import ConvTrace, mark_structural, trace_conv2d
from engine.trace.pool import PoolTrace, trace_pool2d
from engine.trace.taps import as_sample, padding_mask


@dataclass(frozen=True)
class ConvBackwardTrace:
    """The three gradients of a conv2d on one sample, each as the computation the seeds teach.

    grad_weight: steps over (C_out·C_in/groups, kH, kW): channel q correlates input channel
        `weight_channels[q]` with grad_output channel q // (C_in/groups).
    grad_input: steps over (C_in, Hp, Wp): the padded frame's gradient, before the forward
        padding is cropped (zeros) or folded back (other modes) into `grad_input_values`.
    """

    layer: WindowGeometry
    grad_output: FloatArray  # (C_out, H_out, W_out)
    forward_is_padding: NDArray[np.bool_]  # (Hp, Wp)
    weight_channels: IndexArray  # (C_out·C_in/groups,)
    grad_weight: ConvTrace
    spread_grad_output: FloatArray  # (C_out, Hp + dH·(kH−1), Wp + dW·(kW−1)): zeros inserted and padded
    is_grad_output: NDArray[np.bool_]  # (same 2-D frame) True where a grad_output value sits
    rotated_weight: FloatArray  # (C_in, C_out/groups, kH, kW)
    grad_input: ConvTrace
    grad_input_values: FloatArray  # (C_in, H, W)
    grad_weight_values: FloatArray  # (C_out, C_in/groups, kH, kW)
    grad_bias: FloatArray  # (C_out,)


def trace_conv2d_backward(
    input: ArrayLike,
    weight: ArrayLike,
    grad_output: ArrayLike,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> ConvBackwardTrace:
    """conv2d_backward on one sample, step by step (same arguments as conv2d_backward)."""
    x = as_sample(input)
    filters = check_weight(weight, x.shape[0], groups)
    geometry = conv_geometry(x.shape, filters.shape[-2:], stride, padding, dilation, groups, padding_mode)
    return _trace_backward(x, filters, grad_output, geometry)


def trace_pad_conv2d_backward(
    input: ArrayLike,
    weight: ArrayLike,
    grad_output: ArrayLike,
    pad: tuple[int, int, int, int] = (0, 0, 0, 0),
    padding_mode: str = "zeros",
    stride: Pair = 1,
    dilation: Pair = 1,
    groups: int = 1,
) -> ConvBackwardTrace:
    """The backward of F.pad(input, pad=(left, right, top, bottom)) followed by conv2d: the
    gradient of the padded frame is folded back through the padding, as autograd does."""
    x = as_sample(input)
    filters = check_weight(weight, x.shape[0], groups)
    geometry = pad_conv_geometry(x.shape, filters.shape[-2:], pad, padding_mode, stride, dilation, groups)
    return _trace_backward(x, filters, grad_output, geometry)


def full_correlation_input(grad: FloatArray, layer: WindowGeometry) -> FloatArray:
    """grad_output prepared for the full correlation that gives grad_input: stride − 1 zeros
    between cells, then dilation·(k − 1) zeros on every side, plus the leftover rows and columns
    after, so the result covers the whole padded frame.
    (..., H_out, W_out) -> (..., Hp + dilation·(kH − 1), Wp + dilation·(kW − 1))."""
    rows, cols = layer
    edge_rows, edge_cols = rows.span - 1, cols.span - 1
    return pad(
        insert_zeros(grad, layer.stride),
        (edge_cols, edge_cols + cols.leftover, edge_rows, edge_rows + rows.leftover),
    )


def _trace_backward(
    x: FloatArray, weight: FloatArray, grad_output: ArrayLike, layer: WindowGeometry
) -> ConvBackwardTrace:
    groups = layer.groups
    grad = check_grad_output(grad_output, (1, weight.shape[0], *layer.output_size), False)[0]
    C_out, C_group = weight.shape[:2]
    # the part of the padded frame that windows reach: the leftover cells are never read
    rows_used, cols_used = (axis.padded - axis.leftover for axis in layer)
    padded = layer.pad_input(x)[:, :rows_used, :cols_used]
    channels = ((np.arange(C_out) // (C_out // groups))[:, None] * C_group + np.arange(C_group)).ravel()
    weight_trace = trace_conv2d(  # one single-channel correlation per (filter, input channel) pair
        padded[channels],
        np.repeat(grad, C_group, axis=0)[:, None],
        stride=layer.dilation,
        dilation=layer.stride,
        groups=len(channels),
    )
    forward_padding = padding_mask(layer)
    weight_trace = mark_structural(
        weight_trace, forward_padding[:rows_used, :cols_used]
    )  # the forward's padding stays grey
    spread = full_correlation_input(grad, layer)
    is_grad_output = full_correlation_input(np.ones(grad.shape[-2:]), layer) != 0
    rotated = flip_transpose_weight(weight, groups)
    input_trace = mark_structural(
        trace_conv2d(spread, rotated, dilation=layer.dilation, groups=groups), ~is_grad_output
    )
    grad_input = fold_padding(input_trace.output, x.shape[-2:], layer.pad, layer.pad_mode)
    return ConvBackwardTrace(
        layer,
        frozen(grad),
        frozen(forward_padding),
        frozen(channels),
        weight_trace,
        frozen(spread),
        frozen(is_grad_output),
        frozen(rotated),
        input_trace,
        frozen(grad_input),
        frozen(weight_trace.output.reshape(weight.shape)),
        frozen(grad.sum(axis=(1, 2))),
    )


@dataclass(frozen=True)
class PoolBackwardTrace:
    """Where each upstream gradient goes, one forward window at a time (S = C·H_out·W_out).

    Max/min: all of it to the window's winner; avg: upstream / divisor to every tap. Shares that
    land on padding are dropped when the padded frame is cropped to the input.
    """

    forward: PoolTrace
    upstream: FloatArray  # (S,)
    shares: FloatArray  # (S, kH, kW)
    grad_padded: FloatArray  # (C, Hp, Wp)
    grad_input: FloatArray  # (C, H, W)


def trace_pool2d_backward(
    input: ArrayLike,
    grad_output: ArrayLike,
    kind: str,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> PoolBackwardTrace:
    """The backward of max/min/avg pooling (`kind`) on one (C, H, W) sample, step by step."""
    forward = trace_pool2d(input, kind, kernel_size, stride, padding, dilation, ceil_mode, count_include_pad)
    upstream = check_grad_output(grad_output, (1, *forward.output.shape), False)[0].ravel()
    S, (kH, kW) = len(forward), (forward.rows.kernel, forward.cols.kernel)
    if kind == "avg":
        shares = np.broadcast_to((upstream / forward.divisors)[:, None, None], (S, kH, kW)).copy()
    else:
        shares = np.zeros((S, kH * kW))
        shares[np.arange(S), forward.winner] = upstream
        shares = shares.reshape(S, kH, kW)
    grad_padded = np.zeros(forward.padded_input.shape)
    channels = np.broadcast_to(forward.out_index[:, 0, None, None], (S, kH, kW))
    np.add.at(grad_padded, (channels, forward.taps[..., 0], forward.taps[..., 1]), shares)
    grad_input = crop_to_input(grad_padded, forward.layer)
    return PoolBackwardTrace(forward, *map(frozen, (upstream, shares, grad_padded, grad_input)))
