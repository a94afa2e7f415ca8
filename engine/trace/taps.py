"""Where a trace's windows read: output indices in step order, taps in the padded frame, and
which cells of the frame are padding. Shared by every trace."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine.arrays import FloatArray, IndexArray, as_float_array
from engine.geometry import WindowGeometry


def as_sample(input: ArrayLike, name: str = "input") -> FloatArray:
    """A single (C, H, W) sample as float64; traces follow one sample, not a batch."""
    x = as_float_array(input, name)
    if x.ndim != 3 or 0 in x.shape:
        raise ValueError(f"a trace follows one sample: {name} must be (C, H, W), got shape {x.shape}")
    return x


def output_indices(shape: tuple[int, ...]) -> IndexArray:
    """(S, 3) int: every (channel, row, col) of an output of `shape`, in row-major order."""
    return np.indices(shape).reshape(3, -1).T


def window_taps(geometry: WindowGeometry, out_rows: IndexArray, out_cols: IndexArray) -> IndexArray:
    """(S, kH, kW, 2) padded-frame (row, col) of every tap of the windows at (out_rows, out_cols) (S,)."""
    rows, cols = geometry
    tap_rows = out_rows[:, None] * rows.stride + np.arange(rows.kernel) * rows.dilation  # (S, kH)
    tap_cols = out_cols[:, None] * cols.stride + np.arange(cols.kernel) * cols.dilation  # (S, kW)
    taps = np.broadcast_arrays(tap_rows[:, :, None], tap_cols[:, None, :])  # 2 x (S, kH, kW)
    return np.stack(taps, axis=-1)


def padding_mask(geometry: WindowGeometry) -> NDArray[np.bool_]:
    """(Hp, Wp) bool: True on padding cells (and ceil-mode overhang) of the padded frame."""
    rows, cols = geometry
    in_rows = np.zeros(rows.padded, dtype=bool)
    in_cols = np.zeros(cols.padded, dtype=bool)
    in_rows[rows.pad_before : rows.pad_before + rows.size] = True
    in_cols[cols.pad_before : cols.pad_before + cols.size] = True
    return ~np.outer(in_rows, in_cols)
