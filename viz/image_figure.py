"""Image mode: a picture and its whole feature map side by side, with the zoomed region marked."""

from __future__ import annotations

import numpy as np

from engine.geometry import WindowGeometry
from text.numbers import format_number
from viz.grid import Panel, base_layout, colour_range, panel_frame, panel_title, side_by_side
from viz.spec import Spec, typed_array
from viz.theme import ROLE_COLOURS, Theme

GREYS = [[0.0, "#000000"], [1.0, "#ffffff"]]


def compact(values: np.ndarray) -> np.ndarray:
    """uint8 when that is lossless (decoded pictures are 0..255 integers), float32 otherwise."""
    if values.min() >= 0 and values.max() <= 255 and np.all(values == np.round(values)):
        return values.astype(np.uint8)
    return values.astype(np.float32)


def grey_range(values: np.ndarray) -> dict:
    """Greys from the picture's own smallest value (black) to its largest (white): a preset of
    0..9 integers on 0..255 was a black square. A constant picture is mid grey."""
    low, high = float(values.min()), float(values.max())
    if high <= low:
        low, high = low - 1, high + 1
    return {"colorscale": GREYS, "zmin": low, "zmax": high}


def image_trace(panel: Panel, values: np.ndarray, name: str, colours: dict) -> dict:
    """A heatmap trace of (H, W) `values` placed at `panel`'s corner."""
    return {
        "type": "heatmap",
        "name": name,
        "x0": panel.x0,
        "y0": panel.y0,
        "dx": 1,
        "dy": 1,
        "z": typed_array(compact(values)),
        "showscale": False,
        "hovertemplate": f"{name} = %{{z:.4g}}<extra></extra>",
        **colours,
    }


def region_box(panel: Panel, rows: tuple[int, int], cols: tuple[int, int]) -> dict:
    """Outline of rows[0]..rows[1]−1, cols[0]..cols[1]−1 of a panel, in the highlight colour."""
    return {
        "type": "rect",
        "xref": "x",
        "yref": "y",
        "layer": "above",
        "x0": panel.x0 + cols[0] - 0.5,
        "x1": panel.x0 + cols[1] - 0.5,
        "y0": panel.y0 + rows[0] - 0.5,
        "y1": panel.y0 + rows[1] - 0.5,
        "line": {"color": ROLE_COLOURS["highlight"], "width": 2},
    }


def image_pair(
    picture: np.ndarray,
    feature_map: np.ndarray,
    layer: WindowGeometry,
    theme: Theme,
    zoom: tuple[tuple[int, int], tuple[int, int]],
) -> Spec:
    """Input (H, W) in grey and output (H_out, W_out) on the diverging scale, side by side.
    `zoom` = ((r0, r1), (c0, c1)) output cells: boxed on the output, and the input cells their
    windows read boxed on the input."""
    (xi, yi), (xo, yo) = side_by_side([picture.shape, feature_map.shape], gap=max(4, picture.shape[1] // 20))
    greys = grey_range(picture)
    shown = f"{format_number(picture.min())}–{format_number(picture.max())}"  # black to white
    source = Panel(xi, yi, picture.shape[0], picture.shape[1], f"Input picture, {shown}", "input")
    target = Panel(xo, yo, feature_map.shape[0], feature_map.shape[1], "Feature map", "output")
    (r0, r1), (c0, c1) = zoom
    rows, cols = layer.rows, layer.cols
    read_rows = (r0 * rows.stride - rows.pad_before, (r1 - 1) * rows.stride + rows.span - rows.pad_before)
    read_cols = (c0 * cols.stride - cols.pad_before, (c1 - 1) * cols.stride + cols.span - cols.pad_before)
    extent = (-1.0, target.x0 + target.cols, -4.0, max(source.rows, target.rows))
    cells_wide, cells_high = int(extent[1] - extent[0]), int(extent[3] - extent[2])
    cell_px = max(1, theme.cell_size(cells_wide, cells_high, max_height_px=560))
    layout = base_layout(extent, cell_px, theme)
    layout["annotations"] = [panel_title(p, theme) | {"y": -2.5} for p in (source, target)]
    layout["shapes"] = [
        panel_frame(source),
        panel_frame(target),
        region_box(source, read_rows, read_cols),
        region_box(target, (r0, r1), (c0, c1)),
    ]
    data = [
        image_trace(source, picture, "input", greys),
        image_trace(target, feature_map, "output", colour_range(feature_map, signed=True)),
    ]
    return {"data": data, "layout": layout}
