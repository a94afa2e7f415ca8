"""Receptive fields of a stack of conv and pool layers.

Per axis, with r the field size, j the jump (input cells between neighbouring units) and
s the input coordinate where unit 0's field starts, a layer (kernel k, stride t, padding p,
dilation d) maps (r, j, s) to

    r' = r + d·(k − 1)·j        j' = j·t        s' = s − p·j

starting from (1, 1, 0) at the input. Unit u of a layer then reads input cells
s + u·j … s + u·j + r − 1 (some may lie in padding, i.e. below 0 or past the input).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.arrays import FloatArray, non_negative_pair, positive_pair
from engine.geometry import AXES, AxisGeometry, conv_axis
from engine.pool_geometry import pool_axis
from engine.windows import add_windows

LAYER_KINDS = ("conv", "pool")
MAX_FIELD_WORK = 100_000_000  # cell additions of one effective receptive field (~0.5 s)


@dataclass(frozen=True)
class Layer:
    """One layer of a stack, as far as geometry goes. Pairs are (rows, cols)."""

    kind: str  # "conv" or "pool"
    kernel_size: tuple[int, int]
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)
    dilation: tuple[int, int] = (1, 1)

    def __post_init__(self) -> None:
        if self.kind not in LAYER_KINDS:
            raise ValueError(f'a layer is "conv" or "pool", got {self.kind!r}')
        for name in ("kernel_size", "stride", "dilation"):
            object.__setattr__(self, name, positive_pair(getattr(self, name), name))
        object.__setattr__(self, "padding", non_negative_pair(self.padding, "padding"))

    def describe(self) -> str:
        """Short human name, e.g. "conv 3x3 s2 p1" or "pool 2x2 s2"."""
        (kH, kW), (sH, sW), (pH, pW), (dH, dW) = self.kernel_size, self.stride, self.padding, self.dilation
        text = f"{self.kind} {kH}x{kW}"
        text += f" s{sH}" if sH == sW else f" s{sH},{sW}"
        if self.padding != (0, 0):
            text += f" p{pH}" if pH == pW else f" p{pH},{pW}"
        if self.dilation != (1, 1):
            text += f" d{dH}" if dH == dW else f" d{dH},{dW}"
        return text

    def axis(self, size: int, index: int) -> AxisGeometry:
        """The geometry of this layer along axis `index` (0 rows, 1 cols) on `size` cells."""
        k, s, p, d = (pair[index] for pair in (self.kernel_size, self.stride, self.padding, self.dilation))
        if self.kind == "pool":
            return pool_axis(size, k, s, p, d, False, AXES[index])
        return conv_axis(size, k, s, d, p, p, AXES[index])


@dataclass(frozen=True)
class AxisField:
    """The receptive field of one layer's units along one axis, in input cells."""

    size: int  # r: input cells one unit sees
    jump: int  # j: input cells between neighbouring units
    start: int  # s: first input cell of unit 0's field (negative: it starts in padding)
    units: int  # how many units the layer has along this axis

    def span(self, unit: int) -> tuple[int, int]:
        """First and last input cell of `unit`'s field, unclipped."""
        first = self.start + unit * self.jump
        return first, first + self.size - 1

    @property
    def center(self) -> float:
        """Centre of unit 0's field (a half-cell when the field is even)."""
        return self.start + (self.size - 1) / 2


@dataclass(frozen=True)
class LayerField:
    """Receptive field of a layer's units along rows and columns."""

    layer: Layer
    rows: AxisField
    cols: AxisField


def receptive_fields(layers: Sequence[Layer], input_size: tuple[int, int]) -> list[LayerField]:
    """Per layer: field size, jump, start and unit count along each axis.

    Raises ValueError naming the layer when its maps would shrink below one cell.
    """
    sizes = positive_pair(tuple(input_size), "input size")
    state = [AxisField(1, 1, 0, n) for n in sizes]
    fields = []
    for number, layer in enumerate(layers, start=1):
        updated = []
        for index, field in enumerate(state):
            try:
                geometry = layer.axis(field.units, index)
            except ValueError as error:
                raise ValueError(f"layer {number} ({layer.describe()}): {error}") from None
            updated.append(
                AxisField(
                    size=field.size + geometry.dilation * (geometry.kernel - 1) * field.jump,
                    jump=field.jump * geometry.stride,
                    start=field.start - geometry.pad_before * field.jump,
                    units=geometry.out,
                )
            )
        state = updated
        fields.append(LayerField(layer, *state))
    return fields


@dataclass(frozen=True)
class Region:
    """Input rows first..last and cols first..last (inclusive) seen by one unit."""

    rows: tuple[int, int]
    cols: tuple[int, int]

    def clipped(self, input_size: tuple[int, int]) -> Region:
        """The part of the region inside an input of `input_size` (padding cut away)."""
        (H, W), (r0, r1), (c0, c1) = input_size, self.rows, self.cols
        return Region((max(r0, 0), min(r1, H - 1)), (max(c0, 0), min(c1, W - 1)))


def unit_region(field: LayerField, row: int, col: int) -> Region:
    """The input region, unclipped, seen by unit (row, col) of a layer."""
    for unit, axis, name in ((row, field.rows, "row"), (col, field.cols, "col")):
        if not 0 <= unit < axis.units:
            raise ValueError(f"{name} {unit} is outside the layer's {axis.units} units")
    return Region(field.rows.span(row), field.cols.span(col))


def effective_receptive_field(
    layers: Sequence[Layer], input_size: tuple[int, int], layer_index: int, row: int, col: int
) -> np.ndarray:
    """∂unit / ∂input for unit (row, col) of layer `layer_index` (0-based), (H, W).

    Each layer is treated as a single-channel convolution with uniform weights 1/(kH·kW) (so
    pooling counts as averaging) and the gradient is carried down through its input only:
    every output cell's gradient, over kH·kW, added onto the cells its window reads (the
    weights' gradient is never needed). Every path from the input to the unit adds to a
    cell's value, so central inputs, reached by more paths, count more than those at the edge.
    Raises ValueError, before any work, when that would take more than MAX_FIELD_WORK additions.
    """
    fields = receptive_fields(layers[: layer_index + 1], input_size)
    unit_region(fields[-1], row, col)  # validates the unit
    sizes = [tuple(input_size)] + [(f.rows.units, f.cols.units) for f in fields]
    work = sum(
        layer.kernel_size[0] * layer.kernel_size[1] * H_out * W_out
        for layer, (H_out, W_out) in zip(layers[: layer_index + 1], sizes[1:])
    )
    if work > MAX_FIELD_WORK:
        raise ValueError(
            f"the effective receptive field of layer {layer_index + 1} takes {work:,} additions "
            "(kernel taps times output cells, summed over the layers); ConvLab computes up to "
            f"{MAX_FIELD_WORK:,}"
        )
    grad = np.zeros(sizes[-1])
    grad[row, col] = 1.0
    for layer, (H, W) in zip(reversed(layers[: layer_index + 1]), reversed(sizes[:-1])):
        (kH, kW), (pH, pW), (dH, dW) = layer.kernel_size, layer.padding, layer.dilation
        frame = (H + 2 * pH + dH * (kH - 1) + layer.stride[0], W + 2 * pW + dW * (kW - 1) + layer.stride[1])
        spread = np.broadcast_to(grad / (kH * kW), (kH, kW, *grad.shape))  # (kH, kW, H_out, W_out), no copy
        grad = add_windows(spread, frame, layer.stride, layer.dilation)[pH : pH + H, pW : pW + W]
    field: FloatArray = np.ascontiguousarray(grad)
    return field


def regions_below(
    layers: Sequence[Layer], input_size: tuple[int, int], layer_index: int, row: int, col: int
) -> list[Region]:
    """What unit (row, col) of layer `layer_index` sees in every layer below it, in that
    layer's own units (unclipped): [input, layer 0, ..., layer_index − 1, the unit itself]."""
    fields = receptive_fields(layers[: layer_index + 1], input_size)
    unit_region(fields[-1], row, col)  # validates the unit
    sizes = [input_size] + [(f.rows.units, f.cols.units) for f in fields]
    regions = []
    for below in range(layer_index + 1):  # the sub-stack above `below` maps the unit onto it
        sub = receptive_fields(layers[below : layer_index + 1], sizes[below])[-1]
        regions.append(unit_region(sub, row, col))
    regions.append(Region((row, row), (col, col)))
    return regions
