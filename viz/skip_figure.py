"""The deep-stack toy model of “6. Convolutional Neural Networks”: the derivative of n nested tanh,
with and without a skip."""

from __future__ import annotations

import numpy as np

from engine.analysis.skip import nested_tanh, with_skip
from viz.spec import Spec
from viz.theme import ROLE_COLOURS, Theme


def skip_figure(n: int, theta: float, theme: Theme) -> Spec:
    """Left: dC/dθ and dC_res/dθ over θ for n layers. Right: both at θ over depths 1..30 (log scale)."""
    thetas = np.linspace(-4, 4, 201)
    depths = np.arange(1, 31)
    plain = [nested_tanh(np.array(theta), int(d))[1] for d in depths]
    skipped = [with_skip(np.array(theta), int(d))[1] for d in depths]
    line = lambda colour, dash: {"color": colour, "width": 3, "dash": dash}  # noqa: E731
    # the curves are derivatives, not the functions: the legend says which, and of what
    plain_name = f"dC/dθ, C(θ) = {n} nested tanh (no skip)"
    skip_name = "dC_res/dθ = dC/dθ + 1, C_res(θ) = C(θ) + θ (skip)"
    data = [
        {
            "type": "scatter",
            "x": thetas,
            "y": nested_tanh(thetas, n)[1],
            "name": plain_name,
            "line": line(ROLE_COLOURS["gradient"], "solid"),
        },
        {
            "type": "scatter",
            "x": thetas,
            "y": with_skip(thetas, n)[1],
            "name": skip_name,
            "line": line(ROLE_COLOURS["output"], "dash"),
        },
        {
            "type": "scatter",
            "x": depths,
            "y": plain,
            "name": plain_name,
            "xaxis": "x2",
            "yaxis": "y2",
            "showlegend": False,
            "line": line(ROLE_COLOURS["gradient"], "solid"),
            "mode": "lines+markers",
        },
        {
            "type": "scatter",
            "x": depths,
            "y": skipped,
            "name": skip_name,
            "xaxis": "x2",
            "yaxis": "y2",
            "showlegend": False,
            "line": line(ROLE_COLOURS["output"], "dash"),
            "mode": "lines+markers",
        },
    ]
    layout = {
        "height": 380,
        "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
        "font": {"size": theme.font_px},
        "legend": {"orientation": "h", "y": 1.15},
        "plot_bgcolor": "#ffffff",
        "xaxis": {"domain": [0, 0.46], "title": {"text": "θ"}},
        "yaxis": {"title": {"text": f"d/dθ, n = {n}"}},
        "xaxis2": {"domain": [0.56, 1], "title": {"text": f"layers n (θ = {theta:g})"}, "anchor": "y2"},
        "yaxis2": {"type": "log", "anchor": "x2", "title": {"text": "d/dθ at θ (log)"}},
    }
    return {"data": data, "layout": layout}
