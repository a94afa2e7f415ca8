"""The Network page's Streamlit glue: the overview whose clicks pick an activation, and the
clicked activation's arithmetic on the animation surface with its link to another page."""

from __future__ import annotations

import streamlit as st

from lessons.network import CellView, NetworkView, cell_of_point, preprocess_drawing
from settings.network import NetworkSettings
from ui.canvas import drawing_canvas
from ui.charts import show
from ui.registry import PAGES
from ui.surface import animation_surface
from viz.network_figure import digit_figure
from viz.spec import SpecFigure

OVERVIEW_KEY = "overview"
APPLIED_KEY = "_overview_applied"
PAGE_OF = {page.url_path: page for page in PAGES}


def pick_from_overview() -> None:
    """A click on the overview names the activation: written into the cell's widgets (and so
    the link) before the page draws them. Applied once: the selection outlives the click."""
    event = st.session_state.get(OVERVIEW_KEY)
    points = event["selection"]["points"] if event else []
    indices = [int(p["point_index"]) for p in points if "point_index" in p]
    if not indices or st.session_state.get(APPLIED_KEY) == indices[0]:
        return
    st.session_state[APPLIED_KEY] = indices[0]
    layer, k, r, c = cell_of_point(indices[0])
    for attribute, value in (("layer", layer), ("channel", k), ("row", r), ("col", c)):
        st.session_state[NetworkSettings.key(attribute)] = value


def overview(view: NetworkView) -> None:
    """Every layer's maps, clickable; the prediction and its probabilities beside them."""
    st.plotly_chart(
        SpecFigure(view.overview),
        key=OVERVIEW_KEY,
        theme=None,
        width="stretch",
        on_select="rerun",
        selection_mode="points",
        config={"displayModeBar": False},
        alt="Every layer's activation maps, from the input to the ten class scores",
    )


def cell_section(cell: CellView, classroom: bool) -> None:
    """The clicked activation: animated from the layer below, its arithmetic, and its link."""
    st.subheader(f"How {cell.title} was computed")
    if cell.payload is not None:
        animation_surface(cell.payload, key="network_surface", step=cell.step, classroom=classroom)
    st.code(cell.arithmetic, language=None, wrap_lines=True)
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
