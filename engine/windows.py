"""The one windowing primitive: a strided view of a padded input.

Convolution, pooling, their gradients and receptive fields all read their windows here.
"""

from __future__ import annotations

import numpy as np

from engine.geometry import AxisGeometry


def sliding_windows(
    padded: np.ndarray,
    kernel_size: tuple[int, int],
    stride: tuple[int, int] = (1, 1),
    dilation: tuple[int, int] = (1, 1),
) -> np.ndarray:
    """Read-only view of every window of `padded`, with no copy.

    (..., Hp, Wp) -> (..., H_out, W_out, kH, kW), where
    view[..., r, c, i, j] = padded[..., r·sH + i·dH, c·sW + j·dW].
    """
    (kH, kW), (sH, sW), (dH, dW) = kernel_size, stride, dilation
    span = (dH * (kH - 1) + 1, dW * (kW - 1) + 1)
    view = np.lib.stride_tricks.sliding_window_view(padded, span, axis=(-2, -1))
    # (..., Hp − spanH + 1, Wp − spanW + 1, spanH, spanW): keep every stride-th start, every dilation-th tap
    return view[..., ::sH, ::sW, ::dH, ::dW]


def windows_of(padded: np.ndarray, rows: AxisGeometry, cols: AxisGeometry) -> np.ndarray:
    """`sliding_windows` with the kernel, stride and dilation of a row and a column geometry."""
    return sliding_windows(
        padded, (rows.kernel, cols.kernel), (rows.stride, cols.stride), (rows.dilation, cols.dilation)
    )
