"""The convolution as a matrix, and shifts for translation equivariance.

A single-channel conv2d with zero padding is a linear map from the flattened input (H·W) to the
flattened output (H_out·W_out): a sparse matrix A whose rows each hold the kernel's weights at the
columns of that output's window. Every row repeats the same kH·kW weights (weight sharing), and
A's transpose is the transposed convolution.
"""

from __future__ import annotations

import numpy as np

from engine.arrays import as_float_array
from engine.geometry import conv_geometry

Pair = int | tuple[int, int]


def convolution_matrix(
    input_size: tuple[int, int], weight: np.ndarray, stride: Pair = 1, padding: Pair = 0, dilation: Pair = 1
) -> tuple[np.ndarray, np.ndarray]:
    """(A, which): A (H_out·W_out, H·W) with A @ x.ravel() = conv2d(x, weight).ravel(), and `which`
    (same shape) the row-major index i·kW + j of the weight each entry repeats, −1 where A is 0
    by structure (taps on padding read nothing)."""
    weight = as_float_array(weight, "weight")
    H, W = input_size
    kW = weight.shape[1]
    rows, cols = conv_geometry(input_size, weight.shape, stride, padding, dilation)
    matrix = np.zeros((rows.out * cols.out, H * W))
    which = np.full(matrix.shape, -1, dtype=np.int16)
    for r in range(rows.out):
        for c in range(cols.out):
            for i, tap_r in enumerate(rows.taps(r)):
                for j, tap_c in enumerate(cols.taps(c)):
                    h, w = tap_r - rows.pad_before, tap_c - cols.pad_before
                    if 0 <= h < H and 0 <= w < W:  # taps on zero padding contribute nothing
                        matrix[r * cols.out + c, h * W + w] = weight[i, j]
                        which[r * cols.out + c, h * W + w] = i * kW + j
    return matrix, which


def shift(grid: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """(H, W) moved down by dy and right by dx; cells moved in from outside are 0."""
    grid = np.asarray(grid, dtype=np.float64)
    H, W = grid.shape
    out = np.zeros_like(grid)
    out[max(dy, 0) : H + min(dy, 0), max(dx, 0) : W + min(dx, 0)] = grid[
        max(-dy, 0) : H - max(dy, 0), max(-dx, 0) : W - max(dx, 0)
    ]
    return out
