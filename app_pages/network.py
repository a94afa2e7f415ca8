"""Network: a trained LeNet-5 reads a held-out or drawn digit; every activation traced back to
its arithmetic; networks trained in the session while each layer's gradient norm is drawn."""

import streamlit as st

from settings.fields import keys_of
from settings.network import NetworkSettings, TrainSettings
from settings.page import FrameSettings
from text.network import DRAWN_NOT_IN_LINK, INTRO, TRAINING_INTRO
from ui import cache, training
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.network import cell_section, drawn_digit, overview, pick_from_overview
from ui.state import checked_link
from ui.widgets import draw

PAGE = "network"
LINK_KEYS = keys_of(NetworkSettings, TrainSettings, FrameSettings)

st.title("Network")
st.markdown(INTRO)

with checked_link(PAGE, LINK_KEYS):
    pick_from_overview()
    with st.sidebar:
        st.subheader("Digit and activation")
        settings = draw(NetworkSettings)
    drawn = None
    if settings.source == "drawn":
        st.caption(DRAWN_NOT_IN_LINK)
        drawn = drawn_digit(key="canvas")
    try:
        view = cache.network_view(settings, drawn)
        cell = cache.cell_view(settings, drawn)
    except ValueError as error:
        stop_with(error)

    st.markdown(f"**{view.summary}**")
    overview(view)
    cell_section(cell, classroom_on())

    st.header("Train while you watch")
    st.markdown(TRAINING_INTRO)
    digit = "Your drawing" if drawn is not None else f"Held-out digit {settings.digit}"
    training.train_panel(draw(TrainSettings), view.image, digit)
