"""Pooling: max, min and average windows, and pooling against a strided convolution."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.ops.conv import conv2d
from engine.trace.pool import PoolTrace, trace_pool2d
from settings.pool import PoolSettings
from text.formulas import pool_size_formula, unvisited_explanation
from text.pytorch import pool_pytorch_code
from viz.grid_svg import grids_html
from viz.image_figure import image_pair
from viz.spec import Spec
from viz.surface import pool_block, pool_payload
from viz.theme import theme_for

Block = tuple[tuple[int, int], tuple[int, int]]
COMPARED = 16  # pictures are compared on their top-left corner, small enough to read


@dataclass(frozen=True)
class PoolingView:
    trace: PoolTrace  # every window, or image mode's zoomed block (pool_block)
    animation: dict  # the animation surface's payload (viz.surface)
    picture: Spec | None  # image mode: the input and its pooled map
    size_formula: str
    unread: str | None
    overlapping: bool  # stride smaller than the window
    versus_stride: str  # still grids (viz.grid_svg): the pooled map beside a box-kernel convolution
    pytorch: str


def trace(grid: np.ndarray, pool: PoolSettings) -> PoolTrace:
    """The trace of a pooling of the whole (H, W) input."""
    return trace_pool2d(grid[None], pool.kind, **pool.to_kwargs())


def versus_stride(grid: np.ndarray, pool: PoolSettings, classroom: bool) -> tuple[str, np.ndarray]:
    """The pooled output beside a strided convolution of the same size and stride (a box kernel,
    one weight per cell: the weights a network would learn instead), and that convolution."""
    kH, kW = pool.kernel_size
    box = np.full((1, 1, kH, kW), 1 / (kH * kW))
    strided = conv2d(grid[None], box, None, pool.stride, pool.padding)[0]
    pooled = trace(grid, pool).output[0]
    grids = grids_html(
        [
            ("Input", "input", grid),
            (f"{pool.kind} pooling", "output", pooled),
            (f"{kH}x{kW} convolution, stride {pool.stride}", "kernel", strided),
        ],
        theme_for(classroom),
    )
    return grids, strided


def build(
    grid: np.ndarray, pool: PoolSettings, classroom: bool, picture: bool, block: Block | None
) -> PoolingView:
    """The Pooling page's view of `grid`: the trace, its animation, formulas and figures."""
    steps = trace(grid, pool)
    theme = theme_for(classroom)
    shown = pool_block(steps, block) if picture and block else steps
    return PoolingView(
        trace=shown,
        animation=pool_payload(shown),
        picture=image_pair(grid, steps.output[0], steps.layer, theme, block) if picture and block else None,
        size_formula="\n".join(
            pool_size_formula(axis, name, pool.ceil_mode)
            for axis, name in ((steps.rows, "high"), (steps.cols, "wide"))
        ),
        unread=unvisited_explanation(steps.rows, steps.cols),
        overlapping=any(s < k for s, k in zip(pool.stride, pool.kernel_size)),
        versus_stride=versus_stride(grid[:COMPARED, :COMPARED], pool, classroom)[0],
        pytorch=pool_pytorch_code(None if picture else grid, grid.shape, pool.kind, pool.to_kwargs()),
    )
