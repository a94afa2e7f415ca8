"""Data the animation surface sends for a convolution, as JSON, against the 100 KB budget.

Run: python benchmarks/surface_payload.py
The same configuration as benchmarks/figures.py (random integers, Sobel x, padding 1), whose
Plotly animation sends one frame per step (475 KB at 32x32 before the surface).
"""

from __future__ import annotations

import json
import time

import numpy as np
from engine.presets import input_preset, kernel_preset

from engine.trace import trace_pad_conv2d
from viz.surface import conv_payload

BUDGET_KB = 100


def main() -> None:
    print(f"{'input':8} {'steps':>6} {'KB':>8} {'budget':>7} {'ratio':>6} {'build ms':>9}")
    for size in (7, 32):
        x = input_preset("random integers", (size, size), np.random.default_rng(0))[None]
        trace = trace_pad_conv2d(x, kernel_preset("Sobel x")[None, None], np.array([0.0]), (1,) * 4)
        start = time.perf_counter()
        payload = conv_payload(trace)
        built = time.perf_counter() - start
        kb = len(json.dumps(payload)) / 1000  # as Streamlit sends it: json.dumps' default separators
        ratio = kb / BUDGET_KB
        print(f"{size}x{size:<6} {len(trace):6} {kb:8.1f} {BUDGET_KB:7} {ratio:6.2f} {built * 1e3:9.1f}")


if __name__ == "__main__":
    main()
