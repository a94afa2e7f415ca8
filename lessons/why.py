"""Why convolutions: a sparse matrix that shares its weights, and equivariance to shifts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.analysis.matrix import convolution_matrix, shift
from engine.geometry import conv_geometry
from engine.ops.conv import conv2d
from engine.ops.conv_transpose import conv_transpose2d
from engine.ops.pool import max_pool2d
from settings.kernel import KernelSettings
from text.formulas import matrix_explanation, shift_explanation
from viz.grid_svg import grids_html
from viz.matrix_figure import convolution_matrix_figure
from viz.spec import Spec
from viz.theme import theme_for

Pair = tuple[int, int]


@dataclass(frozen=True)
class MatrixView:
    figure: Spec
    explanation: str
    checks: str  # A·x against conv2d, Aᵀ·y against conv_transpose2d


@dataclass(frozen=True)
class ShiftView:
    grids: str  # still grids (viz.grid_svg): conv of the shifted input, the shifted conv, their difference
    explanation: str


def matrix_view(
    grid: np.ndarray, kernel: KernelSettings, stride: Pair, padding: Pair, dilation: Pair, classroom: bool
) -> MatrixView:
    """The convolution matrix of an (H, W) input, coloured by the weight each entry repeats, and
    the numbers that check it."""
    weights = kernel.weights()
    matrix, which = convolution_matrix(grid.shape, weights, stride, padding, dilation)
    output = conv2d(grid[None], weights[None, None], None, stride, padding, dilation)[0]
    rows, cols = conv_geometry(grid.shape, weights.shape, stride, padding, dilation)
    transposed = conv_transpose2d(
        output[None], weights[None, None], None, stride, padding, (rows.leftover, cols.leftover), 1, dilation
    )[0]
    numbers = {
        "shape": matrix.shape,
        "weights": weights.size,
        "entries": matrix.size,
        "per_row": int(np.count_nonzero(which >= 0, axis=1).max()),
    }
    forward_error = float(np.abs(matrix @ grid.ravel() - output.ravel()).max())
    transpose_error = float(np.abs(matrix.T @ output.ravel() - transposed.ravel()).max())
    return MatrixView(
        figure=convolution_matrix_figure(matrix, which, weights.shape, theme_for(classroom)),
        explanation=matrix_explanation(grid.shape, numbers),
        checks=f"max |A·vec(x) − conv2d(x, w)|            = {forward_error:.1e}\n"
        f"max |Aᵀ·vec(y) − conv_transpose2d(y, w)| = {transpose_error:.1e}",
    )


def shift_view(
    grid: np.ndarray, kernel: KernelSettings, stride: Pair, dy: int, dx: int, classroom: bool
) -> ShiftView:
    """conv(shift(x)) beside shift(conv(x)) (the shift divided by the stride), their difference,
    and max pooling followed by a global max before and after the shift."""
    weights = kernel.weights()[None, None]

    def convolve(x: np.ndarray) -> np.ndarray:
        return conv2d(x[None], weights, None, stride, 1)[0]

    moved, plain = convolve(shift(grid, dy, dx)), convolve(grid)
    divisible = dy % stride[0] == 0 and dx % stride[1] == 0
    expected = shift(plain, dy // stride[0], dx // stride[1])
    pooled = [float(np.max(max_pool2d(y[None], 2, ceil_mode=True))) for y in (plain, moved)]
    grids = grids_html(
        [
            ("conv(shifted input)", "output", moved),
            ("shifted conv(input)", "output", expected),
            ("difference", "gradient", moved - expected),
        ],
        theme_for(classroom),
        signed=True,
    )
    inner = (slice(1, -1), slice(1, -1)) if min(moved.shape) > 2 else (slice(None), slice(None))
    agree = divisible and bool(np.allclose(moved[inner], expected[inner]))  # away from the borders
    numbers = {"divisible": divisible, "global_max": pooled, "interior_equal": agree}
    return ShiftView(grids, shift_explanation(stride, dy, dx, numbers))
