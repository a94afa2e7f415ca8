"""The Network page's Streamlit glue: the overview whose clicks pick an activation, and the
clicked activation's arithmetic on the animation surface with its link to another page."""

from __future__ import annotations

import streamlit as st

from lessons.network import NetworkView, cell_of_click, preprocess_drawing
from lessons.network_cell import CellView
from settings.network import NetworkSettings
from ui.canvas import drawing_canvas
from ui.charts import show
from ui.overview import last_click
from ui.overview import overview as draw_overview
from ui.plain import plain_block
from ui.registry import PAGES
from ui.surface import animation_surface
from viz.network_figure import digit_figure

OVERVIEW_KEY = "overview"
APPLIED_KEY = "_overview_applied"
PAGE_OF = {page.url_path: page for page in PAGES}


def pick_from_overview() -> None:
    """A click on the overview names the activation: written into the cell's widgets (and so
    the link) before the page draws them. Applied once: the click's state outlives it."""
    click = last_click(OVERVIEW_KEY)
    if click is None or st.session_state.get(APPLIED_KEY) == click:
        return
    st.session_state[APPLIED_KEY] = click
    cell = cell_of_click(*click[:3])
    if cell is None:  # a gap between maps, the input
        return
    for attribute, value in zip(("layer", "channel", "row", "col"), cell, strict=True):
        st.session_state[NetworkSettings.key(attribute)] = value


def overview(view: NetworkView) -> None:
    """Every layer's maps, clickable (the prediction and its probabilities are beside them)."""
    draw_overview(view.overview, key=OVERVIEW_KEY)


def cell_section(cell: CellView, classroom: bool) -> None:
    """The clicked activation: animated from the layer below, its arithmetic, and its link."""
    st.subheader(f"How {cell.title} was computed")
    if cell.payload is not None:
        animation_surface(cell.payload, key="network_surface", step=cell.step, classroom=classroom)
    plain_block(cell.arithmetic)
    if cell.link_page:
        page = PAGE_OF[cell.link_page]
        st.page_link(
            page.path,
            label=f"Open this computation on the {page.title} page",
            icon=page.icon,
            query_params=cell.link,
        )
    st.caption(cell.link_note)


def drawn_digit(key: str) -> tuple[int, ...] | None:
    """The canvas, and beside it the drawing as the network sees it: 32x32 pixels, or None."""
    pad, seen = st.columns(2)
    with pad:
        pixels = drawing_canvas(key)
    if pixels is None:
        seen.info("Nothing drawn yet: the held-out digit stands in.", icon=":material/draw:")
        return None
    drawn = preprocess_drawing(pixels)
    with seen:
        show(digit_figure(drawn), "Your drawing as the network sees it: 32x32, centred and scaled")
    return drawn
