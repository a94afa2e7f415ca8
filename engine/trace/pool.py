"""Step-by-step traces of max, min and average pooling, for figures to animate.

Immutable, one step per output element in row-major order (channel, row, col), taps in the
padded frame (ceil-mode overhang included), for one (C, H, W) sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine.arrays import FloatArray, IndexArray, frozen
from engine.geometry import AxisGeometry, Pair, WindowGeometry
from engine.ops.avg_pool import avg_divisors
from engine.ops.pool import window_argmax
from engine.pool_geometry import pool_geometry
from engine.trace.taps import as_sample, output_indices, padding_mask, window_taps
from engine.windows import windows_of

POOL_FILL = {"max": -np.inf, "min": np.inf, "avg": 0.0}


@dataclass(frozen=True)
class PoolTrace:
    """Every step of a pooling on one sample. S = C·H_out·W_out.

    For max/min, `winner` is the row-major tap that wins each window (the first one on ties)
    and `divisors` is None; for avg, `winner` is None and `divisors` holds each mean's count.
    """

    kind: str  # "max", "min" or "avg"
    layer: WindowGeometry
    padded_input: FloatArray  # (C, Hp, Wp): padding holds −∞ (max), +∞ (min) or 0 (avg)
    is_padding: NDArray[np.bool_]  # (Hp, Wp)
    out_index: IndexArray  # (S, 3)
    taps: IndexArray  # (S, kH, kW, 2)
    tap_is_padding: NDArray[np.bool_]  # (S, kH, kW)
    inputs: FloatArray  # (S, kH, kW)
    winner: IndexArray | None  # (S,) tap index in [0, kH·kW)
    divisors: FloatArray | None  # (S,)
    values: FloatArray  # (S,)
    output: FloatArray  # (C, H_out, W_out)

    def __len__(self) -> int:
        return len(self.values)

    @property
    def rows(self) -> AxisGeometry:
        return self.layer.rows

    @property
    def cols(self) -> AxisGeometry:
        return self.layer.cols

    def winner_coords(self) -> IndexArray:
        """(S, 2) padded-frame (row, col) of each window's winner (max/min only)."""
        if self.winner is None:
            raise ValueError("average pooling has no winners")
        kW = self.cols.kernel
        return self.taps[np.arange(len(self)), self.winner // kW, self.winner % kW]


def trace_pool2d(
    input: ArrayLike,
    kind: str,
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> PoolTrace:
    """max_pool2d, min_pool2d or avg_pool2d (`kind` = "max", "min", "avg") on one (C, H, W)
    sample, step by step. Average pooling has no dilation, as in PyTorch."""
    if kind not in POOL_FILL:
        raise ValueError(f'kind must be "max", "min" or "avg", got {kind!r}')
    x = as_sample(input)
    if kind == "avg" and dilation not in (1, (1, 1)):
        raise ValueError(f"average pooling has no dilation (PyTorch's avg_pool2d), got {dilation!r}")
    geometry = pool_geometry(x.shape, kernel_size, stride, padding, dilation, ceil_mode)
    padded = geometry.pad_input(x, POOL_FILL[kind])
    windows = windows_of(padded, geometry)  # (C, H_out, W_out, kH, kW)
    out_index = output_indices((x.shape[0], *geometry.output_size))
    ch, r, c = out_index.T
    inputs = windows[ch, r, c]  # (S, kH, kW)
    winner = divisors = None
    if kind == "avg":
        divisors = avg_divisors(geometry, count_include_pad)[r, c]
        values = inputs.sum(axis=(-2, -1)) / divisors
    else:
        sign = 1.0 if kind == "max" else -1.0
        best, winner = window_argmax(sign * inputs)
        values = sign * best
    taps = window_taps(geometry, r, c)
    mask = padding_mask(geometry)
    return PoolTrace(
        kind,
        geometry,
        frozen(padded),
        frozen(mask),
        frozen(out_index),
        frozen(taps),
        frozen(mask[taps[..., 0], taps[..., 1]]),
        frozen(inputs),
        None if winner is None else frozen(winner),
        None if divisors is None else frozen(divisors),
        frozen(values),
        frozen(values.reshape(x.shape[0], *geometry.output_size)),
    )
