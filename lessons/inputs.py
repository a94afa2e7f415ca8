"""The input a page computes on: a preset, typed values, a sample picture or an upload."""

from __future__ import annotations

import numpy as np

from engine.arrays import frozen
from lessons.images import decode_image, sample_image
from settings.input import MAX_ANIMATED, InputSettings
from settings.presets import input_preset
from text.numbers import parse_grid


def input_grid(inputs: InputSettings, upload_name: str = "", upload: bytes = b"") -> np.ndarray:
    """(H, W) read-only input; an upload (named, even if empty: it is refused with a reason)
    stands in for the sample picture."""
    if inputs.source == "typed":
        return frozen(parse_grid(inputs.typed, "input", (MAX_ANIMATED, MAX_ANIMATED)))
    if inputs.source == "image":
        if upload_name:
            return frozen(decode_image(upload, inputs.size, upload_name))
        return frozen(sample_image(inputs.sample, inputs.size))
    return frozen(input_preset(inputs.preset, inputs.size, np.random.default_rng(inputs.seed)))


def is_picture(inputs: InputSettings, grid: np.ndarray) -> bool:
    """Image mode: a picture, or a grid too large to animate cell by cell."""
    return inputs.source == "image" or max(grid.shape) > MAX_ANIMATED


def zoom_block(
    output_size: tuple[int, int], corner: tuple[int, int], side: int = 8
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Image mode's zoomed block of output cells from its top-left `corner`, at most side x side:
    ((r0, r1), (c0, c1)), end excluded, inside the output."""

    def span(start: int, n: int) -> tuple[int, int]:
        first = min(start, max(n - side, 0))
        return first, min(first + side, n)

    return span(corner[0], output_size[0]), span(corner[1], output_size[1])
