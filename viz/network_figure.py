"""The Network page's figures: every layer's maps side by side, from the input to the ten class
scores, and the probabilities.

The overview is a picture, not a Plotly figure: one PNG per layout, cells as blocks of `CELL`
pixels, drawn by ui/overview (an <img> at the container's width, so it keeps its proportions
at any width). Plotly drew it as 49 heatmaps and an invisible scatter of 8,094 points, one SVG
node each, which cost the browser ~1.8 s of a digit change. Two layouts: "wide" puts every layer
in one row of columns (CS231n's picture); "narrow" (a phone, a squeezed column) wraps them into
two bands. Geometry is in the picture's pixels and depends only on the layers' shapes, so a
click's pixel names its cell here (`cell_at`) without the values.
"""

from __future__ import annotations

import base64
import functools
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from viz.spec import Spec, typed_array
from viz.theme import DIVERGING, ROLE_COLOURS, SEQUENTIAL, scale_rgb

CELL = 4  # pixels per activation
GAP = 2  # cells between maps
COLUMN_GAP = 5  # cells between layers
VECTOR_WIDTH = 3  # a unit of a vector layer is drawn this many cells wide
VECTOR_GAP = 9  # room for the vector columns' titles
TITLE = 5  # cells above a band for its titles
ABREAST = {"C1": 2, "S2": 2, "C3": 4, "S4": 4}
TALL = 3 * 28 + 2 * GAP  # the tallest column (C1, three maps high): others are centred on it
MAX_UNIT = 4  # a vector unit is at most this many cells high
BANDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "wide": (("input", "C1", "S2", "C3", "S4", "C5", "F6", "output"),),
    "narrow": (("input", "C1", "S2"), ("C3", "S4", "C5", "F6", "output")),
}
RIGHT_MARGIN = 8  # cells right of the last column: room for half of its title
BORDER = (209, 213, 219)  # a map's frame, so near-zero cells still show where the map is


@dataclass(frozen=True)
class Block:
    """One map (or a vector layer's column of units) in the picture, in pixels."""

    layer: str
    k: int  # the map; -1 for a vector layer's column
    x: int
    y: int
    rows: int  # cells (units for a vector)
    cols: int
    cell_w: int  # pixels per cell
    cell_h: int

    def cell(self, x: int, y: int) -> tuple[int, int, int] | None:
        """(map, row, col) of pixel (x, y), or None outside this block."""
        col, row = (x - self.x) // self.cell_w, (y - self.y) // self.cell_h
        if not (0 <= row < self.rows and 0 <= col < self.cols):
            return None
        return (row, 0, 0) if self.k < 0 else (self.k, row, col)

    def rect(self, k: int, r: int, c: int) -> tuple[int, int, int, int]:
        """(x, y, width, height) of cell (k, r, c) of this block's layer, in pixels."""
        row, col = (k, 0) if self.k < 0 else (r, c)
        return self.x + col * self.cell_w, self.y + row * self.cell_h, self.cell_w, self.cell_h


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    height: int
    blocks: tuple[Block, ...]
    titles: tuple[tuple[str, int, int], ...]  # (text, centre x, bottom y) in pixels


@functools.cache
def layout(name: str, shapes: tuple[tuple[str, tuple[int, int, int]], ...]) -> Layout:
    """Where each layer's maps go in layout `name` ("wide" or "narrow"), for the (layer, (C, H,
    W)) `shapes` (the input first, then each layer's output)."""
    shape = dict(shapes)
    blocks: list[Block] = []
    titles: list[tuple[str, int, int]] = []
    top, right = 0, 0
    for band in BANDS[name]:
        x, band_top = CELL, top + TITLE * CELL  # a cell's margin: room for the maps' frames
        for layer in band:
            C, H, W = shape[layer]
            titles.append((layer, 0, band_top - CELL))
            if H == W == 1:  # a vector: one column of C units
                unit = max(1, min(MAX_UNIT * CELL, TALL * CELL // C))
                y = band_top + (TALL * CELL - C * unit) // 2
                blocks.append(Block(layer, -1, x, y, C, 1, VECTOR_WIDTH * CELL, unit))
                width = VECTOR_WIDTH
                gap = VECTOR_GAP
            else:
                across = ABREAST.get(layer, 1)
                down = -(-C // across)
                y0 = band_top + (TALL - (down * H + (down - 1) * GAP)) // 2 * CELL
                for k in range(C):
                    bx = x + (k % across) * (W + GAP) * CELL
                    by = y0 + (k // across) * (H + GAP) * CELL
                    blocks.append(Block(layer, k, bx, by, H, W, CELL, CELL))
                width = across * W + (across - 1) * GAP
                gap = COLUMN_GAP
            titles[-1] = (layer, x + width * CELL // 2, band_top - CELL)
            right = max(right, x + width * CELL)
            x += (width + gap) * CELL
        top = band_top + TALL * CELL + GAP * CELL
    return Layout(name, right + RIGHT_MARGIN * CELL, top, tuple(blocks), tuple(titles))


def _picture(grid: Layout, layers: dict[str, np.ndarray]) -> str:
    """The layout drawn as a PNG (a data: URL): each layer on its own scale, its maps framed."""
    canvas = np.full((grid.height, grid.width, 3), 255, dtype=np.uint8)
    scales = {name: float(np.abs(v).max()) or 1.0 for name, v in layers.items()}
    for block in grid.blocks:
        values = layers[block.layer]
        if block.layer == "input":
            low, high, scale = float(values.min()), float(values.max()), SEQUENTIAL
        else:
            low, high, scale = -scales[block.layer], scales[block.layer], DIVERGING
        cells = values[:, 0, 0].reshape(-1, 1) if block.k < 0 else values[max(block.k, 0)]
        pixels = np.repeat(np.repeat(scale_rgb(cells, scale, low, high), block.cell_h, 0), block.cell_w, 1)
        h, w = pixels.shape[:2]
        canvas[block.y - 1 : block.y + h + 1, block.x - 1 : block.x + w + 1] = BORDER
        canvas[block.y : block.y + h, block.x : block.x + w] = pixels
    out = io.BytesIO()
    Image.fromarray(canvas).save(out, format="PNG", optimize=False, compress_level=3)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def shapes_of(maps: tuple[tuple[str, np.ndarray], ...]) -> tuple[tuple[str, tuple[int, int, int]], ...]:
    """The input's and each layer's (C, H, W)."""
    return (("input", (1, 32, 32)), *((name, tuple(values.shape)) for name, values in maps))


def overview_pictures(image: np.ndarray, maps: tuple[tuple[str, np.ndarray], ...]) -> tuple[Spec, ...]:
    """Each layout's picture of the input (32, 32) and the layers' (C, H, W) maps, with its size
    and the layers' titles, in the picture's pixels (the same for any selected cell)."""
    layers = {"input": np.asarray(image).reshape(1, 32, 32), **dict(maps)}
    shown = []
    for which in BANDS:
        grid = layout(which, shapes_of(maps))
        shown.append(
            {
                "name": which,
                "src": _picture(grid, layers),
                "width": grid.width,
                "height": grid.height,
                "titles": [list(t) for t in grid.titles],
            }
        )
    return tuple(shown)


def overview_figure(
    pictures: tuple[Spec, ...],
    shapes: tuple[tuple[str, tuple[int, int, int]], ...],
    selected: tuple[str, int, int, int],
) -> Spec:
    """The overview component's data: `pictures` (overview_pictures) with the `selected`
    (layer, k, r, c) cell's rectangle in each."""
    name, k, r, c = selected
    shown = []
    for picture in pictures:
        block = next(b for b in layout(picture["name"], shapes).blocks if b.layer == name and b.k in (-1, k))
        shown.append(picture | {"outline": list(block.rect(k, r, c))})
    return {
        "layouts": shown,
        "highlight": ROLE_COLOURS["highlight"],
        "predicted": ROLE_COLOURS["output"],
        "alt": "Every layer's activation maps, from the input to the ten class scores",
    }


def cell_at(
    shapes: tuple[tuple[str, tuple[int, int, int]], ...], which: str, x: int, y: int
) -> tuple[str, int, int, int] | None:
    """The (layer, map, row, col) at pixel (x, y) of layout `which`, or None (a gap, the input)."""
    if which not in BANDS:
        return None
    for block in layout(which, shapes).blocks:
        hit = block.cell(x, y)
        if hit is not None and block.layer != "input":
            return (block.layer, *hit)
    return None


def probability_bars(probabilities: np.ndarray, predicted: int) -> list[dict]:
    """The ten classes' softmax probabilities as the overview draws them beside the maps: a bar
    per class (its length the probability), its text, the predicted one in the output colour.
    HTML bars, not a Plotly chart: Plotly redrawing ten bars cost ~0.1-0.2 s of a digit change."""
    return [
        {"label": str(d), "value": round(float(p), 4), "text": f"{p:.1%}", "predicted": d == predicted}
        for d, p in enumerate(probabilities)
    ]


def digit_figure(pixels: tuple[int, ...]) -> Spec:
    """32x32 pixels 0..255 as the network reads them (ink dark on white)."""
    return {
        "data": [
            {
                "type": "heatmap",
                "z": typed_array(np.array(pixels, dtype=np.uint8).reshape(32, 32)),
                "zmin": 0,
                "zmax": 255,
                "colorscale": SEQUENTIAL,
                "showscale": False,
                "hovertemplate": "(%{y}, %{x}): %{z}<extra></extra>",
            }
        ],
        "layout": {
            "title": {"text": "As the network sees it (32x32)", "font": {"size": 13}},
            "width": 260,
            "height": 280,
            "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
            "xaxis": {"visible": False, "fixedrange": True},
            "yaxis": {"visible": False, "autorange": "reversed", "scaleanchor": "x", "fixedrange": True},
            "plot_bgcolor": "#ffffff",
            "shapes": [
                {"type": "rect", "x0": -0.5, "y0": -0.5, "x1": 31.5, "y1": 31.5, "line": {"color": "#9ca3af"}}
            ],
        },
    }
