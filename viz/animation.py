"""Animation controls shared by every animated figure: play, pause, speed and a step slider.

Frames are named by their step number and carry only the traces that move, so a step sends
a few dozen numbers, never a grid. They animate with `redraw: True`: in the plotly.js that
Streamlit 1.67 bundles (4.2.0), a frame with `redraw: False` wipes every heatmap of the figure.
"""

from __future__ import annotations

from viz.theme import ROLE_COLOURS, Theme

SPEEDS_MS = {"▶ Play": 700, "▶ Slow": 1500, "▶ Fast": 250}


def _play(duration_ms: int) -> list:
    return [
        None,
        {
            "frame": {"duration": duration_ms, "redraw": True},
            "fromcurrent": True,
            "transition": {"duration": 0},
            "mode": "immediate",
        },
    ]


def animation_controls(steps: int, theme: Theme, plot_height_px: int) -> dict:
    """Layout entries (updatemenus, sliders) for `steps` frames named "0" … str(steps − 1):
    the buttons under the plot, the slider under the buttons (`plot_height_px` converts the
    gap to the plot's paper coordinates)."""
    buttons = [{"label": name, "method": "animate", "args": _play(ms)} for name, ms in SPEEDS_MS.items()]
    buttons.append(
        {
            "label": "❚❚ Pause",
            "method": "animate",
            "args": [[None], {"frame": {"duration": 0, "redraw": True}, "mode": "immediate"}],
        }
    )
    jump = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate", "transition": {"duration": 0}}
    slider_steps = [{"label": str(s), "method": "animate", "args": [[str(s)], jump]} for s in range(steps)]
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "right",
                "showactive": False,
                "buttons": buttons,
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 8, "r": 8},
                "font": {"size": theme.font_px},
            }
        ],
        "sliders": [
            {
                "active": 0,
                "steps": slider_steps,
                "x": 0,
                "len": 1,
                "y": -44 / max(plot_height_px, 1),
                "yanchor": "top",
                "pad": {"t": 8},
                "currentvalue": {"prefix": "Step ", "font": {"size": theme.font_px}},
                "ticklen": 0 if steps > 40 else 4,
                "font": {"size": 1 if steps > 40 else theme.font_px - 4},
                "bordercolor": ROLE_COLOURS["highlight"],
                "transition": {"duration": 0},
            }
        ],
    }


CONTROLS_PX = 120  # room under the plot for the buttons and, below them, the slider
