"""The animation surface: a Streamlit Components v2 element that draws a viz/surface.py payload.

JavaScript and CSS are read from this folder (no build step, nothing from another host) and
mounted without an iframe. Python owns the step: it passes one in, and the component reports
the step it moved to (Pause, scrub, a click, a key, the end of Play) as its `step` state, and
each prediction as a `prediction` trigger {step, kind, answer, correct}.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

HERE = Path(__file__).parent
NAME = "convlab.animation_surface"
SCRIPTS = ("surface", "surface_panels", "surface_text", "surface_playback", "surface_predict")
_mount = st.components.v2.component(
    NAME,
    html="",
    css=(HERE / "surface.css").read_text(),
    # the surface, then what adds methods to its class: grids, a step's words, playback, predict mode
    js="\n".join((HERE / f"{name}.js").read_text() for name in SCRIPTS),
)


@dataclass(frozen=True)
class SurfaceState:
    """What the surface shows after this run, and what the student did."""

    step: int  # the step shown: the component's when it moved this run, else the one passed in
    moved: bool  # the student moved the step in the browser since the last run
    prediction: dict[str, Any] | None  # this run's new prediction {step, kind, answer, correct}
    score: tuple[int, int]  # (right, asked) over the session, for this surface's key


_ids: dict[int, tuple[dict[str, Any], str]] = {}  # id(payload) -> (payload, digest): cached payloads repeat


def payload_id(payload: dict[str, Any]) -> str:
    """A short digest: the browser rebuilds its grids only when the configuration changes.

    Payloads are cached and never mutated, so each is hashed once; the entry holds the payload,
    so its id cannot be reused while it is remembered."""
    known = _ids.get(id(payload))
    if known is not None and known[0] is payload:
        return known[1]
    text = json.dumps(payload, separators=(",", ":"), sort_keys=True)
    digest = hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
    if len(_ids) >= 128:
        _ids.clear()
    _ids[id(payload)] = (payload, digest)
    return digest


def _moved_key(key: str) -> str:
    return f"_surface_moved_{key}"


def _score_key(key: str) -> str:
    return f"_surface_score_{key}"


def _on_step(key: str, step_key: str | None) -> None:
    """Runs before the script when the browser reports a new step: the page's own step widget
    (step_key) is set before it is drawn, so the step box, the arithmetic and the link agree."""
    st.session_state[_moved_key(key)] = True
    if step_key is not None:
        st.session_state[step_key] = int(st.session_state[key]["step"])


def animation_surface(
    payload: dict[str, Any],
    *,
    key: str,
    step: int = 0,
    predict: bool = False,
    classroom: bool = False,
    step_key: str | None = None,
    label: str = "",
    on_prediction: Callable[[dict[str, Any]], None] | None = None,
) -> SurfaceState:
    """Draw `payload` (from viz.surface) at `step`; returns the step shown and the predictions.

    `step_key` names the page's step widget (e.g. a number input bound to the link's `step`):
    when the student moves the step in the browser, that widget takes the new value before the
    page draws it. `label` describes the figure to a screen reader. `on_prediction` is called
    with each new prediction (a class poll)."""
    steps = int(payload["steps"]["shape"][0] * payload["steps"]["shape"][1] * payload["steps"]["shape"][2])
    step = max(0, min(steps - 1, int(step)))
    moved = bool(st.session_state.pop(_moved_key(key), False))
    known = st.session_state.get(key)
    if moved and known is not None:
        step = max(0, min(steps - 1, int(known["step"])))
    elif known is not None and known.get("step") != step:
        st.session_state[key]["step"] = step  # the browser's report may repeat an old value: keep it a change
    result = _mount(
        key=key,
        data={
            "payload": payload,
            "payloadId": payload_id(payload),
            "step": step,
            "predict": predict,
            "classroom": classroom,
            "label": label,
        },
        default={"step": step},
        on_step_change=lambda: _on_step(key, step_key),
        on_prediction_change=lambda: None,
    )
    prediction = result.get("prediction")
    right, asked = st.session_state.get(_score_key(key), (0, 0))
    if isinstance(prediction, dict):
        right, asked = right + bool(prediction.get("correct")), asked + 1
        st.session_state[_score_key(key)] = (right, asked)
        if on_prediction is not None:
            on_prediction(prediction)
    return SurfaceState(step, moved, prediction if isinstance(prediction, dict) else None, (right, asked))
