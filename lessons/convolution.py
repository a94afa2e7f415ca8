"""Convolution: one kernel over one map, every product, the sum and the bias."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.arrays import frozen
from engine.geometry import WindowGeometry, pad_conv_geometry
from engine.ops.conv import pad_conv2d
from engine.trace.conv import ConvTrace, trace_pad_conv2d
from engine.trace.taps import padding_mask
from settings.conv import ConvSettings
from settings.kernel import KernelSettings
from text.formulas import output_size_formula, unvisited_explanation
from text.pytorch import pytorch_code
from viz.image_figure import image_pair
from viz.spec import Spec
from viz.surface import conv_payload
from viz.theme import theme_for

Block = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class FeatureMap:
    """The whole output of a configuration (fast path, no trace) and its geometry."""

    output: np.ndarray  # (H_out, W_out)
    layer: WindowGeometry


@dataclass(frozen=True)
class ConvolutionView:
    """What the Convolution page shows for one configuration."""

    trace: ConvTrace  # every output cell, or image mode's zoomed block
    animation: dict  # the animation surface's payload (viz.surface)
    picture: Spec | None  # image mode: the input and its whole feature map
    size_formula: str
    unread: str | None  # why some cells are never read
    pytorch: str


def feature_map(grid: np.ndarray, kernel: KernelSettings, conv: ConvSettings) -> FeatureMap:
    """(H, W) input -> its (H_out, W_out) output and the layer's geometry."""
    weights = kernel.weights()
    kwargs = conv.to_kwargs(weights.shape)
    args = (kwargs["pad"], kwargs["padding_mode"], kwargs["stride"], kwargs["dilation"])
    layer = pad_conv_geometry(grid[None].shape, weights.shape, *args, 1)
    output = pad_conv2d(grid[None], weights[None, None], np.array([kernel.bias]), *args)
    return FeatureMap(frozen(output[0]), layer)


def trace(
    grid: np.ndarray, kernel: KernelSettings, conv: ConvSettings, block: Block | None = None
) -> ConvTrace:
    """The single-channel trace: every output cell, or only `block` ((r0, r1), (c0, c1))."""
    weights = kernel.weights()
    return trace_pad_conv2d(
        grid[None],
        weights[None, None],
        np.array([kernel.bias]),
        **conv.to_kwargs(weights.shape),
        out_rows=block[0] if block else None,
        out_cols=block[1] if block else None,
    )


def whole_frame(x: np.ndarray, steps: ConvTrace) -> tuple[np.ndarray, np.ndarray]:
    """(C, H, W) input -> its whole padded frame (C, Hp, Wp) and padding mask: the trace holds
    only the cells some window reads, and the page draws every cell."""
    return steps.layer.pad_input(x), padding_mask(steps.layer)


def build(
    grid: np.ndarray,
    kernel: KernelSettings,
    conv: ConvSettings,
    classroom: bool,
    picture: bool,
    block: Block | None = None,
) -> ConvolutionView:
    """The page for (H, W) `grid`: animated whole, or, for a `picture`, the zoomed `block`."""
    fmap = feature_map(grid, kernel, conv)
    theme = theme_for(classroom)
    steps = trace(grid, kernel, conv, block if picture else None)
    titles = {"input": "input", "kernel": "kernel (flipped)" if kernel.flip else "kernel", "output": "output"}
    rows, cols = fmap.layer.rows, fmap.layer.cols
    return ConvolutionView(
        trace=steps,
        animation=conv_payload(
            steps, titles=titles, frame=None if picture else whole_frame(grid[None], steps)
        ),
        picture=image_pair(grid, fmap.output, fmap.layer, theme, block) if picture and block else None,
        size_formula="\n".join((output_size_formula(rows, "high"), output_size_formula(cols, "wide"))),
        unread=unvisited_explanation(rows, cols),
        pytorch=pytorch_code(
            None if picture else grid,
            grid.shape,
            kernel.typed_weights(),  # the code flips it itself
            kernel.bias,
            fmap.layer.stride,
            fmap.layer.pad,
            fmap.layer.dilation,
            conv.padding_mode,
            kernel.flip,
        ),
    )
