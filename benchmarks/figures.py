"""Figure payloads: the JSON Streamlit sends for the Plotly figures the pages still draw.

Run: python -m benchmarks.figures
The animations are the animation surface's (benchmarks/surface_payload.py); Plotly draws the
static charts. Budget (DESIGN section 8): no page sends more than 0.5 MB.
"""

from __future__ import annotations

import time

import numpy as np
import plotly.io as pio

from engine.trace.conv import trace_pad_conv2d
from lessons import pooling, volumes
from lessons.images import sample_image
from settings.conv import ConvSettings
from settings.pool import PoolSettings
from settings.presets import input_preset, kernel_preset
from settings.volume import VolumeSettings
from viz.image_figure import image_pair
from viz.theme import SCREEN

BUDGET_MB = 0.5


def measure(name: str, build) -> float:
    """Build the figure `build` returns, print its size and build and JSON times; returns its MB."""
    start = time.perf_counter()
    spec = build()
    built = time.perf_counter() - start
    start = time.perf_counter()
    payload = pio.to_json(spec, validate=False)
    serialised = time.perf_counter() - start
    print(f"{name:44} {len(payload) / 1e6:9.3f} {built * 1e3:9.1f} {serialised * 1e3:9.1f}")
    return len(payload) / 1e6


def picture_pair():
    """The 256x256 picture and its Sobel x feature map side by side, zoomed on an 8x8 block."""
    picture = sample_image("cameraman", (256, 256))
    trace = trace_pad_conv2d(picture[None], kernel_preset("Sobel x")[None, None], np.array([0.0]), (1,) * 4)
    return image_pair(picture, trace.output[0], trace.layer, SCREEN, ((100, 108), (100, 108)))


def main() -> None:
    """Print each figure's payload and times, and the largest against the budget."""
    print(f"{'figure':44} {'MB':>9} {'build ms':>9} {'json ms':>9}")
    largest = max(
        measure("image mode 256x256: picture and feature map", picture_pair),
        measure(
            "pooling 32x32 against a strided convolution",
            lambda: pooling.versus_stride(
                input_preset("random integers", (32, 32), np.random.default_rng(0)), PoolSettings(), False
            )[0],
        ),
        measure(
            "volume 3x5x5 in 3-D, step 0",
            lambda: volumes.step_3d(VolumeSettings(), ConvSettings(), 0, False),
        ),
    )
    print(f"budget: largest figure {largest:.3f} MB / {BUDGET_MB} MB = {largest / BUDGET_MB:.2f}")


if __name__ == "__main__":
    main()
