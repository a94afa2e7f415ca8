"""Volumes: C_in input channels, K filters (each spanning C_in/groups channels) and K output maps."""

import streamlit as st

from engine.analysis.params import conv_layer_summary
from engine.presets import SEED_LAYERS
from ui import cache, controls
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.state import checked_link
from ui.stepper import stepper
from viz.explain import dense_formula, output_size_formula, parameter_formula, volume_arithmetic
from viz.spec import SpecFigure

PAGE = "volumes"
LINK_KEYS = controls.VOLUME_KEYS | controls.CONV_KEYS | controls.FRAME_KEYS | {"step"}

st.title("Volumes")
st.markdown(
    "Real layers map a **volume** to a **volume**. Each of the K **filters** spans every input channel "
    "(or C_in/groups of them), so one output cell is the sum of one window's products over all those "
    "channels, plus the filter's bias. Each filter makes one output **map**; the K maps stacked are "
    "the output volume, and the cells at one position across all maps form a **depth column**."
)

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Volume and filters")
        choice = controls.volume_controls()
        st.subheader("Stride, padding, dilation")
        settings = controls.conv_settings_controls()

    classroom = classroom_on()
    try:
        trace = cache.volume_trace(choice, settings)
    except ValueError as error:
        stop_with(error)

    C_in, C_group = choice.channels, choice.channels // choice.groups
    sees = "; ".join(
        f"filter {k} sees channels {', '.join(map(str, trace.channels[k * trace.output[0].size]))}"
        for k in range(choice.filters)
    )
    st.caption(f"Groups = {choice.groups}: each filter spans {C_group} of the {C_in} input channels. {sees}.")

    def show_3d(step: int) -> None:
        with st.expander("The same step in 3-D", icon=":material/view_in_ar:"):
            st.plotly_chart(
                SpecFigure(cache.volume_3d_spec(choice, settings, step, classroom)),
                theme=None,
                alt="The input volume with the current window, and the output volume",
            )

    stepper(
        cache.volume_spec(choice, settings, classroom),
        lambda s: volume_arithmetic(trace.step(s)),
        alt=f"{choice.filters} filters sliding over a {C_in}-channel input, one output cell at a time",
        below=show_3d,
    )

    st.subheader("Shapes and parameters")
    output_shape = trace.output.shape
    st.code(
        "\n".join(
            [
                *(
                    output_size_formula(axis, name)
                    for axis, name in ((trace.layer.rows, "high"), (trace.layer.cols, "wide"))
                ),
                f"output volume: {output_shape[0]} maps of {output_shape[1]}x{output_shape[2]}",
                "convolution: " + parameter_formula(C_in, choice.filters, choice.kernel_size, choice.groups),
                "dense layer between the same volumes: " + dense_formula((C_in, *choice.size), output_shape),
            ]
        ),
        language=None,
    )

    st.subheader("Layers from the textbook")
    rows = []
    for what, shape, filters, kernel, stride, padding in SEED_LAYERS:
        summary = conv_layer_summary(shape, filters, kernel, stride, padding)
        rows.append(
            {
                "layer": what,
                "input (C, H, W)": str(summary.input_shape),
                "output (K, H, W)": str(summary.output_shape),
                "conv parameters": f"{summary.conv.total:,}",
                "dense weights": f"{summary.dense.weights:,}",
                "unread rows, cols": str(summary.leftover) if any(summary.leftover) else "",
            }
        )
    st.dataframe(rows, hide_index=True)
