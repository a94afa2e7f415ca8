"""Receptive field: what one unit of a stack sees, layer by layer, down to the input."""

import streamlit as st

from ui import cache, controls
from ui.charts import show
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.images import sample_image
from ui.state import checked_link
from viz.explain import field_recurrence
from viz.field_figure import (
    DILATION_VERSUS_LARGER,
    field_line_figure,
    field_stack_figure,
    heat_figure,
    unit_of_point,
)
from viz.theme import theme_for

PAGE = "receptive"
LINK_KEYS = controls.STACK_KEYS | controls.FRAME_KEYS | {"layer", "ur", "uc", "sample"}
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
        input_shape, text = controls.stack_controls()
    theme = theme_for(classroom_on())
    try:
        rows = cache.stack_table(input_shape, text)
    except ValueError as error:
        stop_with(error, "This stack does not work")
    spatial = [row for row in rows if row.field is not None]
    if len(spatial) < len(rows):
        st.caption("Fully connected layers see the whole input; the field follows the layers before them.")
    sizes = [input_shape[1:]] + [(row.field.rows.units, row.field.cols.units) for row in spatial]

    event = st.session_state.get(CHART)
    points = event["selection"]["points"] if event else []
    if points:  # a click, applied before the unit boxes are drawn so they show it
        number, r, c = unit_of_point(sizes, int(points[0]["point_index"]))
        if number > 0:
            st.session_state["layer"], st.session_state["ur"], st.session_state["uc"] = number, r, c
    if not 1 <= st.session_state.get("layer", len(spatial)) <= len(spatial):
        st.session_state["layer"] = len(spatial)
    cols = st.columns(3)
    layer = int(
        cols[0].number_input(
            f"Layer (1 to {len(spatial)})", 1, len(spatial), len(spatial), key="layer", bind="query-params"
        )
    )
    units = sizes[layer]
    for key, count in (("ur", units[0]), ("uc", units[1])):
        if st.session_state.get(key, 0) >= count:
            st.session_state[key] = count // 2
    r = int(cols[1].number_input("Unit row", 0, units[0] - 1, units[0] // 2, key="ur", bind="query-params"))
    c = int(
        cols[2].number_input("Unit column", 0, units[1] - 1, units[1] // 2, key="uc", bind="query-params")
    )

    geometry = [row.layer.geometry for row in spatial]
    regions = cache.regions(input_shape, text, layer - 1, r, c)
    field = spatial[layer - 1].field
    (r0, r1), (c0, c1) = regions[0].rows, regions[0].cols
    total_parameters = sum(row.parameters.total for row in rows)
    st.markdown(
        f"Unit ({r}, {c}) of layer {layer} sees input rows **{r0} to {r1}** and columns **{c0} to {c1}**: "
        f"a **{field.rows.size}x{field.cols.size}** field; neighbouring units are **{field.rows.jump}** "
        f"input cells apart (the jump). The whole stack has **{total_parameters:,}** parameters "
        "(see Architectures)."
    )
    names = ["input"] + [f"{i + 1}: {row.layer.describe()}" for i, row in enumerate(spatial)]
    show(
        field_stack_figure(sizes, names, regions, layer, theme),
        "Every layer with the unit's field marked",
        key=CHART,
        on_select="rerun",
        selection_mode="points",
    )

    st.subheader("Size, jump and start, layer by layer (rows)")
    st.dataframe(field_recurrence(rows), hide_index=True)

    left, right = st.columns(2)
    with left:
        st.markdown(
            "**Effective receptive field**: ∂unit/∂input with uniform weights. Central inputs count "
            "more: more paths lead from them to the unit."
        )
        show(
            heat_figure(cache.effective_field(input_shape, text, layer - 1, r, c), regions[0], theme),
            "The effective receptive field of the unit over the input",
        )
    with right:
        sample = st.selectbox(
            "On a picture",
            ("cameraman", "astronaut", "cat", "coffee", "coins"),
            key="sample",
            bind="query-params",
        )
        show(
            heat_figure(sample_image(sample, input_shape[1:]), regions[0], theme, picture=True),
            "The unit's field drawn on a picture",
        )

    with st.expander(
        "1-D view (for deep stacks)", expanded=max(max(s) for s in sizes) > 32, icon=":material/linear_scale:"
    ):
        show(
            field_line_figure([row.field for row in spatial], input_shape[1], (layer - 1, r), theme),
            "Each layer's units at the centre of their fields; the unit's field highlighted",
        )
    st.markdown(DILATION_VERSUS_LARGER)
