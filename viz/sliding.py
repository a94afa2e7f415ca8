"""The sliding-window animation shared by convolution and pooling figures.

Every step says what moves: the input cells its window reads, the output cell it writes, the
cells to emphasise (a pooling window's winner) and its arithmetic. Static traces (the grids)
come from the caller; this module adds the moving traces, the click layer, the frames and the
animation controls, so frames carry only what moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from viz.animation import CONTROLS_PX, animation_controls
from viz.grid import Panel, base_layout, index_labels, panel_frame, panel_title
from viz.spec import Spec
from viz.theme import PENDING_FILL, ROLE_COLOURS, UNVISITED_MARK, Theme

NO_CELLS = np.zeros((0, 2), dtype=np.int16)


@dataclass(frozen=True)
class Motion:
    """What moves at one step, in plot coordinates (cell centres; a window may span panels)."""

    window: np.ndarray  # (n, 2) x, y of the cells read, then of the cell written
    pending: np.ndarray  # (m, 2) x, y of the cover over outputs not yet computed (NaN rows separate polygons)
    text: str  # the arithmetic, lines separated by <br>
    marked: np.ndarray = field(default_factory=lambda: NO_CELLS)  # (k, 2) x, y of cells emphasised


def panel_motion(
    source: Panel,
    target: Panel,
    window: np.ndarray,
    cell: tuple[int, int],
    text: str,
    marked: np.ndarray = NO_CELLS,
) -> Motion:
    """A Motion for one input panel and one output panel, from cells in their own indices."""
    window_x, window_y = source.cell(window[:, 0], window[:, 1])
    cell_x, cell_y = target.cell(*cell)
    marked_x, marked_y = source.cell(marked[:, 0], marked[:, 1])
    return Motion(
        np.stack([np.append(window_x, cell_x), np.append(window_y, cell_y)], axis=-1),
        np.stack(pending_polygon(target, *cell), axis=-1),
        text,
        np.stack([marked_x, marked_y], axis=-1),
    )


def pending_polygon(panel: Panel, r: int, c: int) -> tuple[np.ndarray, np.ndarray]:
    """Outline of the panel's cells after (r, c) in row-major order: a staircase of 6 corners."""
    top, left = panel.y0 - 0.5, panel.x0 - 0.5
    right, bottom = left + panel.cols, top + panel.rows
    r, c = r - panel.origin[0], c - panel.origin[1]
    x = [left + c + 1, right, right, left, left, left + c + 1]
    y = [top + r, top + r, bottom, bottom, top + r + 1, top + r + 1]
    return np.array(x, dtype=np.float32), np.array(y, dtype=np.float32)


def unread_marks(panel: Panel, unread_rows: set[int], unread_cols: set[int], theme: Theme) -> dict:
    """A small × in the top-right corner of every cell no window reads (its value stays readable)."""
    r, c = (np.indices((panel.rows, panel.cols)) + np.array(panel.origin)[:, None, None]).reshape(2, -1)
    unread = np.array([a in unread_rows or b in unread_cols for a, b in zip(r, c)], dtype=bool)
    x, y = panel.cell(r[unread], c[unread])
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "never read",
        "x": (x + 0.3).astype(np.float32),
        "y": (y - 0.3).astype(np.float32),
        "marker": {
            "symbol": "x-thin-open",
            "size": max(theme.value_font_px // 2, 5),
            "color": UNVISITED_MARK,
            "line": {"width": 1.5},
        },
        "hovertemplate": "no window reads this cell<extra></extra>",
    }


def click_layer(panels: Sequence[Panel], cell_px: int) -> dict:
    """Invisible square markers on every cell of the output `panels`, so a click selects that
    cell's step (heatmaps report no clicks). Point i is step i: panels in order, each row-major."""
    xs, ys, labels = [], [], []
    for number, panel in enumerate(panels):
        r, c = (np.indices((panel.rows, panel.cols)) + np.array(panel.origin)[:, None, None]).reshape(2, -1)
        x, y = panel.cell(r, c)
        xs.append(x)
        ys.append(y)
        labels.append(np.stack([np.full(r.size, number), r, c], axis=-1))
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "output cells",
        "x": np.concatenate(xs).astype(np.int16),
        "y": np.concatenate(ys).astype(np.int16),
        "marker": {"symbol": "square", "size": cell_px - 2, "color": "rgba(0,0,0,0)"},
        "customdata": np.concatenate(labels).astype(np.int16),
        "hovertemplate": "output (%{customdata[1]}, %{customdata[2]}): click to jump here<extra></extra>",
        "unselected": {"marker": {"opacity": 0}},
        "selected": {"marker": {"opacity": 0}},
    }


def _moving_traces(cell_px: int, text_at: tuple[float, float], theme: Theme, with_marks: bool) -> list[dict]:
    traces = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "window",
            "hoverinfo": "skip",
            "marker": {
                "symbol": "square-open",
                "size": cell_px - 2,
                "color": ROLE_COLOURS["highlight"],
                "line": {"width": 3},
            },
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "not yet computed",
            "fill": "toself",
            "fillcolor": PENDING_FILL,
            "line": {"width": 0},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "text",
            "name": "arithmetic",
            "x": [text_at[0]],
            "y": [text_at[1]],
            "textposition": "bottom right",
            "hoverinfo": "skip",
            "textfont": {"size": theme.font_px, "color": ROLE_COLOURS["highlight"], "family": "monospace"},
        },
    ]
    if with_marks:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "winner",
                "hoverinfo": "skip",
                "marker": {
                    "symbol": "square",
                    "size": cell_px - 8,
                    "color": ROLE_COLOURS["highlight"],
                    "opacity": 0.45,
                },
            }
        )
    return traces


def _frame_data(motion: Motion, with_marks: bool) -> list[dict]:
    data = [
        {"x": motion.window[:, 0].astype(np.int16), "y": motion.window[:, 1].astype(np.int16)},
        {"x": motion.pending[:, 0].astype(np.float32), "y": motion.pending[:, 1].astype(np.float32)},
        {"text": [motion.text]},
    ]
    if with_marks:
        data.append({"x": motion.marked[:, 0].astype(np.int16), "y": motion.marked[:, 1].astype(np.int16)})
    return data


def sliding_animation(
    panels: Sequence[Panel],
    targets: Sequence[Panel],
    static: list[dict],
    motions: Sequence[Motion],
    theme: Theme,
    text_lines: int,
    shapes: Sequence[dict] = (),
) -> Spec:
    """Spec animating `motions` over `panels`, opening at step 0. `static` holds the grids;
    clicking a cell of `targets` (the output maps, in step order) jumps to its step;
    `text_lines` sizes the room for the arithmetic under the panels."""
    bottom = max(p.y0 + p.rows for p in panels) - 0.5
    extent = (-2.0, max(p.x0 + p.cols for p in panels) + 0.5, -3.0, bottom + 0.6 + text_lines * 0.9)
    cell_px = theme.cell_size(extent[1] - extent[0], extent[3] - extent[2])
    with_marks = any(len(m.marked) for m in motions)
    moving = _moving_traces(cell_px, (-1.0, bottom + 0.6), theme, with_marks)
    data = [*static, *(index_labels(p, theme) for p in panels), *moving, click_layer(targets, cell_px)]
    indices = list(range(len(data) - 1 - len(moving), len(data) - 1))
    frames = [
        {"name": str(s), "traces": indices, "data": _frame_data(m, with_marks)} for s, m in enumerate(motions)
    ]
    for index, update in zip(indices, frames[0]["data"]):
        data[index] = {**data[index], **update}
    layout = base_layout(extent, cell_px, theme, bottom_px=CONTROLS_PX)
    layout |= animation_controls(len(motions), theme, plot_height_px=layout["height"] - CONTROLS_PX - 20)
    layout["annotations"] = [panel_title(p, theme) for p in panels]
    layout["shapes"] = [panel_frame(p) for p in panels] + list(shapes)
    return {"data": data, "layout": layout, "frames": frames}
