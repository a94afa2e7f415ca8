"""Data the animation surface sends for the pages' animations, as JSON, against the budgets.

Run: python -m benchmarks.surface_payload
Each payload is built by the page's own lesson (the cached object a page hands the surface).
Budgets (issue 15, DESIGN section 8): a 32x32 convolution with a 3x3 kernel <= 100 KB (its
Plotly animation sent 475 KB, a frame per step); no page sends more than 0.5 MB.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

from lessons import backprop, convolution, inputs, pooling, transposed, volumes
from settings.backprop import UpstreamSettings
from settings.conv import ConvSettings
from settings.input import InputSettings
from settings.kernel import KernelSettings
from settings.pool import PoolSettings
from settings.transpose import TransposeSettings
from settings.volume import VolumeSettings

BUDGET_KB = 100


def grid(size: int):
    """A (size, size) input grid with the default settings."""
    return inputs.input_grid(replace(InputSettings(), height=size, width=size), "", b"")


def convolution_payload(size: int, pad: int = 0) -> dict:
    """The surface payload of a 3x3 convolution over a (size, size) grid padded by `pad` all round."""
    conv = replace(ConvSettings(), pad_top=pad, pad_bottom=pad, pad_left=pad, pad_right=pad)
    return convolution.build(grid(size), KernelSettings(), conv, False, False).animation


def picture_zoom() -> dict:
    """The surface payload of a 256x256 picture's convolution, zoomed on an 8x8 block."""
    picture = inputs.input_grid(replace(InputSettings(), source="image", height=256, width=256), "", b"")
    return convolution.build(
        picture, KernelSettings(), ConvSettings(), False, True, ((100, 108), (100, 108))
    ).animation


CASES = {
    "convolution 7x7, 3x3": lambda: convolution_payload(7),
    "convolution 32x32, 3x3 (the budget case)": lambda: convolution_payload(32),
    "convolution 32x32, 3x3, padding 1": lambda: convolution_payload(32, 1),
    "convolution 32x32, 11x11 (AlexNet's kernel)": lambda: (
        convolution.build(
            grid(32),
            replace(KernelSettings(), preset="custom", text="; ".join([" ".join(["1"] * 11)] * 11)),
            replace(ConvSettings(), stride_h=4, stride_w=4),
            False,
            False,
        ).animation
    ),
    "image mode 256x256: zoomed 8x8": picture_zoom,
    "pooling 32x32, 2x2 max": lambda: pooling.build(grid(32), PoolSettings(), False, False, None).animation,
    "volume 3x5x5, two 3x3 filters (the default)": lambda: (
        volumes.build(VolumeSettings(), ConvSettings()).animation
    ),
    "volume 4x16x16, four 3x3 filters": lambda: (
        volumes.build(
            replace(VolumeSettings(), input_channels=4, height=16, width=16, filters=4), ConvSettings()
        ).animation
    ),
    "backprop 12x12: dL/dX": lambda: (
        backprop.build(
            grid(12), KernelSettings(), ConvSettings(), UpstreamSettings(), 0, False
        ).input_animation
    ),
    "transposed 8x8, stride 2: stamps": lambda: (
        transposed.build(grid(8), KernelSettings(), TransposeSettings(), False).stamp_animation
    ),
}


def main() -> None:
    """Print each case's steps, KB and build time, and the 32x32 convolution against the budget."""
    print(f"{'payload':46} {'steps':>6} {'KB':>8} {'build ms':>9}")
    for name, build in CASES.items():
        start = time.perf_counter()
        payload = build()
        built = time.perf_counter() - start
        kb = len(json.dumps(payload)) / 1000  # as Streamlit sends it: json.dumps' default separators
        steps = payload["steps"]["shape"][0] * payload["steps"]["shape"][1] * payload["steps"]["shape"][2]
        print(f"{name:46} {steps:6} {kb:8.1f} {built * 1e3:9.1f}")
    kb = len(json.dumps(convolution_payload(32))) / 1000
    print(f"budget: 32x32 convolution {kb:.1f} KB / {BUDGET_KB} KB = {kb / BUDGET_KB:.2f}")


if __name__ == "__main__":
    main()
