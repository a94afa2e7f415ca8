"""Transposed convolution: stamps, the equivalent correlation, and the gradient it computes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.ops.conv_backward import conv2d_backward
from engine.ops.conv_transpose import conv_transpose2d
from engine.trace.conv import ConvTrace
from engine.trace.transpose import TransposeTrace, trace_conv_transpose2d, trace_equivalent_correlation
from settings.kernel import KernelSettings
from settings.transpose import TransposeSettings
from text.formulas import transpose_size_formula
from viz.grid_svg import grids_html
from viz.surface import conv_payload, transpose_payload
from viz.theme import theme_for


@dataclass(frozen=True)
class TransposedView:
    stamps: TransposeTrace
    correlation: ConvTrace
    stamp_animation: dict  # viz.surface payloads
    correlation_animation: dict
    size_formula: str
    # still grids (viz.grid_svg): conv_transpose2d beside the dL/dX of conv2d with dL/dY = the input,
    # and how many stamps cover each output cell
    as_gradient: str
    overlap: str


def as_gradient(
    grid: np.ndarray, weights: np.ndarray, settings: TransposeSettings
) -> tuple[np.ndarray, np.ndarray]:
    """conv_transpose2d(x, w), and dL/dX of the conv2d that maps an input of that size, less
    output_padding, to x's size (dL/dY = x), with output_padding's rows and columns appended: no
    stamp reaches them, and no window of the convolution reads them. (H, W) -> two (H_out, W_out)."""
    kwargs = settings.to_kwargs()
    transposed = conv_transpose2d(grid[None], weights, None, **kwargs)[0]
    extra_h, extra_w = kwargs["output_padding"]
    forward_input = np.zeros((1, transposed.shape[0] - extra_h, transposed.shape[1] - extra_w))
    gradient = conv2d_backward(
        forward_input, weights, grid[None], settings.stride, settings.padding, settings.dilation
    )
    return transposed, np.pad(gradient[0][0], ((0, extra_h), (0, extra_w)))


def build(
    grid: np.ndarray, kernel: KernelSettings, settings: TransposeSettings, classroom: bool
) -> TransposedView:
    """The Transposed page's view of `grid`: the stamps, the equivalent correlation and their figures."""
    weights, bias = kernel.weights()[None, None], np.array([kernel.bias])
    kwargs = settings.to_kwargs()
    stamps = trace_conv_transpose2d(grid[None], weights, bias, **kwargs)
    correlation = trace_equivalent_correlation(grid[None], weights, bias, **kwargs)
    theme = theme_for(classroom)
    transposed, gradient = as_gradient(grid, weights, settings)
    counts = conv_transpose2d(np.ones((1, *grid.shape)), np.ones_like(weights), None, **kwargs)[0]
    return TransposedView(
        stamps=stamps,
        correlation=correlation,
        stamp_animation=transpose_payload(stamps),
        correlation_animation=conv_payload(
            correlation,
            titles={
                "input": "input: zeros inserted, padded",
                "kernel": "kernel rotated 180°",
                "output": "output",
            },
        ),
        size_formula="\n".join(transpose_size_formula(stamps.layer, axis) for axis in (0, 1)),
        as_gradient=grids_html(
            [
                ("conv_transpose2d(x, w)", "output", transposed),
                ("dL/dX of conv2d(·, w), dL/dY = x", "gradient", gradient),
            ],
            theme,
            signed=True,
        ),
        overlap=grids_html([("stamps covering each output cell", "output", counts)], theme, signed=False),
    )
