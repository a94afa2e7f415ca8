"""Transposed convolution: stamps of the kernel, the same as a correlation, and the gradient it computes."""

import streamlit as st

from settings.fields import TAB_KEY, keys_of
from settings.input import InputSettings
from settings.kernel import KernelSettings
from settings.page import FrameSettings, TransposeSteps
from settings.transpose import TransposeSettings
from text.arithmetic import stamp_text, step_arithmetic
from text.prose import CHECKERBOARD, TRANSPOSED_AS_GRADIENT
from ui import cache, controls
from ui.charts import still
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.plain import plain_block
from ui.state import checked_link
from ui.stepper import stepper
from ui.widgets import draw, page_tabs

PAGE = "transposed"
TABS = ("Stamps and correlation", "As a gradient", "Checkerboards")
LINK_KEYS = {TAB_KEY} | keys_of(
    InputSettings, KernelSettings, TransposeSettings, TransposeSteps, FrameSettings
)

st.title("Transposed convolution")
st.markdown(
    "A transposed convolution makes a map **larger**. Read it one **input** cell at a time: each cell adds "
    "its value times the whole kernel into the **output**, at (row·stride, col·stride); overlapping stamps "
    "sum; then `padding` cells are cropped from every side. The same numbers come from an ordinary "
    "correlation, shown second. The other tabs show why it is the gradient of a convolution, and where "
    "checkerboard artifacts come from."
)

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Input")
        inputs = controls.input_controls(max_size=8, allow_image=False)
        st.subheader("Kernel")
        kernel = controls.kernel_controls(with_flip=False)
        st.subheader("Stride, padding, output padding, dilation")
        settings = draw(TransposeSettings)
    try:
        grid = cache.input_grid(inputs)
        classroom = classroom_on()
        view = cache.transposed_view(grid, kernel, settings, classroom)
    except ValueError as error:
        stop_with(error)

    plain_block(view.size_formula)
    two_ways, gradient, checkerboard = page_tabs(PAGE, TABS)
    if two_ways.open:
        with two_ways:
            st.subheader("Each input cell stamps the kernel")
            stepper(
                view.stamp_animation,
                lambda s: stamp_text(view.stamps, s),
                key="surface_stamps",
                classroom=classroom,
                clickable="an input cell",
                step_key=TransposeSteps.key("stamp_step"),
                alt="Each input cell adding its value times the kernel into the output",
            )
            st.subheader("The same output as a correlation")
            st.markdown(
                "Insert stride − 1 zeros between the input cells, pad by dilation·(k − 1) − padding on each "
                "side (plus output_padding after), and slide the kernel **rotated by 180 degrees** with "
                "stride 1."
            )
            stepper(
                view.correlation_animation,
                lambda s: step_arithmetic(view.correlation.step(s)),
                key="surface_corr",
                classroom=classroom,
                step_key=TransposeSteps.key("correlation_step"),
                alt="The transposed convolution computed as a correlation of the zero-inserted input",
            )
    if gradient.open:
        with gradient:
            st.markdown(TRANSPOSED_AS_GRADIENT)
            still(
                view.as_gradient, "The transposed convolution beside the gradient of the matching convolution"
            )
    if checkerboard.open:
        with checkerboard:
            st.markdown(CHECKERBOARD)
            still(view.overlap, "How many stamps cover each output cell")
