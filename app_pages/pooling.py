"""Pooling: max, min and average over sliding windows, and how pooling differs from a strided convolution."""

import streamlit as st

from ui import cache, controls
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.state import checked_link
from ui.stepper import stepper
from viz.explain import (
    POOLING_VERSUS_STRIDE,
    pool_arithmetic,
    pool_pytorch_code,
    pool_size_formula,
    unvisited_explanation,
)
from viz.pool_figure import block_steps
from viz.spec import SpecFigure

PAGE = "pooling"
LINK_KEYS = controls.INPUT_KEYS | controls.POOL_KEYS | controls.FRAME_KEYS | {"step", "zr", "zc"}

st.title("Pooling")
st.markdown(
    "A pooling window slides over the input like a kernel, but it has **no weights**: it keeps the "
    "**largest** value (max pooling), the **smallest** (min pooling) or the **mean** (average pooling). "
    "With the stride left at the window size, as PyTorch does by default, the windows tile the input "
    "and each side shrinks by that factor."
)

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Input")
        choice = controls.input_controls()
        st.subheader("Pooling window")
        settings = controls.pool_controls()

    classroom = classroom_on()
    try:
        grid = cache.input_grid(choice, controls.upload_bytes())
        trace = cache.pool_trace(grid, settings)
    except ValueError as error:
        stop_with(error)

    image_mode = choice.source == "image" or max(grid.shape) > controls.MAX_ANIMATED
    zoom = None
    if image_mode:
        zoom = controls.zoom_controls(trace.output.shape[-2:])
        st.plotly_chart(
            SpecFigure(cache.pooled_image_spec(grid, settings, zoom, classroom)),
            width="content",
            theme=None,
            config={"displayModeBar": False},
            alt="The input picture and its pooled map, side by side",
        )
    steps = block_steps(trace, (zoom.rows, zoom.cols) if zoom else None)
    stepper(
        cache.pool_spec(grid, settings, classroom, zoom),
        lambda s: pool_arithmetic(trace, steps[s]),
        alt=f"{settings.kind} pooling of a {grid.shape[0]}x{grid.shape[1]} input, one window at a time",
    )

    st.subheader("Output size")
    st.code(
        "\n".join(
            pool_size_formula(axis, name, settings.ceil_mode)
            for axis, name in ((trace.rows, "high"), (trace.cols, "wide"))
        ),
        language=None,
    )
    if any(s < k for s, k in zip(settings.stride, settings.kernel_size)):
        st.info(
            f"The windows overlap: stride {settings.stride} is smaller than the window "
            f"{settings.kernel_size}, as in AlexNet's 3x3 pooling with stride 2. Overlapping cells "
            "can win (or feed the mean of) more than one window.",
            icon=":material/layers:",
        )
    unread = unvisited_explanation(trace.rows, trace.cols)
    if unread:
        st.warning(f"{unread} Such cells are marked × in the input.", icon=":material/grid_off:")

    st.subheader("Pooling or a strided convolution?")
    sample = grid[:16, :16]  # pictures: their top-left corner, small enough to read
    comparison, _ = cache.pooling_versus_stride(sample, settings, classroom)
    st.plotly_chart(
        SpecFigure(comparison),
        width="content",
        theme=None,
        config={"displayModeBar": False},
        alt="The same input pooled, and convolved with a box kernel at the same stride",
    )
    st.markdown(POOLING_VERSUS_STRIDE)

    with st.expander("The same in PyTorch", icon=":material/code:"):
        code = pool_pytorch_code(
            None if image_mode else grid, grid.shape, settings.kind, settings.as_kwargs()
        )
        st.code(code, language="python")
