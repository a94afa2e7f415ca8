"""Download buttons: outputs as CSV, an animation as GIF, a table as CSV."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.trace.conv import ConvTrace
from viz.export import conv_gif, output_csv, table_csv


def conv_downloads(output: np.ndarray, trace: ConvTrace | None) -> None:
    """The (H_out, W_out) output as CSV, and the animation as a GIF when there is one."""
    row = st.container(horizontal=True)
    row.download_button(
        "Output as CSV",
        lambda: output_csv(output),  # written when pressed: a 256x256 picture's CSV is half a MB
        "convolution_output.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/table:",
    )
    if trace is not None:
        row.download_button(
            "Animation as GIF",
            lambda: conv_gif(trace),
            "convolution.gif",
            "image/gif",
            on_click="ignore",
            icon=":material/animated_images:",
        )


def table_download(rows: list[dict], name: str) -> None:
    """A button that downloads `rows` as the CSV file `name`."""
    st.download_button(
        "Table as CSV", table_csv(rows), name, "text/csv", on_click="ignore", icon=":material/table:"
    )
