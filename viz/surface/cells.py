"""The pieces every surface payload is made of: grids of printed values, windows, unread cells."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from text.numbers import format_number

VERSION = 1
SHADES = 8  # shade levels on each side of 0: small integers keep the JSON short


def number_text(value: float) -> str:
    """The engine's format_number, with the infinities pooling pads with spelled as symbols."""
    if math.isinf(value):
        return "−∞" if value < 0 else "+∞"
    return format_number(value)


def shades(values: np.ndarray) -> list[int]:
    """Colour levels for a grid: diverging around 0 when signed, else scaled to the grid's range."""
    finite = np.where(np.isfinite(values), values, 0.0)
    low, high = float(finite.min()), float(finite.max())
    if low < 0:
        scale = max(-low, high) or 1.0
        level = finite / scale
    else:
        level = (finite - low) / ((high - low) or 1.0) if high > low else np.zeros_like(finite)
    return np.rint(level * SHADES).astype(int).ravel().tolist()


def flat_where(mask: np.ndarray) -> list[int]:
    """Flat (row-major) indices of the True cells of `mask`."""
    return np.flatnonzero(mask).tolist()


def grid(values: np.ndarray, padding: np.ndarray | None = None, **per_cell: Any) -> dict[str, Any]:
    """One drawn grid: (rows, cols) values as text, colour levels, and its masks."""
    rows, cols = values.shape
    entry: dict[str, Any] = {
        "rows": int(rows),
        "cols": int(cols),
        "text": [number_text(v) for v in values.ravel().tolist()],
        "shade": shades(values),
        "padding": flat_where(padding) if padding is not None else [],
        "unread": [],
    }
    for name, value in per_cell.items():
        if value is not None:
            entry[name] = value.ravel().tolist() if isinstance(value, np.ndarray) else value
    return entry


def visited(frame: tuple[int, int], taps: np.ndarray) -> np.ndarray:
    """(rows, cols) bool: the cells some tap in `taps` (..., 2) reads."""
    seen = np.zeros(frame, dtype=bool)
    seen[taps[..., 0].ravel(), taps[..., 1].ravel()] = True
    return seen


def window(
    starts: tuple[np.ndarray, np.ndarray],
    shape: tuple[int, int],
    kernel: tuple[int, int],
    dilation: tuple[int, int] = (1, 1),
    on: Any = None,
) -> dict[str, Any]:
    """A window whose origin at step (k, r, c) is (starts[0][r], starts[1][c]).

    `starts` comes from the trace's taps, so the browser indexes the engine's own coordinates."""
    rows, cols = [int(v) for v in starts[0]], [int(v) for v in starts[1]]
    assert len(rows) == shape[0] and len(cols) == shape[1]
    spec: dict[str, Any] = {
        "rows": rows,
        "cols": cols,
        "kh": int(kernel[0]),
        "kw": int(kernel[1]),
        "dh": int(dilation[0]),
        "dw": int(dilation[1]),
    }
    if on is not None:
        spec["on"] = [int(bool(v)) for v in on]
    return spec


def separable_starts(origins: np.ndarray, shape: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(S, 2) per-step origins -> origin row per step row and origin col per step col.

    Windows on a grid move by rows and columns independently; this checks it rather than assumes."""
    grid_origins = origins.reshape(*shape, 2)
    rows, cols = grid_origins[0, :, 0, 0], grid_origins[0, 0, :, 1]
    assert (grid_origins[..., 0] == rows[None, :, None]).all()
    assert (grid_origins[..., 1] == cols[None, None, :]).all()
    return rows, cols


def cell_steps(shape: tuple[int, int, int]) -> np.ndarray:
    """(k, r, c) -> its own step: the output grid of a row-major trace."""
    return np.arange(int(np.prod(shape))).reshape(shape)


def unread_notice(title: str, unread_mask: np.ndarray) -> str:
    """Plain text naming the cells no window reads: whole rows and columns first."""
    rows = np.flatnonzero(unread_mask.all(axis=1)).tolist()
    cols = np.flatnonzero(unread_mask.all(axis=0)).tolist()
    rest = unread_mask.copy()
    rest[rows, :] = False
    rest[:, cols] = False
    parts = [
        f"row {', '.join(map(str, rows))}" if rows else "",
        f"column {', '.join(map(str, cols))}" if cols else "",
    ]
    cells = [f"({r}, {c})" for r, c in np.argwhere(rest).tolist()]
    parts.append(", ".join(cells[:8]) + (f" and {len(cells) - 8} more cells" if len(cells) > 8 else ""))
    named = "; ".join(part for part in parts if part)
    if not named:
        return ""
    return f"No window reads {int(unread_mask.sum())} cells of the {title}, marked x: {named}."


def page_titles(title: str, count: int, what: str = "channel") -> list[str]:
    """One title per channel, numbered, or just `title` when there is one."""
    return [f"{title} {what} {i}" for i in range(count)] if count > 1 else [title]
