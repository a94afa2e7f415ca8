"""Receptive field: what one unit of a stack sees, layer by layer, down to the input."""

import streamlit as st

from settings.fields import keys_of
from settings.page import FrameSettings, PictureSettings
from settings.stack import StackSettings, UnitSettings
from text.formulas import field_recurrence
from text.prose import DILATION_VERSUS_LARGER
from ui import cache
from ui.charts import show
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.state import checked_link
from ui.widgets import current, draw

PAGE = "receptive"
LINK_KEYS = keys_of(StackSettings, UnitSettings, PictureSettings, FrameSettings)
CHART = "field_chart"

st.title("Receptive field")
st.markdown(
    "A unit of a deep layer depends on a whole region of the input: its **receptive field**. Each layer "
    "widens it by dilation·(kernel − 1) steps of the layer below, and each stride multiplies the **jump** "
    "between neighbouring units. Pick a unit (or click one in a small layer) to see its field in every layer."
)

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Layers")
        stack = draw(StackSettings)
    try:
        rows = cache.stack_table(stack)
    except ValueError as error:
        stop_with(error, "This stack does not work")
    spatial = [row for row in rows if row.field is not None]
    if len(spatial) < len(rows):
        st.caption("Fully connected layers see the whole input; the field follows the layers before them.")
    sizes = cache.layer_sizes(stack)

    event = st.session_state.get(CHART)
    points = event["selection"]["points"] if event else []
    if points:  # a click, applied before the unit boxes are drawn so they show it
        number, r, c = cache.unit_at(stack, int(points[0]["point_index"]))
        if number > 0:
            for attribute, value in (("layer", number), ("row", r), ("col", c)):
                st.session_state[UnitSettings.key(attribute)] = value
    layer_now = current(UnitSettings, "layer")
    if not 1 <= layer_now <= len(spatial):
        layer_now = len(spatial)
    units = sizes[layer_now]
    unit = draw(
        UnitSettings,
        limits={
            "layer": {
                "low": 1,
                "high": len(spatial),
                "default": len(spatial),
                "label": f"Layer (1 to {len(spatial)})",
            },
            "row": {"high": units[0] - 1, "default": units[0] // 2},
            "col": {"high": units[1] - 1, "default": units[1] // 2},
        },
    )
    layer = min(max(unit.layer, 1), len(spatial))
    row, col = min(unit.row, sizes[layer][0] - 1), min(unit.col, sizes[layer][1] - 1)
    top = st.container()
    st.subheader("Size, jump and start, layer by layer (rows)")
    st.dataframe(field_recurrence(rows), hide_index=True)
    left, right = st.columns(2)
    with right:
        picture = draw(PictureSettings)
    try:
        view = cache.field_view(stack, layer, row, col, picture.sample, classroom_on())
    except ValueError as error:  # past the effective receptive field's budget
        stop_with(error, "This stack is too large to show")
    with top:
        st.markdown(view.description)
        show(
            view.stack_figure,
            "Every layer with the unit's field marked",
            key=CHART,
            on_select="rerun",
            selection_mode="points",
        )
    with left:
        st.markdown(
            "**Effective receptive field**: ∂unit/∂input with uniform weights. Central inputs count "
            "more: more paths lead from them to the unit."
        )
        show(view.effective, "The effective receptive field of the unit over the input")
    with right:
        show(view.on_picture, "The unit's field drawn on a picture")

    with st.expander("1-D view (for deep stacks)", expanded=view.deep, icon=":material/linear_scale:"):
        show(view.line, "Each layer's units at the centre of their fields; the unit's field highlighted")
    st.markdown(DILATION_VERSUS_LARGER)
