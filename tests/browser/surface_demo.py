"""The animation surface alone, for the browser tests: a convolution (10x10, stride 2) with a
step box bound to the link's `step`, a pooling, a volume and a transposed convolution.

Run: streamlit run tests/browser/surface_demo.py   (add ?classroom=true for classroom mode, and
?size=32 for a 32x32 convolution, as benchmarks/surface_step.py does)
"""

import numpy as np
import streamlit as st

from engine.trace.conv import trace_conv2d
from engine.trace.pool import trace_pool2d
from engine.trace.transpose import trace_conv_transpose2d
from ui.surface import animation_surface
from viz.surface import conv_payload, pool_payload, transpose_payload

classroom = st.query_params.get("classroom") == "true"
st.set_page_config(page_title="Surface demo", layout="wide" if classroom else "centered")
st.toggle("Classroom mode", key="classroom", bind="query-params")


@st.cache_data
def payloads(size: int) -> dict[str, dict]:
    rng = np.random.default_rng(0)
    image = rng.integers(0, 10, (1, size, size)).astype(float)
    sobel = np.array([[[[1.0, 0, -1], [2, 0, -2], [1, 0, -1]]]])
    volume = rng.integers(-2, 3, (3, 5, 5)).astype(float)
    filters = rng.integers(-1, 2, (2, 3, 3, 3)).astype(float)
    small = rng.integers(1, 4, (1, 3, 3)).astype(float)
    return {
        "conv": conv_payload(trace_conv2d(image, sobel, np.array([1.0]), stride=2)),
        "pool": pool_payload(trace_pool2d(rng.integers(0, 9, (1, 7, 7)).astype(float), "max", 2)),
        "volume": conv_payload(trace_conv2d(volume, filters, np.array([1.0, -1.0]), padding=1)),
        "transpose": transpose_payload(trace_conv_transpose2d(small, np.ones((1, 1, 3, 3)), stride=2)),
    }


size = 32 if st.query_params.get("size") == "32" else 10
shown = payloads(size)
steps = int(np.prod(shown["conv"]["steps"]["shape"]))
st.subheader(f"Convolution: {size}x{size}, 3x3, stride 2")
st.number_input("Step", 0, steps - 1, 0, key="step", bind="query-params")
conv = animation_surface(
    shown["conv"],
    key="surface_conv",
    step=st.session_state["step"],
    classroom=classroom,
    step_key="step",
)
st.text(f"Convolution step {conv.step}; score {conv.score[0]} of {conv.score[1]}")
if conv.prediction is not None:
    st.text(
        f"Last prediction: {conv.prediction['kind']} {'right' if conv.prediction['correct'] else 'wrong'}"
    )
for name, title in (
    ("pool", "Max pooling, 7x7, kernel 2"),
    ("volume", "Volume"),
    ("transpose", "Transposed"),
):
    st.subheader(title)
    state = animation_surface(shown[name], key=f"surface_{name}", classroom=classroom)
    st.text(f"{title} step {state.step}")
