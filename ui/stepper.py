"""The stepper: an animated figure with a URL-bound step, inside a fragment.

The figure animates in the browser (play, pause, speed, scrub). The step box and clicks on
the figure set the step the figure opens at; they rerun only this fragment, and the step
lives in the URL, so a copied link reopens at the same step.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from viz.spec import Spec, SpecFigure, with_initial_step

STEP_KEY = "step"


def clicked_step(chart_key: str, clickable_trace: int, step_of_point: Callable[[int], int]) -> int | None:
    """The step of the cell the user clicked in the chart's last run, if any.

    Read before the step box is drawn, so the box can show it. Clicking moves the step, which
    changes the figure, which gets a new element id and so an empty selection: a click is
    applied once.
    """
    event = st.session_state.get(chart_key)
    points = event["selection"]["points"] if event else []
    indices = [int(p["point_index"]) for p in points if p.get("curve_number") == clickable_trace]
    return step_of_point(indices[0]) if indices else None


def stepper(
    spec: Spec,
    describe_step: Callable[[int], str],
    alt: str,
    chart_key: str = "animation",
    step_of_point: Callable[[int], int] = lambda index: index,
    below: Callable[[int], None] | None = None,
    step_key: str = STEP_KEY,
    clickable: str = "an output cell",
) -> int:
    """Draw the figure at the URL's step, the step box and the step's arithmetic as text.

    `spec` is an animated spec whose last trace is the clickable layer; `describe_step(s)` is
    the text of step s (also given in the figure); `below(s)` draws what else follows the step,
    inside the fragment; `step_key` names the step in the URL (one per stepper on a page).
    Returns the step shown.
    """
    steps = len(spec["frames"])

    @st.fragment
    def show() -> int:
        clicked = clicked_step(chart_key, len(spec["data"]) - 1, step_of_point)
        if clicked is not None and 0 <= clicked < steps:
            st.session_state[step_key] = clicked
        if not 0 <= st.session_state.get(step_key, 0) < steps:
            st.session_state[step_key] = 0
        step = int(
            st.number_input(
                f"Step (0 to {steps - 1}), or click {clickable}",
                0,
                steps - 1,
                0,
                key=step_key,
                bind="query-params",
                help="Play, pause and scrub in the figure; this box and clicks set where it opens.",
            )
        )
        st.plotly_chart(
            SpecFigure(with_initial_step(spec, step)),
            key=chart_key,
            theme=None,  # the figure carries its own colours; Streamlit's theme would restyle it
            width="content",
            on_select="rerun",
            selection_mode="points",
            alt=alt,
            config={"displayModeBar": False, "responsive": False},
        )
        st.code(describe_step(step), language=None)
        if below is not None:
            below(step)
        return step

    return show()
