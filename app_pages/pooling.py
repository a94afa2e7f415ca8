"""Pooling: max, min and average over sliding windows, and how pooling differs from a strided convolution."""

import streamlit as st

from lessons.inputs import zoom_block
from settings.fields import keys_of
from settings.input import MAX_ANIMATED, InputSettings
from settings.page import FrameSettings, StepSettings, ZoomSettings
from settings.pool import PoolSettings
from text.arithmetic import pool_arithmetic
from text.prose import POOLING_VERSUS_STRIDE
from ui import cache, controls
from ui.charts import show, still
from ui.class_host import figure_poll
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.plain import plain_block
from ui.state import checked_link
from ui.stepper import stepper
from ui.widgets import draw, opened_expander

PAGE = "pooling"
LINK_KEYS = keys_of(InputSettings, PoolSettings, StepSettings, ZoomSettings, FrameSettings)

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
        inputs = controls.input_controls()
        st.subheader("Pooling window")
        pool = draw(PoolSettings)

    try:
        grid = cache.input_grid(inputs, controls.upload(inputs))
        pooled = cache.pool_trace(grid, pool)
    except ValueError as error:
        stop_with(error)

    picture = inputs.source == "image" or max(grid.shape) > MAX_ANIMATED
    block = None
    if picture:
        output_size = pooled.output.shape[-2:]
        block = zoom_block(output_size, controls.zoom_controls(output_size))
    classroom = classroom_on()
    view = cache.pooling_view(grid, pool, classroom, picture, block)
    if view.picture is not None:
        show(view.picture, "The input picture and its pooled map, side by side")

    def describe(s: int) -> str:
        """Step s's window and what it keeps."""
        return pool_arithmetic(view.trace, s)

    stepper(
        view.animation,
        describe,
        key="surface",
        step_key=StepSettings.key("step"),
        classroom=classroom,
        alt=f"{pool.kind} pooling of a {grid.shape[0]}x{grid.shape[1]} input, one window at a time",
        below=None if picture else lambda s: figure_poll(view.trace, s, view.size_formula, describe),
    )

    st.subheader("Output size")
    plain_block(view.size_formula)
    if view.overlapping:
        st.info(
            f"The windows overlap: stride {pool.stride} is smaller than the window {pool.kernel_size}, as in "
            "AlexNet's 3x3 pooling with stride 2. Overlapping cells can win (or feed the mean of) more than "
            "one window.",
            icon=":material/layers:",
        )
    if view.unread:
        st.warning(f"{view.unread} Such cells are marked × in the input.", icon=":material/grid_off:")

    st.subheader("Pooling or a strided convolution?")
    still(view.versus_stride, "The same input pooled, and convolved with a box kernel at the same stride")
    st.markdown(POOLING_VERSUS_STRIDE)
    if code := opened_expander("The same in PyTorch", key="pytorch_open", icon=":material/code:"):
        code.code(view.pytorch, language="python", wrap_lines=True)
