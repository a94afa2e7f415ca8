"""Numbers as people read and type them: exact, short, and grids as text."""

from __future__ import annotations

import math
import re

import numpy as np

MAX_MAGNITUDE = 1e6


def format_number(value: float, digits: int = 3) -> str:
    """Shortest readable text: integers without a decimal point, others rounded."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.{digits}g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.1e}"


def exact_number(value: float) -> str:
    """Text that reads back as exactly the same float: integers plain, others by repr."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def grid_to_text(grid: np.ndarray) -> str:
    """(H, W) -> "1 2 3; 4 5 6" (the format `parse_grid` reads back)."""
    return "; ".join(" ".join(format_number(v, 6) for v in row) for row in np.asarray(grid))


def parse_grid(text: str, name: str, max_size: tuple[int, int]) -> np.ndarray:
    """Text -> (H, W) float64, or ValueError saying what is wrong with the user's own text."""
    rows = [row for row in re.split(r"[;\n]", text.strip()) if row.strip()]
    if not rows:
        raise ValueError(f"the {name} is empty: type rows of numbers, e.g. 1 0 -1; 2 0 -2; 1 0 -1")
    values = []
    for number, row in enumerate(rows, start=1):
        cells = [cell for cell in re.split(r"[,\s]+", row.strip()) if cell]
        try:
            values.append([float(cell) for cell in cells])
        except ValueError:
            bad = next(cell for cell in cells if not _is_float(cell))
            raise ValueError(
                f"row {number} of the {name} holds {bad[:20]!r}, which is not a number"
            ) from None
    widths = {len(row) for row in values}
    if len(widths) > 1:
        counts = ", ".join(str(len(row)) for row in values)
        raise ValueError(f"every row of the {name} needs the same number of values; the rows have {counts}")
    grid = np.array(values)
    if grid.shape[0] > max_size[0] or grid.shape[1] > max_size[1]:
        raise ValueError(
            f"the {name} is {grid.shape[0]}x{grid.shape[1]}, "
            f"larger than the {max_size[0]}x{max_size[1]} allowed here"
        )
    if not all(math.isfinite(v) and abs(v) <= MAX_MAGNITUDE for v in grid.ravel()):
        raise ValueError(
            f"the {name}'s values must be finite numbers no larger than {MAX_MAGNITUDE:g} in size"
        )
    return grid


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
