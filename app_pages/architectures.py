"""Architectures: a stack's shapes, parameters and receptive fields, layer by layer."""

import streamlit as st

from settings.fields import keys_of
from settings.page import FrameSettings
from settings.stack import StackSettings
from text.formulas import COUNT_COLUMNS, architecture_rows, shape_arithmetic
from ui import cache
from ui.errors import stop_with
from ui.exports import table_download
from ui.plain import plain_block
from ui.state import checked_link
from ui.widgets import draw

PAGE = "architectures"
LINK_KEYS = keys_of(StackSettings, FrameSettings)

st.title("Architectures")
st.markdown(
    "A network is a stack of layers. Each convolution turns a C×H×W volume into a K×H'×W' volume with "
    "K·(k·k·C) weights and K biases, whatever H and W; a fully connected layer between the same volumes "
    "would need one weight per pair of cells. Pick a classic network or write your own stack."
)

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Layers")
        stack = draw(StackSettings)
    try:
        rows = cache.stack_table(stack)
    except ValueError as error:
        stop_with(error, "This stack does not work")

    table = architecture_rows(rows)
    total = sum(row.parameters.total for row in rows)
    conv_rows = [row for row in rows if row.layer.kind == "conv"]
    conv_total = sum(row.parameters.total for row in conv_rows)
    dense_total = sum(row.dense.total for row in conv_rows)
    columns = st.columns(3)
    columns[0].metric("Parameters", f"{total:,}")
    columns[1].metric("Output", "x".join(map(str, rows[-1].output_shape)))
    last_field = next((row.field for row in reversed(rows) if row.field is not None), None)
    if last_field is not None:
        columns[2].metric(
            "Receptive field of the last spatial layer", f"{last_field.rows.size}x{last_field.cols.size}"
        )
    st.dataframe(  # as tall as its rows: the default height hid the last layer
        table,
        hide_index=True,
        height="content",
        column_config={name: st.column_config.TextColumn(alignment="right") for name in COUNT_COLUMNS},
    )
    for index, row in enumerate(rows):
        if any(row.leftover):
            st.warning(
                f"Layer {index + 1} ({row.layer.describe()}) does not tile its {row.input_shape[1]}x"
                f"{row.input_shape[2]} input: the last {row.leftover[0]} rows and {row.leftover[1]} columns "
                "are never read.",
                icon=":material/grid_off:",
            )
    if conv_rows:
        st.markdown(
            f"The {len(conv_rows)} convolutions hold **{conv_total:,}** parameters. Fully connected layers "
            f"between the same volumes would hold **{dense_total:,}**, "
            f"**{dense_total / max(conv_total, 1):,.0f}** times as many: weight sharing and locality at work."
        )
    with st.expander("Each layer's shape arithmetic", icon=":material/calculate:"):
        for index, row in enumerate(rows):
            arithmetic = f"{index + 1}: {row.layer.describe()}\n{shape_arithmetic(row)}"
            plain_block(arithmetic)
    table_download(architecture_rows(rows, grouped=False), "architecture.csv")
