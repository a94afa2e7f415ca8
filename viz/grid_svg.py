"""Still grids as SVG: matrices side by side, each value printed and coloured as the animated
figures colour it. The browser draws them without a script or a charting library, so a page
whose only other figures are animations loads no Plotly at all.

Each matrix is its own small SVG in cell units (a cell is 1 x 1), shown as an image (Streamlit's
st.html drops inline SVG) in a wrapping row: side by side on a wide screen, one under another on
a phone, each at its natural size or narrower. Every text is escaped; values arrive formatted by
the engine's `format_number`.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

import numpy as np

from engine.analysis.fanout import Link
from engine.trace.backward import ConvBackwardTrace
from viz.grid import colour_range, value_text
from viz.theme import ROLE_COLOURS, Theme, scale_rgb

MARGIN = 1.0  # cells left of and above a grid, for its row and column numbers
PRINTED_UP_TO = 16  # values printed on grids up to 16x16, in classroom mode too (issue 15)


def cell_colours(values: np.ndarray, signed: bool | None = None) -> list[list[str]]:
    """(rows, cols) -> each cell's fill as #rrggbb, on the scale `viz.grid.colour_range` gives
    the Plotly heatmaps (diverging around 0 when signed, else sequential); NaN cells are empty."""
    scale = colour_range(values, signed)
    codes = scale_rgb(np.nan_to_num(values), scale["colorscale"], scale["zmin"], scale["zmax"])
    return [
        ["" if not np.isfinite(v) else "#" + bytes(code).hex() for v, code in zip(row, codes_row)]
        for row, codes_row in zip(values, codes)
    ]


def _on_dark(fill: str) -> str:
    """White text on a dark cell (the group's dark text elsewhere)."""
    if not fill:
        return ""
    r, g, b = bytes.fromhex(fill[1:])
    return ' fill="#ffffff"' if 0.299 * r + 0.587 * g + 0.114 * b < 140 else ""


def matrix_svg(
    role: str, values: np.ndarray, theme: Theme, signed: bool | None, marked: np.ndarray | None
) -> str:
    """One matrix (rows, cols) with its indices, framed in its role's colour, `marked` (n, 2) cells
    outlined. Its title is text beside the image (an image would cut a title wider than the grid)."""
    rows, cols = values.shape
    width, height = cols + MARGIN, rows + MARGIN
    fills = cell_colours(values, signed)
    texts = value_text(values) if max(values.shape) <= PRINTED_UP_TO else None
    step = max(1, max(rows, cols) // 16)  # every index on small grids, fewer on large ones
    value_size = theme.value_font_px / theme.cell_px  # in cells: a cell is theme.cell_px pixels
    index_size = 0.8 * theme.font_px / theme.cell_px
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-MARGIN} {-MARGIN} {width} {height}" '
        f'width="{width * theme.cell_px:.0f}" height="{height * theme.cell_px:.0f}" '
        'font-family="sans-serif">',
        f'<g font-size="{index_size:.3f}" fill="#6b7280" text-anchor="middle">',
        *(f'<text x="{c + 0.5}" y="-0.25">{c}</text>' for c in range(0, cols, step)),
        *(f'<text x="-0.5" y="{r + 0.75}">{r}</text>' for r in range(0, rows, step)),
        "</g>",
        '<g stroke="#ffffff" stroke-width="0.04">',
        *(
            f'<rect x="{c}" y="{r}" width="1" height="1" fill="{fills[r][c]}" data-cell="{r},{c}"/>'
            for r in range(rows)
            for c in range(cols)
            if fills[r][c]
        ),
        "</g>",
        f'<rect x="0" y="0" width="{cols}" height="{rows}" fill="none" stroke="{ROLE_COLOURS[role]}" '
        'stroke-width="0.06"/>',
    ]
    if texts is not None:
        parts.append(
            f'<g font-size="{value_size:.3f}" text-anchor="middle" dominant-baseline="central" '
            'fill="#1f2937">'
        )
        parts += [
            f'<text x="{c + 0.5}" y="{r + 0.5}"{_on_dark(fills[r][c])}>{escape(texts[r][c])}</text>'
            for r in range(rows)
            for c in range(cols)
            if texts[r][c]
        ]
        parts.append("</g>")
    if marked is not None and len(marked):
        parts.append(f'<g fill="none" stroke="{ROLE_COLOURS["highlight"]}" stroke-width="0.12">')
        parts += [
            f'<rect x="{c + 0.06}" y="{r + 0.06}" width="0.88" height="0.88"/>' for r, c in marked.tolist()
        ]
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts).replace('"', "'")  # texts are escaped, so every quote is an attribute's


def _figure(title: str, role: str, values: np.ndarray, svg: str, theme: Theme) -> str:
    """One matrix: its title in its role's colour, wrapping within the grid's width, over the SVG
    as an image with its title and size as the alternative text."""
    alt = escape(f"{title} ({values.shape[0]}x{values.shape[1]})")
    uri = "data:image/svg+xml," + quote(svg, safe=" /=:;,.-()'")
    grid_px = values.shape[1] * theme.cell_px  # centred over the cells, right of the row numbers
    caption = (
        f"color:{ROLE_COLOURS[role]};font-weight:600;font-size:{theme.title_font_px}px;text-align:center;"
        f"max-width:max({grid_px}px,16rem);padding-left:{MARGIN * theme.cell_px:.0f}px"
    )
    return (
        '<div style="display:flex;flex-direction:column;align-items:center;max-width:100%">'
        f'<div style="{caption}">{escape(title)}</div>'
        f'<img alt="{alt}" data-grid="{escape(title)}" src="{uri}" style="max-width:100%;height:auto"/></div>'
    )


def grids_html(
    matrices: list[tuple[str, str, np.ndarray]],
    theme: Theme,
    signed: bool | None = None,
    highlights: list[np.ndarray] | None = None,
) -> str:
    """Matrices side by side, wrapping on a narrow screen: [(title, role, values (rows, cols)), ...],
    with `highlights[i]` (n, 2) cells of matrix i outlined in the highlight colour."""
    marks: list[np.ndarray | None] = list(highlights) if highlights else [None] * len(matrices)
    figures = []
    for (title, role, values), marked in zip(matrices, marks):
        values = np.asarray(values, dtype=np.float64)
        figures.append(_figure(title, role, values, matrix_svg(role, values, theme, signed, marked), theme))
    row = "display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start"
    return f'<div class="cl-grids" style="{row}">{"".join(figures)}</div>'


def fan_out_grids(
    padded: np.ndarray, weights: np.ndarray, output: np.ndarray, links: list[Link], theme: Theme
) -> str:
    """Input, kernel and output with the cells, weights and outputs of `links` outlined
    (engine.analysis.fanout)."""
    cells = [
        np.array([getattr(link, part) for link in links], dtype=int).reshape(-1, 2)
        for part in ("input", "weight", "output")
    ]
    return grids_html(
        [("Input (padded)", "input", padded), ("Kernel", "kernel", weights), ("Output", "output", output)],
        theme,
        highlights=cells,
    )


def crop_grids(trace: ConvBackwardTrace, theme: Theme) -> str:
    """A ConvBackwardTrace's gradient of the padded input, the forward's padding outlined, beside
    dL/dX once that padding is cropped (zeros) or folded back (other modes)."""
    return grids_html(
        [
            ("dL/d(padded input)", "gradient", trace.grad_input.output[0]),
            ("dL/dX", "gradient", trace.grad_input_values[0]),
        ],
        theme,
        signed=True,
        highlights=[np.argwhere(trace.forward_is_padding), np.zeros((0, 2), dtype=int)],
    )
