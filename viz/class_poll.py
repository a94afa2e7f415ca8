"""The class's answers to a poll as a histogram: one bar per distinct answer (as the store
normalised it), coloured right or wrong once the instructor chooses to show it."""

from __future__ import annotations

import math

from viz.spec import Spec
from viz.theme import ROLE_COLOURS

RIGHT, WRONG, UNMARKED = ROLE_COLOURS["output"], "#b91c1c", "#6b7280"


def poll_histogram(answers: list[tuple[str, bool, int]], marked: bool, large: bool = False) -> Spec:
    """`answers`: (answer, right, count), most given first. Bars are grey until `marked`."""
    colours = [(RIGHT if right else WRONG) if marked else UNMARKED for _, right, _ in answers]
    most = max((count for *_, count in answers), default=1)
    font = 22 if large else 15
    return {
        "data": [
            {
                "type": "bar",
                "x": [count for _, _, count in answers],
                "y": [answer for answer, _, _ in answers],
                "orientation": "h",
                "marker": {"color": colours},
                "text": [
                    f"{count}" + ((" ✓" if right else " ✗") if marked else "") for _, right, count in answers
                ],
                "textposition": "outside",
                "textfont": {"size": font},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": {
            "width": 560 if large else 440,
            "height": max(160, 60 + (44 if large else 32) * len(answers)),
            "margin": {"l": 120, "r": 60, "t": 10, "b": 30},
            "font": {"size": font},
            "xaxis": {"range": [0, 1.25 * most], "dtick": max(1, math.ceil(most / 5)), "fixedrange": True},
            "yaxis": {"autorange": "reversed", "type": "category", "fixedrange": True},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
        },
    }
