"""Transposed convolution: stamps of the kernel, the same as a correlation, and the gradient it computes."""

import streamlit as st

from ui import cache, controls
from ui.charts import show
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.state import checked_link
from ui.stepper import stepper
from viz.explain import (
    CHECKERBOARD,
    TRANSPOSED_AS_GRADIENT,
    stamp_text,
    step_arithmetic,
    transpose_size_formula,
)

PAGE = "transposed"
LINK_KEYS = (
    controls.INPUT_KEYS
    | controls.KERNEL_KEYS
    | controls.TRANSPOSE_KEYS
    | controls.FRAME_KEYS
    | {"tstep", "cstep"}
)


st.title("Transposed convolution")
st.markdown(
    "A transposed convolution makes a map **larger**. Read it one **input** cell at a time: each cell adds "
    "its value times the whole kernel into the **output**, at (row·stride, col·stride); overlapping stamps "
    "sum; then `padding` cells are cropped from every side. The same numbers come from an ordinary "
    "correlation, shown second."
)

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Input")
        choice = controls.input_controls(max_size=8, allow_image=False)
        st.subheader("Kernel")
        kernel = controls.kernel_controls(with_flip=False)
        st.subheader("Stride, padding, output padding, dilation")
        settings = controls.transpose_controls()
    classroom = classroom_on()
    try:
        grid = cache.input_grid(choice)
        stamps, correlation, stamp_spec, correlation_spec = cache.transpose_views(
            grid, kernel, settings, classroom
        )
        as_gradient, overlap = cache.transpose_checks(grid, kernel, settings, classroom)
    except ValueError as error:
        stop_with(error)

    st.code("\n".join(transpose_size_formula(stamps.layer, axis) for axis in (0, 1)), language=None)
    st.subheader("Each input cell stamps the kernel")
    stepper(
        stamp_spec,
        lambda s: stamp_text(stamps, s),
        chart_key="chart_stamps",
        step_key="tstep",
        alt="Each input cell adding its value times the kernel into the output",
    )
    st.subheader("The same output as a correlation")
    st.markdown(
        "Insert stride − 1 zeros between the input cells, pad by dilation·(k − 1) − padding on each side "
        "(plus output_padding after), and slide the kernel **rotated by 180 degrees** with stride 1."
    )
    stepper(
        correlation_spec,
        lambda s: step_arithmetic(correlation.step(s)),
        chart_key="chart_corr",
        step_key="cstep",
        alt="The transposed convolution computed as a correlation of the zero-inserted input",
    )
    st.subheader("It is the gradient of a convolution")
    st.markdown(TRANSPOSED_AS_GRADIENT)
    show(as_gradient, "The transposed convolution beside the gradient of the matching convolution")
    st.markdown(CHECKERBOARD)
    show(overlap, "How many stamps cover each output cell")
