"""A stack of layers (Receptive field, Architectures): its table, one unit's field, the
effective receptive field."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.analysis.receptive import Region, effective_receptive_field, regions_below
from engine.analysis.stack import TableRow, architecture_table, parse_stack
from engine.arrays import frozen
from lessons.images import sample_image
from settings.stack import StackSettings
from viz.field_figure import field_line_figure, field_stack_figure, heat_figure, unit_of_point
from viz.spec import Spec
from viz.theme import theme_for


def table(stack: StackSettings) -> list[TableRow]:
    """Shapes, parameters and receptive fields per layer."""
    return architecture_table(stack.input_shape, parse_stack(stack.text))


def _spatial(stack: StackSettings) -> list:
    return [layer.geometry for layer in parse_stack(stack.text) if layer.geometry is not None]


def effective_field(stack: StackSettings, layer_index: int, row: int, col: int) -> np.ndarray:
    """(H, W) ∂unit/∂input through the spatial layers, with uniform weights."""
    return frozen(effective_receptive_field(_spatial(stack), stack.input_shape[1:], layer_index, row, col))


def regions(stack: StackSettings, layer_index: int, row: int, col: int) -> list[Region]:
    """What unit (row, col) of spatial layer `layer_index` sees in every layer below it."""
    return regions_below(_spatial(stack), stack.input_shape[1:], layer_index, row, col)


@dataclass(frozen=True)
class FieldView:
    """One unit's receptive field through a stack, for the Receptive field page."""

    description: str
    stack_figure: Spec  # every layer with the unit's field marked (clickable)
    effective: Spec  # the effective receptive field over the input
    on_picture: Spec  # the field drawn on a picture
    line: Spec  # the 1-D view, for deep stacks
    deep: bool  # a layer wider than 32: the 1-D view reads better


def layer_sizes(stack: StackSettings) -> list[tuple[int, int]]:
    """(H, W) of the input and of every spatial layer's output."""
    rows = table(stack)
    return [stack.input_shape[1:]] + [
        (r.field.rows.units, r.field.cols.units) for r in rows if r.field is not None
    ]


def unit_at(stack: StackSettings, point: int) -> tuple[int, int, int]:
    """(layer, row, col) of the clicked point of the stack figure (layer 0 is the input)."""
    return unit_of_point(layer_sizes(stack), point)


def field_view(
    stack: StackSettings, layer: int, row: int, col: int, sample: str, classroom: bool
) -> FieldView:
    """Unit (row, col) of spatial layer `layer` (1-based): its field in every layer."""
    rows = table(stack)
    spatial = [r for r in rows if r.field is not None]
    sizes = layer_sizes(stack)
    theme = theme_for(classroom)
    below = regions(stack, layer - 1, row, col)
    fields = [r.field for r in spatial if r.field is not None]
    field = fields[layer - 1]
    (r0, r1), (c0, c1) = below[0].rows, below[0].cols
    total = sum(r.parameters.total for r in rows)
    names = ["input"] + [f"{i + 1}: {r.layer.describe()}" for i, r in enumerate(spatial)]
    return FieldView(
        description=f"Unit ({row}, {col}) of layer {layer} sees input rows **{r0} to {r1}** and columns "
        f"**{c0} to {c1}**: a **{field.rows.size}x{field.cols.size}** field; neighbouring units are "
        f"**{field.rows.jump}** input cells apart (the jump). The whole stack has **{total:,}** parameters "
        "(see Architectures).",
        stack_figure=field_stack_figure(sizes, names, below, layer, theme),
        effective=heat_figure(effective_field(stack, layer - 1, row, col), below[0], theme),
        on_picture=heat_figure(sample_image(sample, stack.input_shape[1:]), below[0], theme, picture=True),
        line=field_line_figure(fields, stack.input_shape[1], (layer - 1, row), theme),
        deep=max(max(size) for size in sizes) > 32,
    )
