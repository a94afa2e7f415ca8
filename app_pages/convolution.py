"""Convolution: one kernel sliding over one map, one product at a time."""

import streamlit as st

from ui import cache, controls
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.state import checked_link
from ui.stepper import stepper
from viz.explain import (
    CORRELATION_VS_CONVOLUTION,
    output_size_formula,
    pytorch_code,
    step_arithmetic,
    unvisited_explanation,
)
from viz.export import conv_gif, output_csv
from viz.spec import SpecFigure

PAGE = "convolution"
LINK_KEYS = (
    controls.INPUT_KEYS
    | controls.KERNEL_KEYS
    | controls.CONV_KEYS
    | controls.FRAME_KEYS
    | {"step", "zr", "zc"}
)

st.title("Convolution")
st.markdown(
    "A **kernel** slides over the **input**. At each position it multiplies the cells under it by "
    "its weights, adds the products and the **bias**, and writes the sum into one cell of the "
    "**output**. Padding, stride and dilation decide where it goes. Press ▶ Play, drag the slider, "
    "or click any output cell to see how it was computed."
)

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Input")
        choice = controls.input_controls()
        st.subheader("Kernel")
        kernel = controls.kernel_controls()
        st.subheader("Stride, padding, dilation")
        settings = controls.conv_settings_controls()

    classroom = classroom_on()

    try:
        grid = cache.input_grid(choice, controls.upload_bytes())
        weights = cache.kernel_grid(kernel)
        output, layer = cache.feature_map(grid, kernel, settings)
    except ValueError as error:
        stop_with(error)

    image_mode = choice.source == "image" or max(grid.shape) > controls.MAX_ANIMATED
    if image_mode:
        if choice.source != "image":
            st.info(
                f"A {grid.shape[0]}x{grid.shape[1]} grid is too large to animate cell by cell "
                f"(up to {controls.MAX_ANIMATED} per side), so it is shown as a picture: "
                "zoom into a block below."
            )
        zoom = controls.zoom_controls(output.shape)
        st.plotly_chart(
            SpecFigure(cache.image_spec(grid, kernel, settings, zoom, classroom)),
            width="content",
            config={"displayModeBar": False},
            alt="The input picture and its whole feature map, side by side",
        )
        trace = cache.conv_trace(grid, kernel, settings, zoom)
        spec = cache.conv_spec(grid, kernel, settings, classroom, zoom)
    else:
        trace = cache.conv_trace(grid, kernel, settings)
        spec = cache.conv_spec(grid, kernel, settings, classroom)

    stepper(
        spec,
        lambda s: step_arithmetic(trace.step(s)),
        alt=f"Convolution of a {grid.shape[0]}x{grid.shape[1]} input with a "
        f"{weights.shape[0]}x{weights.shape[1]} kernel, animated one output cell at a time",
    )

    st.subheader("Output size")
    st.code(
        "\n".join(
            output_size_formula(axis, name) for axis, name in ((layer.rows, "high"), (layer.cols, "wide"))
        ),
        language=None,
    )
    unread = unvisited_explanation(layer.rows, layer.cols)
    if unread:
        st.warning(f"{unread} Such cells are marked × in the input.", icon=":material/grid_off:")

    with st.expander("Cross-correlation or convolution?", expanded=kernel.flip):
        st.markdown(CORRELATION_VS_CONVOLUTION)

    with st.expander("The same in PyTorch", icon=":material/code:"):
        typed_kernel = weights[::-1, ::-1] if kernel.flip else weights  # the code flips it itself
        st.code(
            pytorch_code(
                None if image_mode else grid,
                grid.shape,
                typed_kernel,
                kernel.bias,
                layer.stride,
                layer.pad,
                layer.dilation,
                settings.padding_mode,
                kernel.flip,
            ),
            language="python",
        )

    downloads = st.columns(2)
    downloads[0].download_button(
        "Output as CSV",
        output_csv(output),
        "convolution_output.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/table:",
    )
    if not image_mode:
        downloads[1].download_button(
            "Animation as GIF",
            lambda: conv_gif(trace),
            "convolution.gif",
            "image/gif",
            on_click="ignore",
            icon=":material/animated_images:",
        )
