"""Volumes: C_in input channels, K filters (each spanning C_in/groups channels) and K output maps."""

import streamlit as st

from settings.conv import ConvSettings
from settings.fields import keys_of
from settings.page import FrameSettings, StepSettings
from settings.volume import VolumeSettings
from text.arithmetic import volume_arithmetic
from ui import cache, controls
from ui.charts import show
from ui.errors import show_error, stop_with
from ui.frame import classroom_on
from ui.plain import plain_block, plain_table
from ui.state import checked_link
from ui.stepper import stepper
from ui.widgets import draw, opened_expander

PAGE = "volumes"
TYPED_NOTE = (
    "Typed values: one filter, with its kernel for each input channel, over the whole volume. "
    "A link from the Network page opens one activation's window here: its 1x1 output is that "
    "activation's sum before the activation function."
)
LINK_KEYS = keys_of(VolumeSettings, ConvSettings, StepSettings, FrameSettings)

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
        volume = controls.volume_controls()
        st.subheader("Stride, padding, dilation")
        conv = draw(ConvSettings)
    if volume.source == "typed":
        try:
            volume.typed_values()
        except ValueError as error:  # shown as text, and the default volume stands in
            show_error(error, "These typed values do not work, so the default volume stands in")
            volume = VolumeSettings()
        else:
            st.caption(TYPED_NOTE)

    classroom = classroom_on()
    try:
        view = cache.volumes_view(volume, conv)
    except ValueError as error:
        stop_with(error)

    st.caption(view.channels_seen)

    def show_3d(step: int) -> None:
        """Draw step `step` in 3-D in an expander: the input volume with its window, and the output volume."""
        if box := opened_expander("The same step in 3-D", key="volume_3d_open", icon=":material/view_in_ar:"):
            with box:
                show(
                    cache.volume_3d(volume, conv, step, classroom),
                    "The input volume with the current window, and the output volume",
                )

    stepper(
        view.animation,
        lambda s: volume_arithmetic(view.trace.step(s), show_bias=volume.with_bias),
        key="surface",
        step_key=StepSettings.key("step"),
        classroom=classroom,
        alt=f"{volume.filters} filters sliding over a {volume.channels}-channel input, "
        "one output cell at a time",
        below=show_3d,
    )

    st.subheader("Shapes and parameters")
    plain_block(view.shapes)
    st.subheader("Layers from the chapters")
    plain_table(cache.textbook_layers())
