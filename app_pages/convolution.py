"""Convolution: one kernel sliding over one map, one product at a time."""

import streamlit as st

from lessons.inputs import zoom_block
from settings.conv import ConvSettings
from settings.fields import keys_of
from settings.input import MAX_ANIMATED, InputSettings
from settings.kernel import KernelSettings
from settings.page import FrameSettings, StepSettings, ZoomSettings
from text.arithmetic import step_arithmetic
from text.prose import CORRELATION_VS_CONVOLUTION
from ui import cache, controls
from ui.charts import show
from ui.class_host import figure_poll
from ui.errors import stop_with
from ui.exports import conv_downloads
from ui.frame import classroom_on
from ui.plain import plain_block
from ui.state import checked_link
from ui.stepper import stepper
from ui.widgets import draw, opened_expander

PAGE = "convolution"
LINK_KEYS = keys_of(InputSettings, KernelSettings, ConvSettings, StepSettings, ZoomSettings, FrameSettings)

st.title("Convolution")
st.markdown(
    "A **kernel** slides over the **input**. At each position it multiplies the cells under it by "
    "its weights, adds the products and the **bias**, and writes the sum into one cell of the "
    "**output**. Padding, stride and dilation decide where it goes. Press Play, drag the slider, "
    "use the arrow keys, or click any output cell to see how it was computed; tick Predict to guess "
    "each step before it is shown."
)

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Input")
        inputs = controls.input_controls()
        st.subheader("Kernel")
        kernel = controls.kernel_controls()
        st.subheader("Stride, padding, dilation")
        conv = draw(ConvSettings)

    try:
        grid = cache.input_grid(inputs, controls.upload(inputs))
        fmap = cache.feature_map(grid, kernel, conv)
    except ValueError as error:
        stop_with(error)

    picture = inputs.source == "image" or max(grid.shape) > MAX_ANIMATED
    block = None
    if picture:
        if inputs.source != "image":
            st.info(
                f"A {grid.shape[0]}x{grid.shape[1]} grid is too large to animate cell by cell "
                f"(up to {MAX_ANIMATED} per side), so it is shown as a picture: zoom into a block below."
            )
        block = zoom_block(fmap.output.shape, controls.zoom_controls(fmap.output.shape))
    classroom = classroom_on()
    view = cache.convolution_view(grid, kernel, conv, classroom, picture, block)
    if view.picture is not None:
        show(view.picture, "The input picture and its whole feature map, side by side")

    weights = kernel.weights()

    def describe(s: int) -> str:
        """Step s's products, sum and bias."""
        return step_arithmetic(view.trace.step(s))

    stepper(
        view.animation,
        describe,
        key="surface",
        step_key=StepSettings.key("step"),
        classroom=classroom,
        alt=f"Convolution of a {grid.shape[0]}x{grid.shape[1]} input with a "
        f"{weights.shape[0]}x{weights.shape[1]} kernel, animated one output cell at a time",
        below=None if picture else lambda s: figure_poll(view.trace, s, view.size_formula, describe),
    )

    st.subheader("Output size")
    plain_block(view.size_formula)
    if view.unread:
        st.warning(f"{view.unread} Such cells are marked × in the input.", icon=":material/grid_off:")

    with st.expander("Cross-correlation or convolution?", expanded=kernel.flip):
        st.markdown(CORRELATION_VS_CONVOLUTION)
    if code := opened_expander("The same in PyTorch", key="pytorch_open", icon=":material/code:"):
        code.code(view.pytorch, language="python", wrap_lines=True)

    conv_downloads(fmap.output, None if picture else view.trace)
