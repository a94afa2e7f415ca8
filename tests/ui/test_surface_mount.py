"""The animation surface mounted by AppTest: the data it sends and the state it reads back."""

import json

from streamlit.testing.v1 import AppTest

SCRIPT = """
import numpy as np
import streamlit as st
from engine.trace.conv import trace_conv2d
from ui.surface import animation_surface
from viz.surface import conv_payload

payload = conv_payload(trace_conv2d(np.arange(25.0).reshape(1, 5, 5), np.ones((1, 1, 3, 3))))
st.number_input("Step", 0, 8, 3, key="step")
state = animation_surface(payload, key="surface", step=st.session_state["step"], step_key="step")
st.text(f"step={state.step} moved={state.moved} score={state.score[0]}/{state.score[1]}")
"""


def mounted(at: AppTest):
    return at.get("bidi_component")[0]


def browser_sends(at: AppTest, state: dict | None = None, event: dict | None = None) -> AppTest:
    """Rerun as the browser does after setStateValue / setTriggerValue (AppTest has no public way)."""
    proto = mounted(at).proto
    widgets = at._tree.get_widget_states()
    if state is not None:
        sent = widgets.widgets.add()
        sent.id, sent.json_value = proto.id, json.dumps(state)
    if event is not None:
        sent = widgets.widgets.add()
        sent.id = f"$$STREAMLIT_INTERNAL_KEY_{proto.id}__events"
        sent.json_trigger_value = json.dumps([event])
    return at._run(widgets)


def test_the_surface_receives_the_payload_and_the_step_python_holds():
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert not at.exception
    data = json.loads(mounted(at).proto.json)
    assert data["step"] == 3 and data["payload"]["steps"]["shape"] == [1, 3, 3]
    assert at.session_state["surface"]["step"] == 3
    assert at.text[0].value == "step=3 moved=False score=0/0"


def test_a_step_reported_by_the_browser_reaches_the_step_box():
    at = browser_sends(AppTest.from_string(SCRIPT, default_timeout=30).run(), state={"step": 7})
    assert not at.exception
    assert at.number_input(key="step").value == 7
    assert at.text[0].value == "step=7 moved=True score=0/0"
    assert json.loads(mounted(at).proto.json)["step"] == 7


def test_the_step_box_moves_the_surface_and_a_repeated_report_still_counts():
    at = browser_sends(AppTest.from_string(SCRIPT, default_timeout=30).run(), state={"step": 7})
    at.number_input(key="step").set_value(2).run()
    assert json.loads(mounted(at).proto.json)["step"] == 2
    assert at.session_state["surface"]["step"] == 2  # kept equal, so the browser's 7 is a change again
    at = browser_sends(at, state={"step": 7})
    assert at.number_input(key="step").value == 7


def test_predictions_reach_python_and_keep_a_score():
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    right = {"event": "prediction", "value": {"step": 1, "kind": "value", "answer": "5", "correct": True}}
    wrong = {"event": "prediction", "value": {"step": 2, "kind": "where", "answer": "0,2", "correct": False}}
    at = browser_sends(at, event=right)
    assert at.text[0].value.endswith("score=1/1")
    at = browser_sends(at, event=wrong)
    assert at.text[0].value.endswith("score=1/2")
    at.run()  # a rerun without a new prediction does not count one
    assert at.text[0].value.endswith("score=1/2")
