"""Showing a figure that does not move: the one place pages hand a spec to st.plotly_chart, and
still grids (viz/grid_svg.py) to st.html."""

from __future__ import annotations

from html import escape

import streamlit as st

from viz.skip_figure import skip_figure
from viz.spec import Spec, SpecFigure
from viz.theme import ROLE_COLOURS, theme_for


def show(spec: Spec, alt: str, **kwargs) -> None:
    """A figure at its own size and colours, without the mode bar; `alt` names it for screen readers."""
    st.plotly_chart(
        SpecFigure(spec), width="content", theme=None, config={"displayModeBar": False}, alt=alt, **kwargs
    )


def still(grids: str, alt: str) -> None:
    """Still grids from viz.grid_svg (every text in them escaped there), drawn by the browser
    without a script; `alt` names the figure for screen readers."""
    st.html(f'<div role="group" aria-label="{escape(alt)}">{grids}</div>')


def skip_chart(depth: int, theta: float, classroom: bool) -> None:
    """The derivative of `depth` nested tanh at `theta`, with and without a skip connection."""
    st.plotly_chart(
        SpecFigure(skip_figure(depth, theta, theme_for(classroom))),
        theme=None,
        alt="The derivative of n nested tanh, with and without a skip connection",
    )


def colour_legend(roles: list[tuple[str, str]]) -> None:
    """A swatch of each role's colour with what it means (our own text, no user input)."""
    st.html(
        "".join(
            f'<div style="display:flex;align-items:center;gap:.6rem;margin:.25rem 0">'
            f'<span style="width:1.1rem;height:1.1rem;border-radius:3px;'
            f'background:{ROLE_COLOURS[role]}"></span>'
            f"<span><b>{role}</b>: {meaning}</span></div>"
            for role, meaning in roles
        )
    )
