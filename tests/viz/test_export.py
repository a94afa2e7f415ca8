"""The GIF export is bounded at every animated size: at most MAX_GIF_FRAMES frames of at most
MAX_FRAME_PIXELS pixels (a 32x32 input once made 1,024 frames of 2.4 megapixels: 330 s, 3.9 GB)."""

import io

import numpy as np
import pytest
from PIL import Image

from engine.trace.conv import trace_conv2d
from viz.export import MAX_FRAME_PIXELS, MAX_GIF_FRAMES, conv_gif, gif_plan


def trace(n: int, k: int = 3, padding: int = 1):
    grid = np.arange(n * n, dtype=float).reshape(1, n, n)
    return trace_conv2d(grid, np.ones((1, 1, k, k)), np.zeros(1), padding=padding)


def test_a_small_animation_keeps_one_frame_per_output_cell():
    gif = Image.open(io.BytesIO(conv_gif(trace(7))))
    assert gif.n_frames == 49 and gif.size == (690, 330)


@pytest.mark.parametrize(("n", "k", "padding"), [(32, 3, 1), (32, 7, 3), (32, 1, 0)])
def test_the_largest_animations_stay_within_the_frame_and_pixel_bounds(n, k, padding):
    gif = Image.open(io.BytesIO(conv_gif(trace(n, k, padding))))
    assert gif.n_frames <= MAX_GIF_FRAMES
    assert gif.size[0] * gif.size[1] <= MAX_FRAME_PIXELS


def test_frames_past_the_bound_reveal_several_outputs_and_end_on_the_last():
    cell, ends = gif_plan([(34, 34), (3, 3), (32, 32)], 1024)
    assert len(ends) <= MAX_GIF_FRAMES and ends[-1] == 1023 and ends == sorted(ends)
    assert cell < 30  # shrunk to fit the pixel bound
