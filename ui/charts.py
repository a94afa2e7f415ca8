"""Showing a static figure: the one place pages hand a spec to st.plotly_chart."""

from __future__ import annotations

import streamlit as st

from viz.spec import Spec, SpecFigure


def show(spec: Spec, alt: str, **kwargs) -> None:
    """A figure at its own size and colours, without the mode bar; `alt` names it for screen readers."""
    st.plotly_chart(
        SpecFigure(spec), width="content", theme=None, config={"displayModeBar": False}, alt=alt, **kwargs
    )
