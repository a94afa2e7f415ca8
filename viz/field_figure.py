"""Receptive fields drawn: the stack of layers with one unit's field in each, the 1-D view of
deep stacks, the effective receptive field and the field on a picture."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.analysis.receptive import LayerField, Region
from viz.image_figure import GREYS, compact
from viz.spec import Spec, typed_array
from viz.theme import DIVERGING, ROLE_COLOURS, Theme

WIDTH = 10.0  # every layer is drawn this wide, whatever its number of units
MAX_CLICKABLE = 32  # layers with at most this many units per side get clickable units


def _rect(x0, y0, x1, y1, colour, fill=None, width=2) -> dict:
    return {
        "type": "rect",
        "xref": "x",
        "yref": "y",
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "line": {"color": colour, "width": width},
        **({"fillcolor": fill, "opacity": 0.6} if fill else {}),
    }


def field_stack_figure(
    sizes: list[tuple[int, int]], names: list[str], regions: list[Region], selected_layer: int, theme: Theme
) -> Spec:
    """One panel per layer, the input at the bottom; in each panel below the selected unit, the
    part of that layer it sees (dashed where it reaches into padding), and the unit itself.
    Units of small layers are clickable: point customdata = (layer number, row, col), input = 0."""
    shapes, annotations, xs, ys, labels = [], [], [], [], []
    per_column = len(sizes) if len(sizes) <= 8 else 6  # deep stacks wrap: bottom to top, then left to right
    slots = min(per_column, len(sizes))
    for number in range(len(sizes)):
        rows, cols = sizes[number]
        cell = WIDTH / max(rows, cols)
        left = (number // per_column) * (WIDTH + 4)
        top = (slots - 1 - number % per_column) * (WIDTH + 4)
        shapes.append(
            _rect(
                left,
                top,
                left + cols * cell,
                top + rows * cell,
                ROLE_COLOURS["input" if number == 0 else "output"],
            )
        )
        annotations.append(
            {
                "x": left + cols * cell / 2,
                "y": top + rows * cell + 0.2,
                "text": f"{names[number]}<br>{rows}x{cols}",
                "showarrow": False,
                "yanchor": "top",
                "font": {"size": theme.font_px - 3},
            }
        )
        if number < len(regions):
            (r0, r1), (c0, c1) = regions[number].rows, regions[number].cols
            (ir0, ir1), (ic0, ic1) = (max(r0, 0), min(r1, rows - 1)), (max(c0, 0), min(c1, cols - 1))
            shapes.append(
                _rect(
                    left + ic0 * cell,
                    top + ir0 * cell,
                    left + (ic1 + 1) * cell,
                    top + (ir1 + 1) * cell,
                    ROLE_COLOURS["highlight"],
                    fill=ROLE_COLOURS["highlight"] + "66",
                )
            )
            if (r0, r1, c0, c1) != (ir0, ir1, ic0, ic1):  # the field reaches into the padding
                shapes.append(
                    {
                        **_rect(
                            left + c0 * cell,
                            top + r0 * cell,
                            left + (c1 + 1) * cell,
                            top + (r1 + 1) * cell,
                            ROLE_COLOURS["padding"],
                        ),
                        "line": {"color": ROLE_COLOURS["padding"], "dash": "dash"},
                    }
                )
        if max(rows, cols) <= MAX_CLICKABLE:
            r, c = np.indices((rows, cols)).reshape(2, -1)
            xs.append(left + (c + 0.5) * cell)
            ys.append(top + (r + 0.5) * cell)
            labels.append(np.stack([np.full(r.size, number), r, c], axis=-1))
    width_units = ((len(sizes) - 1) // per_column + 1) * (WIDTH + 4)
    height_units = slots * (WIDTH + 4)
    clickable: dict[str, Any] = {
        "type": "scatter",
        "mode": "markers",
        "name": "units",
        "x": np.concatenate(xs).astype(np.float32) if xs else [],
        "y": np.concatenate(ys).astype(np.float32) if ys else [],
        "customdata": np.concatenate(labels).astype(np.int16) if labels else [],
        "marker": {"symbol": "square", "size": 8, "color": "rgba(0,0,0,0)"},
        "hovertemplate": "layer %{customdata[0]}, unit (%{customdata[1]}, %{customdata[2]})<extra></extra>",
        "unselected": {"marker": {"opacity": 0}},
        "selected": {"marker": {"opacity": 0}},
    }
    scale = min(900 / height_units, 1100 / width_units, 40)  # pixels per plot unit
    layout = {
        "height": int(height_units * scale) + 20,
        "width": int(width_units * scale) + 160,
        "margin": {"l": 150, "r": 10, "t": 10, "b": 10},
        "xaxis": {"visible": False, "range": [-0.5, width_units - 5.5], "fixedrange": True},
        "yaxis": {"visible": False, "range": [height_units, -0.5], "fixedrange": True, "scaleanchor": "x"},
        "shapes": shapes,
        "annotations": annotations,
        "showlegend": False,
        "plot_bgcolor": "#ffffff",
        "font": {"size": theme.font_px},
        "clickmode": "event+select",
    }
    return {"data": [clickable], "layout": layout}


def field_line_figure(
    fields: list[LayerField], input_size: int, selected: tuple[int, int], theme: Theme
) -> Spec:
    """The 1-D view along rows: each layer's units placed at the centre of their field in input
    coordinates, the selected unit's field highlighted in every layer below it."""
    layer_index, unit = selected
    data, names = [], ["input"] + [f"{i + 1}: {f.layer.describe()}" for i, f in enumerate(fields)]
    first, last = fields[layer_index].rows.span(unit)
    for level, name in enumerate(names):
        if level == 0:
            centres = np.arange(input_size, dtype=float)
        else:
            axis = fields[level - 1].rows
            centres = axis.center + axis.jump * np.arange(axis.units)
        inside = (
            (centres >= first) & (centres <= last)
            if level <= layer_index + 1
            else np.zeros(len(centres), bool)
        )
        colour = np.where(
            inside, ROLE_COLOURS["highlight"], ROLE_COLOURS["input" if level == 0 else "output"]
        )
        if level == layer_index + 1:
            colour = np.where(
                np.arange(len(centres)) == unit, ROLE_COLOURS["highlight"], ROLE_COLOURS["output"]
            )
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": centres.astype(np.float32),
                "y": np.full(len(centres), level, dtype=np.float32),
                "marker": {"size": 7, "color": list(colour)},
                "hovertemplate": f"{name}: unit %{{pointNumber}}, field centre %{{x}}<extra></extra>",
            }
        )
    layout = {
        "height": max(260, 34 * len(names) + 80),
        "margin": {"l": 190, "r": 10, "t": 10, "b": 40},
        "showlegend": False,
        "font": {"size": theme.font_px},
        "plot_bgcolor": "#ffffff",
        "xaxis": {"title": {"text": "position in the input (rows)"}, "zeroline": False},
        "yaxis": {"tickvals": list(range(len(names))), "ticktext": names, "range": [-0.7, len(names) - 0.3]},
        "shapes": [
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": first - 0.5,
                "x1": last + 0.5,
                "y0": 0,
                "y1": 1,
                "fillcolor": ROLE_COLOURS["highlight"],
                "opacity": 0.08,
                "line": {"width": 0},
            }
        ],
    }
    return {"data": data, "layout": layout}


def heat_figure(values: np.ndarray, region: Region, theme: Theme, picture: bool = False) -> Spec:
    """A picture (grey) or an effective receptive field (diverging) with the field's box."""
    rows, cols = values.shape
    colours = (
        {"colorscale": GREYS, "zmin": 0, "zmax": 255}
        if picture
        else {
            "colorscale": DIVERGING,
            "zmin": -float(np.abs(values).max() or 1),
            "zmax": float(np.abs(values).max() or 1),
        }
    )
    (r0, r1), (c0, c1) = region.rows, region.cols
    size = min(420, max(200, 6 * max(rows, cols)))
    return {
        "data": [
            {
                "type": "heatmap",
                "z": typed_array(compact(values) if picture else values.astype(np.float32)),
                "showscale": False,
                "hovertemplate": "(%{y}, %{x}) = %{z:.3g}<extra></extra>",
                **colours,
            }
        ],
        "layout": {
            "width": size,
            "height": size,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "xaxis": {"visible": False, "range": [-0.5, cols - 0.5], "fixedrange": True},
            "yaxis": {"visible": False, "range": [rows - 0.5, -0.5], "fixedrange": True, "scaleanchor": "x"},
            "shapes": [_rect(c0 - 0.5, r0 - 0.5, c1 + 0.5, r1 + 0.5, ROLE_COLOURS["highlight"], width=3)],
            "font": {"size": theme.font_px},
        },
    }


def unit_of_point(sizes: list[tuple[int, int]], index: int) -> tuple[int, int, int]:
    """(layer number, row, col) of clickable point `index` of field_stack_figure (same order:
    layers from the input up, small layers only, units row-major)."""
    for number in range(len(sizes)):
        rows, cols = sizes[number]
        if max(rows, cols) > MAX_CLICKABLE:
            continue
        if index < rows * cols:
            return number, index // cols, index % cols
        index -= rows * cols
    raise ValueError(f"no clickable unit {index}")


DILATION_VERSUS_LARGER = """
**Why a 3x3 kernel with dilation 2 instead of a 5x5?** Both see 5 cells across (compare the presets
*one 3x3 with dilation 2* and *one 5x5*), but the dilated kernel has 9 weights instead of 25 and
needs 9 multiplications per output instead of 25. Stacking dilations 1, 2, 4, 8 grows the field
exponentially (31 cells after four layers) while every layer keeps 9 weights and the map keeps its
size. The price: a dilated kernel skips cells, so a single layer has holes in its field (the
effective receptive field shows them).
"""
