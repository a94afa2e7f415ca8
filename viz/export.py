"""Exports: the output as CSV, the animation as a GIF drawn with Pillow (no browser needed)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFont

from engine.trace.conv import ConvTrace
from text.numbers import format_number
from viz.theme import PADDING_FILL, ROLE_COLOURS

# The GIF is drawn on the server when a student clicks: bounded so it costs well under ~2 s and
# ~200 MB at every size the page animates (a 32x32 input once took 330 s and 3.9 GB). Past
# MAX_GIF_FRAMES steps a frame reveals several outputs; cells shrink to keep a frame under
# MAX_FRAME_PIXELS, and values are printed only while a cell can hold them.
MAX_GIF_FRAMES = 120
MAX_FRAME_PIXELS = 250_000
MIN_TEXT_CELL = 18


def output_csv(output: np.ndarray) -> str:
    """(H, W) -> CSV text, one output row per line, full precision."""
    return "\n".join(",".join(repr(float(v)) for v in row) for row in np.asarray(output)) + "\n"


def _cell_colour(value: float, bound: float) -> tuple[int, int, int]:
    """White for 0, towards teal for positive and brown for negative values (the diverging scale)."""
    t = 0.0 if bound == 0 else max(-1.0, min(1.0, value / bound))
    far = (1, 102, 94) if t >= 0 else (140, 81, 10)
    red, green, blue = (round(255 + (f - 255) * abs(t)) for f in far)
    return red, green, blue


class _Canvas:
    """Grids drawn left to right on one image, one cell = `cell` pixels."""

    def __init__(self, shapes: list[tuple[int, int]], cell: int) -> None:
        self.cell, self.gap = cell, cell
        self.x0 = np.cumsum([self.gap] + [cols * cell + self.gap for _, cols in shapes[:-1]])
        self.size = (
            int(self.x0[-1] + shapes[-1][1] * cell + self.gap),
            max(r for r, _ in shapes) * cell + 2 * self.gap,
        )
        self.font = ImageFont.load_default(size=max(9, cell // 3)) if cell >= MIN_TEXT_CELL else None

    def box(self, panel: int, r: int, c: int) -> tuple[int, int, int, int]:
        left, top = self.x0[panel] + c * self.cell, self.gap + r * self.cell
        return left, top, left + self.cell - 1, top + self.cell - 1

    def cell_at(self, draw: ImageDraw.ImageDraw, panel: int, r: int, c: int, value: float, fill) -> None:
        """One cell with its value printed (when the cell is large enough to hold it)."""
        box = self.box(panel, r, c)
        draw.rectangle(box, fill=tuple(int(v) for v in fill), outline=(200, 200, 200))
        if self.font is not None:
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            draw.text(centre, format_number(value), fill=(0, 0, 0), font=self.font, anchor="mm")

    def grid(self, draw: ImageDraw.ImageDraw, panel: int, values: np.ndarray, fills: np.ndarray) -> None:
        for (r, c), value in np.ndenumerate(values):
            self.cell_at(draw, panel, r, c, value, fills[r, c])

    def outline(self, draw: ImageDraw.ImageDraw, panel: int, cells: Iterable[Any]) -> None:
        for r, c in cells:
            draw.rectangle(
                self.box(panel, r, c), outline=ROLE_COLOURS["highlight"], width=max(1, self.cell // 10)
            )


def _fills(values: np.ndarray, padding: np.ndarray | None = None) -> np.ndarray:
    """(H, W, 3) RGB per cell: the diverging scale, grey on padding."""
    bound = float(np.abs(values).max()) or 1.0
    fills = np.array([[_cell_colour(v, bound) for v in row] for row in values], dtype=np.uint8)
    if padding is not None:
        fills[padding] = ImageColor.getrgb(PADDING_FILL)
    return fills


def gif_plan(shapes: list[tuple[int, int]], steps: int, cell: int = 30) -> tuple[int, list[int]]:
    """(cell size in pixels, the steps that end a frame) within the GIF's frame and pixel bounds."""
    cells = (sum(cols for _, cols in shapes) + len(shapes) + 1) * (max(rows for rows, _ in shapes) + 2)
    cell = max(2, min(cell, int((MAX_FRAME_PIXELS / cells) ** 0.5)))
    every = -(-steps // MAX_GIF_FRAMES)  # ceil
    return cell, sorted({*range(every - 1, steps, every), steps - 1})


def conv_gif(trace: ConvTrace, cell: int = 30, frame_ms: int = 600) -> bytes:
    """The animation as an animated GIF: padded input, kernel and output; the window and the
    current output cell outlined; outputs revealed in order (several a frame past
    MAX_GIF_FRAMES steps). Each output cell is drawn once, onto a running picture."""
    padded, kernel, output = trace.padded_input[0], trace.weight[0, 0], trace.output[0]
    cell, ends = gif_plan([padded.shape, kernel.shape, output.shape], len(trace), cell)
    canvas = _Canvas([padded.shape, kernel.shape, output.shape], cell)
    revealed = Image.new("RGB", canvas.size, "white")
    pen = ImageDraw.Draw(revealed)
    canvas.grid(pen, 0, padded, _fills(padded, trace.is_padding))
    canvas.grid(pen, 1, kernel, _fills(kernel))
    output_fills, out_origin = _fills(output), trace.out_index[0, 1:]
    palette = _palette(canvas, revealed, output, output_fills)
    frames, drawn = [], 0
    for end in ends:
        for s in range(drawn, end + 1):
            r, c = trace.out_index[s, 1:] - out_origin
            canvas.cell_at(pen, 2, r, c, output[r, c], output_fills[r, c])
        drawn = end + 1
        frame = revealed.copy()
        marks = ImageDraw.Draw(frame)
        canvas.outline(marks, 0, trace.taps[end].reshape(-1, 2) - np.array(trace.origin))
        canvas.outline(marks, 2, [trace.out_index[end, 1:] - out_origin])
        frames.append(frame.quantize(palette=palette, dither=Image.Dither.NONE))
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=frame_ms, loop=0)
    return buffer.getvalue()


def _palette(canvas: _Canvas, inputs: Image.Image, output: np.ndarray, fills: np.ndarray) -> Image.Image:
    """One palette for every frame: the colours of the finished picture, outlines included."""
    finished = inputs.copy()
    pen = ImageDraw.Draw(finished)
    canvas.grid(pen, 2, output, fills)
    canvas.outline(pen, 2, [(0, 0)])
    return finished.quantize(colors=256, method=Image.Quantize.MEDIANCUT)


def table_csv(rows: list[dict]) -> str:
    """Rows of a table (same keys) -> CSV text with a header; values quoted when they hold commas."""
    if not rows:
        return ""
    quote = lambda value: f'"{value}"' if "," in str(value) else ("" if value is None else str(value))  # noqa: E731
    lines = [",".join(rows[0])] + [",".join(quote(row[key]) for key in rows[0]) for row in rows]
    return "\n".join(lines) + "\n"
