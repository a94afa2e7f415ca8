"""Figure payloads: the JSON Streamlit sends for the Convolution page's figures.

Run: python benchmarks/figures.py
Budget (DESIGN section 7): a 32x32 input with a 3x3 kernel stays under 0.5 MB; the payload
grows with the number of steps, not steps x grid size.
"""

from __future__ import annotations

import time

import numpy as np
import plotly.io as pio

from engine.trace.conv import trace_pad_conv2d
from engine.trace.pool import trace_pool2d
from lessons.images import sample_image
from settings.presets import input_preset, kernel_preset
from viz.conv_figure import conv_animation
from viz.image_figure import image_pair
from viz.pool_figure import pool_animation
from viz.theme import SCREEN
from viz.volume_figure import volume_animation

BUDGET_MB = 0.5


def measure(name: str, build) -> None:
    start = time.perf_counter()
    spec = build()
    built = time.perf_counter() - start
    start = time.perf_counter()
    payload = pio.to_json(spec, validate=False)
    serialised = time.perf_counter() - start
    frames = len(spec.get("frames", []))
    print(f"{name:44} {frames:6} {len(payload) / 1e6:9.3f} {built * 1e3:9.1f} {serialised * 1e3:9.1f}")


def animated(size: int, pad: int = 0):
    x = input_preset("random integers", (size, size), np.random.default_rng(0))[None]
    trace = trace_pad_conv2d(x, kernel_preset("Sobel x")[None, None], np.array([0.0]), (pad,) * 4)
    return conv_animation(trace, SCREEN)


def image_mode():
    picture = sample_image("cameraman", (256, 256))
    trace = trace_pad_conv2d(picture[None], kernel_preset("Sobel x")[None, None], np.array([0.0]), (1,) * 4)
    pair = image_pair(picture, trace.output[0], trace.layer, SCREEN, ((100, 108), (100, 108)))
    zoom = trace_pad_conv2d(
        picture[None],
        kernel_preset("Sobel x")[None, None],
        np.array([0.0]),
        (1,) * 4,
        out_rows=(100, 108),
        out_cols=(100, 108),
    )
    return pair, conv_animation(zoom, SCREEN)


def pooled(size: int, kernel: int, stride: int):
    x = input_preset("random integers", (size, size), np.random.default_rng(0))[None]
    return pool_animation(trace_pool2d(x, "max", kernel, stride), SCREEN)


def volume(channels: int, size: int, filters: int):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 10, (channels, size, size)).astype(float)
    w = rng.integers(-2, 3, (filters, channels, 3, 3)).astype(float)
    return volume_animation(trace_pad_conv2d(x, w, np.zeros(filters), (1,) * 4), SCREEN)


def main() -> None:
    print(f"{'figure':44} {'frames':>6} {'MB':>9} {'build ms':>9} {'json ms':>9}")
    measure("7x7 input, 3x3 kernel", lambda: animated(7))
    measure("32x32 input, 3x3 kernel (the budget case)", lambda: animated(32))
    measure("32x32 input, 3x3 kernel, padding 1", lambda: animated(32, 1))
    measure("pooling 32x32, 2x2 max", lambda: pooled(32, 2, 2))
    measure("pooling 32x32, 3x3 max, stride 1 (overlapping)", lambda: pooled(32, 3, 1))
    measure("volume 3x5x5, two 3x3 filters (the default)", lambda: volume(3, 5, 2))
    measure("volume 4x16x16, four 3x3 filters (the largest)", lambda: volume(4, 16, 4))
    pair, zoom = image_mode()
    measure("image mode 256x256: picture and feature map", lambda: pair)
    measure("image mode 256x256: zoomed 8x8 animation", lambda: zoom)
    size = len(pio.to_json(animated(32), validate=False)) / 1e6
    print(f"budget: 32x32 figure {size:.3f} MB / {BUDGET_MB} MB = {size / BUDGET_MB:.2f}")


if __name__ == "__main__":
    main()
