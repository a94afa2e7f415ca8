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
    plain = [nested_tanh(np.array(theta), d)[1] for d in depths]
    skipped = [with_skip(np.array(theta), d)[1] for d in depths]
    line = lambda colour, dash: {"color": colour, "width": 3, "dash": dash}  # noqa: E731
    data = [
        {
            "type": "scatter",
            "x": thetas,
            "y": nested_tanh(thetas, n)[1],
            "name": f"C(θ): {n} nested tanh",
            "line": line(ROLE_COLOURS["gradient"], "solid"),
        },
        {
            "type": "scatter",
            "x": thetas,
            "y": with_skip(thetas, n)[1],
            "name": "C_res(θ) = C(θ) + θ",
            "line": line(ROLE_COLOURS["output"], "dash"),
        },
        {
            "type": "scatter",
            "x": depths,
            "y": plain,
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
        "yaxis": {"title": {"text": f"derivative, n = {n}"}},
        "xaxis2": {"domain": [0.56, 1], "title": {"text": f"layers n (θ = {theta:g})"}, "anchor": "y2"},
        "yaxis2": {"type": "log", "anchor": "x2", "title": {"text": "derivative (log)"}},
    }
    return {"data": data, "layout": layout}
