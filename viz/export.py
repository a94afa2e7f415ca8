"""Exports: the output as CSV, the animation as a GIF drawn with Pillow (no browser needed)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFont

from engine.trace.conv import ConvTrace
from text.numbers import format_number
from viz.theme import PADDING_FILL, ROLE_COLOURS

MAX_GIF_FRAMES = 1024


def output_csv(output: np.ndarray) -> str:
    """(H, W) -> CSV text, one output row per line, full precision."""
    return "\n".join(",".join(repr(float(v)) for v in row) for row in np.asarray(output)) + "\n"


def _cell_colour(value: float, bound: float) -> tuple[int, int, int]:
    """White for 0, towards teal for positive and brown for negative values (the diverging scale)."""
    t = 0.0 if bound == 0 else max(-1.0, min(1.0, value / bound))
    far = (1, 102, 94) if t >= 0 else (140, 81, 10)
    return tuple(round(255 + (f - 255) * abs(t)) for f in far)


class _Canvas:
    """Grids drawn left to right on one image, one cell = `cell` pixels."""

    def __init__(self, shapes: list[tuple[int, int]], cell: int) -> None:
        self.cell, self.gap = cell, cell
        self.x0 = np.cumsum([self.gap] + [cols * cell + self.gap for _, cols in shapes[:-1]])
        self.size = (
            int(self.x0[-1] + shapes[-1][1] * cell + self.gap),
            max(r for r, _ in shapes) * cell + 2 * self.gap,
        )
        self.font = ImageFont.load_default(size=max(9, cell // 3))

    def box(self, panel: int, r: int, c: int) -> tuple[int, int, int, int]:
        left, top = self.x0[panel] + c * self.cell, self.gap + r * self.cell
        return left, top, left + self.cell - 1, top + self.cell - 1

    def grid(self, draw: ImageDraw.ImageDraw, panel: int, values: np.ndarray, fills: np.ndarray) -> None:
        """Cells with their value printed; NaN values are left blank (not yet computed)."""
        for (r, c), value in np.ndenumerate(values):
            if np.isnan(value):
                continue
            box = self.box(panel, r, c)
            draw.rectangle(box, fill=tuple(fills[r, c]), outline=(200, 200, 200))
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            draw.text(centre, format_number(value), fill=(0, 0, 0), font=self.font, anchor="mm")

    def outline(self, draw: ImageDraw.ImageDraw, panel: int, cells: np.ndarray) -> None:
        for r, c in cells:
            draw.rectangle(self.box(panel, r, c), outline=ROLE_COLOURS["highlight"], width=3)


def _fills(values: np.ndarray, padding: np.ndarray | None = None) -> np.ndarray:
    """(H, W, 3) RGB per cell: the diverging scale, grey on padding."""
    bound = float(np.abs(values).max()) or 1.0
    fills = np.array([[_cell_colour(v, bound) for v in row] for row in values], dtype=np.uint8)
    if padding is not None:
        fills[padding] = ImageColor.getrgb(PADDING_FILL)
    return fills


def conv_gif(trace: ConvTrace, cell: int = 30, frame_ms: int = 600) -> bytes:
    """The animation as an animated GIF: padded input, kernel and output; the window and the
    current output cell outlined; outputs revealed one by one (at most 1,024 frames)."""
    padded, kernel, output = trace.padded_input[0], trace.weight[0, 0], trace.output[0]
    canvas = _Canvas([padded.shape, kernel.shape, output.shape], cell)
    base = Image.new("RGB", canvas.size, "white")
    draw = ImageDraw.Draw(base)
    canvas.grid(draw, 0, padded, _fills(padded, trace.is_padding))
    canvas.grid(draw, 1, kernel, _fills(kernel))
    output_fills, order = _fills(output), np.arange(output.size).reshape(output.shape)
    out_origin = trace.out_index[0, 1:]
    frames = []
    for s in range(min(len(trace), MAX_GIF_FRAMES)):
        frame = base.copy()
        pen = ImageDraw.Draw(frame)
        canvas.grid(pen, 2, np.where(order <= s, output, np.nan), output_fills)
        canvas.outline(pen, 0, trace.taps[s].reshape(-1, 2) - np.array(trace.origin))
        canvas.outline(pen, 2, [trace.out_index[s, 1:] - out_origin])
        frames.append(frame.convert("P", palette=Image.Palette.ADAPTIVE))
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=frame_ms, loop=0)
    return buffer.getvalue()


def table_csv(rows: list[dict]) -> str:
    """Rows of a table (same keys) -> CSV text with a header; values quoted when they hold commas."""
    if not rows:
        return ""
    quote = lambda value: f'"{value}"' if "," in str(value) else ("" if value is None else str(value))  # noqa: E731
    lines = [",".join(rows[0])] + [",".join(quote(row[key]) for key in rows[0]) for row in rows]
    return "\n".join(lines) + "\n"
