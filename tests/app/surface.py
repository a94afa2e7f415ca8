"""Reading the animation surface in AppTest: the payload a page sends, and the browser's replies."""

import json

from streamlit.testing.v1 import AppTest


def surfaces(at: AppTest) -> list:
    return at.get("bidi_component")


def sent(at: AppTest, index: int = 0) -> dict:
    """The data the page sent to its `index`-th surface: {"payload", "step", "classroom", ...}."""
    return json.loads(surfaces(at)[index].proto.json)


def panel(payload: dict, panel_id: str) -> dict:
    return next(p for p in payload["panels"] if p["id"] == panel_id)


def grid_of(payload: dict, panel_id: str, page: int = 0) -> dict:
    return payload["grids"][panel(payload, panel_id)["grids"][page]]


def browser_reports(at: AppTest, index: int = 0, step: int | None = None, prediction: dict | None = None):
    """Rerun as the browser does when the surface reports a step or a prediction."""
    proto = surfaces(at)[index].proto
    widgets = at._tree.get_widget_states()
    if step is not None:
        state = widgets.widgets.add()
        state.id, state.json_value = proto.id, json.dumps({"step": step})
    if prediction is not None:
        event = widgets.widgets.add()
        event.id = f"$$STREAMLIT_INTERNAL_KEY_{proto.id}__events"
        event.json_trigger_value = json.dumps([{"event": "prediction", "value": prediction}])
    return at._run(widgets)
