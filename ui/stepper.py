"""The stepper: the animation surface with a step box bound to the link, and the step's arithmetic.

The surface animates in the browser (play, pause, speed, scrub, keys, clicks, predictions) and
reports the step it stops at; the step box, the arithmetic below and the link's step follow it,
and a step typed in the box or opened from a link moves the surface. It all runs in a fragment,
so a step reruns only this part of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from math import prod
from typing import Any

import streamlit as st

from ui.class_session import publish
from ui.plain import plain_block
from ui.surface import animation_surface

STEP_KEY = "step"


def step_count(payload: dict[str, Any]) -> int:
    """The number of steps in `payload`'s animation."""
    return prod(payload["steps"]["shape"])


def stepper(
    payload: dict[str, Any],
    describe_step: Callable[[int], str],
    *,
    key: str,
    alt: str,
    classroom: bool,
    step_key: str = STEP_KEY,
    below: Callable[[int], None] | None = None,
    clickable: str = "an output cell",
) -> int:
    """Draw the step box, the surface of `payload` (viz.surface) at the link's step, the step's
    arithmetic `describe_step(s)` and the session's prediction score; `below(s)` draws what else
    follows the step. `key` names the surface, `step_key` the step in the link (one per surface
    on a page). Returns the step shown."""
    steps = step_count(payload)

    @st.fragment
    def show() -> int:
        if not 0 <= st.session_state.get(step_key, 0) < steps:
            st.session_state[step_key] = 0
        step = st.number_input(
            f"Step (0 to {steps - 1})",
            0,
            steps - 1,
            0,
            key=step_key,
            bind="query-params",
            help=f"Play, pause, scrub, use the arrow keys or click {clickable} in the figure; "
            "the step is kept in the link.",
        )
        state = animation_surface(
            payload, key=key, step=int(step), classroom=classroom, step_key=step_key, label=alt
        )
        publish(**{step_key: state.step})
        plain_block(describe_step(state.step))
        right, asked = state.score
        if asked:
            st.caption(f"Your predictions on this figure: {right} of {asked} right this session.")
        if below is not None:
            below(state.step)
        return state.step

    return show()
