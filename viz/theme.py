"""The visual language: one colour per role on every page, and sizes for screen or projector."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ROLE_COLOURS = {
    "input": "#2563eb",  # blue
    "padding": "#9ca3af",  # grey
    "kernel": "#c2410c",  # orange
    "output": "#047857",  # green
    "gradient": "#581c87",  # deep purple: a lighter violet reads as the input's blue to deuteranopes
    "highlight": "#db2777",  # magenta: the current window, cell and step
}
PADDING_FILL = "#eceef1"
UNVISITED_MARK = "#6b7280"
PENDING_FILL = "#ffffff"

# Sequential scale for inputs, diverging scale centred on 0 for signed values (kernels, outputs,
# gradients). Both read for colour-blind viewers: blue-white sequential, brown-teal diverging.
SEQUENTIAL = [[0.0, "#ffffff"], [1.0, "#1d4ed8"]]
DIVERGING = [[0.0, "#8c510a"], [0.25, "#d8b365"], [0.5, "#f5f5f5"], [0.75, "#5ab4ac"], [1.0, "#01665e"]]


def scale_rgb(values: np.ndarray, scale: list, low: float, high: float) -> np.ndarray:
    """Values (...) -> (..., 3) uint8 RGB on a Plotly colour scale running from `low` to `high`."""
    t = np.clip((np.asarray(values, dtype=np.float64) - low) / ((high - low) or 1.0), 0, 1)
    stops = [stop for stop, _ in scale]
    rgb = [bytes.fromhex(colour[1:]) for _, colour in scale]
    return (
        np.stack([np.interp(t, stops, [c[i] for c in rgb]) for i in range(3)], axis=-1)
        .round()
        .astype(np.uint8)
    )


@dataclass(frozen=True)
class Theme:
    """Sizes for one display: normal screens, or classroom mode for a projector."""

    cell_px: int = 34
    font_px: int = 14
    value_font_px: int = 12
    title_font_px: int = 16
    max_value_cells: int = 16  # print values in cells while a grid is at most this wide

    def cell_size(
        self, cells_wide: int, cells_high: int, max_width_px: int = 1100, max_height_px: int = 640
    ) -> int:
        """Pixels per cell: the theme's size, shrunk so the whole figure fits."""
        return max(
            6, min(self.cell_px, max_width_px // max(cells_wide, 1), max_height_px // max(cells_high, 1))
        )


SCREEN = Theme()
CLASSROOM = Theme(cell_px=48, font_px=20, value_font_px=18, title_font_px=24, max_value_cells=12)


def theme_for(classroom: bool) -> Theme:
    """The projector's larger theme in classroom mode, else the screen's."""
    return CLASSROOM if classroom else SCREEN
