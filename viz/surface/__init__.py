"""What the animation surface draws: engine traces turned into one compact, JSON-ready payload.

The browser component (ui/surface) lays out and indexes this payload; it never computes a
number it shows. Every value arrives here already formatted by the engine's `format_number`.

Payload (version 1), all coordinates in each grid's own cells, row-major flat indices:

    kind      "conv" | "pool" | "scatter"   how the arithmetic line reads
    steps     {"shape": [channels, rows, cols]   step s is (k, r, c) of this grid, row-major,
               "label": "out[{r}, {c}]"         integers substituted by the browser,
               "offset": [k0, r0, c0]            added to (k, r, c) in the label,
               + per-step texts: "partial" (conv, per slot), "bias" (per channel, [] for a gradient),
                 "divisor" (avg pool), "winner" (tap index, max/min pool), "live" (scatter)}
    grids     [{"rows", "cols", "text": [...], "shade": [-8..8], "padding": [flat...],
                "unread": [flat...], optional "reveal" / "begin" / "click": step per cell}]
    panels    [{"id", "title", "role", "grids": [grid index per page], optional "page":
                [page per step channel], "window": {"rows": [origin row per step row],
                "cols": [origin col per step col], "kh", "kw", "dh", "dw", optional "on":
                [0/1 per step channel]}, optional "live": slot, "break": true (new line)}]
    target    panel id whose window cell holds the step's value (conv and pool)
    terms     {"input": [panel ids], "kernel": [panel ids]} the factors of the arithmetic
    predict   {"where": panel id whose next window origin is asked, "value": bool,
               "size": [rows, cols] of the output}
    notice    plain text naming the cells no window reads (or "")
"""

from viz.surface.backward import (
    grad_input_payload,
    grad_weight_payload,
    pool_backward_payload,
    transpose_payload,
)
from viz.surface.cells import VERSION, number_text
from viz.surface.forward import conv_payload, pool_block, pool_payload

__all__ = [
    "VERSION",
    "conv_payload",
    "grad_input_payload",
    "grad_weight_payload",
    "number_text",
    "pool_backward_payload",
    "pool_block",
    "pool_payload",
    "transpose_payload",
]
