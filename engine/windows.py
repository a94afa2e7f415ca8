"""The one windowing primitive: a strided view of a padded input.

Convolution, pooling, their gradients and receptive fields all read their windows here.
"""

from __future__ import annotations

import numpy as np

from engine.arrays import FloatArray
from engine.geometry import WindowGeometry


def sliding_windows(
    padded: FloatArray,
    kernel_size: tuple[int, int],
    stride: tuple[int, int] = (1, 1),
    dilation: tuple[int, int] = (1, 1),
) -> FloatArray:
    """Read-only view of every window of `padded`, with no copy.

    (..., Hp, Wp) -> (..., H_out, W_out, kH, kW), where
    view[..., r, c, i, j] = padded[..., r·sH + i·dH, c·sW + j·dW].
    """
    (kH, kW), (sH, sW), (dH, dW) = kernel_size, stride, dilation
    *lead, Hp, Wp = padded.shape
    out = ((Hp - dH * (kH - 1) - 1) // sH + 1, (Wp - dW * (kW - 1) - 1) // sW + 1)
    if min(out) < 1:
        raise ValueError(f"a {kH}x{kW} window (dilation {dH}, {dW}) does not fit a {Hp}x{Wp} frame")
    *lead_strides, row, col = padded.strides
    view: FloatArray = np.lib.stride_tricks.as_strided(
        padded,
        (*lead, *out, kH, kW),
        (*lead_strides, row * sH, col * sW, row * dH, col * dW),
        writeable=False,
    )
    return view


def windows_of(padded: FloatArray, geometry: WindowGeometry) -> FloatArray:
    """`sliding_windows` with the kernel, stride and dilation of a window geometry.
    (..., Hp, Wp) -> (..., H_out, W_out, kH, kW)."""
    return sliding_windows(padded, geometry.kernel_size, geometry.stride, geometry.dilation)


def add_windows(
    columns: FloatArray,
    frame_size: tuple[int, int],
    stride: tuple[int, int] = (1, 1),
    dilation: tuple[int, int] = (1, 1),
) -> FloatArray:
    """The adjoint of `sliding_windows`: add every window's values back into a zero frame, at
    the cells the window reads (col2im). Overlapping windows sum.

    columns (..., kH, kW, H_out, W_out) -> frame (..., Hp, Wp), where
    frame[..., r·sH + i·dH, c·sW + j·dW] += columns[..., i, j, r, c].
    """
    *lead, kH, kW, H_out, W_out = columns.shape
    (sH, sW), (dH, dW) = stride, dilation
    frame = np.zeros((*lead, *frame_size), dtype=columns.dtype)
    # Windows that do not overlap (each a stride or more from the next) write distinct cells
    # with every tap: each tap's values can be copied in, with no read of the frame.
    overlapping = sH < dH * (kH - 1) + 1 or sW < dW * (kW - 1) + 1
    for i in range(kH):  # one tap at a time: within a tap, windows write distinct cells
        for j in range(kW):
            rows = slice(i * dH, i * dH + sH * H_out, sH)
            cols = slice(j * dW, j * dW + sW * W_out, sW)
            if overlapping:
                frame[..., rows, cols] += columns[..., i, j, :, :]
            else:
                frame[..., rows, cols] = columns[..., i, j, :, :]
    return frame
