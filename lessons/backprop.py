"""Backpropagation: dL/dW, dL/dX and dL/db as the correlations they are; pooling's routing;
a numerical check; fan-out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.analysis.fanout import Link, input_fan_out, weight_fan_out
from engine.analysis.gradcheck import CentralDifference, central_difference
from engine.analysis.upstream import loss_value, upstream_gradient
from engine.ops.conv import pad_conv2d
from engine.trace.backward import (
    ConvBackwardTrace,
    PoolBackwardTrace,
    trace_pad_conv2d_backward,
    trace_pool2d_backward,
)
from engine.trace.conv import ConvTrace
from lessons import convolution, pooling
from settings.backprop import UpstreamSettings
from settings.conv import ConvSettings
from settings.kernel import KernelSettings
from settings.pool import PoolSettings
from text.arithmetic import bias_gradient_text
from text.prose import CROP_AND_FOLD
from viz.grid_svg import crop_grids, fan_out_grids, grids_html
from viz.surface import conv_payload, pool_backward_payload
from viz.theme import theme_for


@dataclass(frozen=True)
class BackpropView:
    forward: ConvTrace
    trace: ConvBackwardTrace
    forward_and_upstream: str  # still grids (viz.grid_svg): Y beside dL/dY
    weight_animation: dict  # dL/dW as the correlation it is (a viz.surface payload)
    input_animation: dict  # dL/dX̃ (dL/dX without padding) as the correlation it is
    input_name: str  # "dL/dX̃" for the padded frame's gradient, "dL/dX" without padding
    crop: str | None  # still grids: dL/d(padded input) and dL/dX; None without padding
    crop_text: str | None
    bias_text: str


def backward_trace(
    grid: np.ndarray, kernel: KernelSettings, conv: ConvSettings, upstream: UpstreamSettings, seed: int
) -> ConvBackwardTrace:
    """The backward pass of the Convolution page's configuration, from the chosen dL/dY."""
    forward = convolution.trace(grid, kernel, conv)
    grad = upstream_gradient(upstream.kind, forward.output, seed, upstream.cell, upstream.target)
    weights = kernel.weights()
    return trace_pad_conv2d_backward(grid[None], weights[None, None], grad, **conv.to_kwargs(weights.shape))


def build(
    grid: np.ndarray,
    kernel: KernelSettings,
    conv: ConvSettings,
    upstream: UpstreamSettings,
    seed: int,
    classroom: bool,
) -> BackpropView:
    """The Backprop page's view: the forward and backward traces of the convolution and their figures."""
    forward = convolution.trace(grid, kernel, conv)
    trace = backward_trace(grid, kernel, conv, upstream, seed)
    theme = theme_for(classroom)
    padded = any(forward.layer.pad)
    return BackpropView(
        forward=forward,
        trace=trace,
        forward_and_upstream=grids_html(
            [("Output Y", "output", forward.output[0]), ("dL/dY", "gradient", trace.grad_output[0])],
            theme,
            signed=True,
        ),
        weight_animation=conv_payload(
            trace.grad_weight,
            titles={
                "input": "input x (padded)" if padded else "input x",
                "kernel": "dL/dY, dilated by the stride"
                if any(s > 1 for s in forward.layer.stride)
                else "dL/dY",
                "output": "dL/dW",
            },
            roles={"kernel": "gradient", "output": "gradient"},
            label="dL/dW[{r}, {c}]",
            bias=False,
        ),
        input_animation=conv_payload(
            trace.grad_input,
            titles={
                "input": "dL/dY, zeros inserted, padded"
                if any(s > 1 for s in forward.layer.stride)
                else "dL/dY, padded",
                "kernel": "W rotated 180°",
                "output": "dL/dX̃ (the padded input's gradient)" if padded else "dL/dX",
            },
            roles={"input": "gradient", "output": "gradient"},
            label=("dL/dX̃" if padded else "dL/dX") + "[{r}, {c}]",
            bias=False,
        ),
        input_name="dL/dX̃" if padded else "dL/dX",
        crop=crop_grids(trace, theme) if padded else None,
        crop_text=CROP_AND_FOLD[conv.padding_mode] if padded else None,
        bias_text=bias_gradient_text(trace.grad_output),
    )


def numerical_check(
    grid: np.ndarray,
    kernel: KernelSettings,
    conv: ConvSettings,
    upstream: UpstreamSettings,
    seed: int,
    of_weight: bool,
    index: tuple[int, int],
    eps: float,
) -> tuple[CentralDifference, float]:
    """Nudge one weight or input cell by ±eps, rerun the forward pass and the loss: the central
    difference, and the analytic gradient it should match."""
    weights = kernel.weights()
    trace = backward_trace(grid, kernel, conv, upstream, seed)
    kwargs = conv.to_kwargs(weights.shape)

    def loss(x: np.ndarray, w: np.ndarray) -> np.ndarray:
        y = pad_conv2d(
            x[None],
            w[None, None],
            np.array([kernel.bias]),
            kwargs["pad"],
            kwargs["padding_mode"],
            kwargs["stride"],
            kwargs["dilation"],
        )
        return loss_value(upstream.kind, y, trace.grad_output, upstream.target)

    if of_weight:
        check = central_difference(lambda w: loss(grid, w), weights, index, eps=eps)
        return check, float(trace.grad_weight_values[0, 0][index])
    check = central_difference(lambda x: loss(x, weights), grid, index, eps=eps)
    return check, float(trace.grad_input_values[0][index])


def fan_out(
    forward: ConvTrace, weights: np.ndarray, following_input: bool, cell: tuple[int, int], classroom: bool
) -> tuple[list[Link], str]:
    """The outputs one padded-input cell or weight feeds, and through which products."""
    links = (input_fan_out if following_input else weight_fan_out)(forward.layer, *cell)
    figure = fan_out_grids(forward.padded_input[0], weights, forward.output[0], links, theme_for(classroom))
    return links, figure


def pool_backward(
    grid: np.ndarray, pool: PoolSettings, upstream_kind: str, seed: int
) -> tuple[dict, PoolBackwardTrace]:
    """Each upstream gradient routed back to its window (ones or random dL/dY)."""
    forward = pooling.trace(grid, pool)
    grad = upstream_gradient(
        upstream_kind if upstream_kind in ("ones", "random") else "ones", forward.output, seed
    )
    trace = trace_pool2d_backward(grid[None], grad, pool.kind, **pool.to_kwargs())
    return pool_backward_payload(trace), trace
