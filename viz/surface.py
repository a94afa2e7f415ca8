"""What the animation surface draws: engine traces turned into one compact, JSON-ready payload.

The browser component (ui/surface) lays out and indexes this payload; it never computes a
number it shows. Every value arrives here already formatted by the engine's `format_number`.

Payload (version 1), all coordinates in each grid's own cells, row-major flat indices:

    kind      "conv" | "pool" | "scatter"   how the arithmetic line reads
    steps     {"shape": [channels, rows, cols]   step s is (k, r, c) of this grid, row-major,
               "label": "out[{r}, {c}]"         integers substituted by the browser,
               "offset": [k0, r0, c0]            added to (k, r, c) in the label,
               + per-step texts: "partial" (conv, per slot), "bias" (per channel),
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

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from text.numbers import format_number

if TYPE_CHECKING:  # the engine's trace modules are being renamed: only their attributes are relied on
    from engine.trace.backward import ConvBackwardTrace, PoolBackwardTrace
    from engine.trace.conv import ConvTrace
    from engine.trace.pool import PoolTrace
    from engine.trace.transpose import TransposeTrace

VERSION = 1
SHADES = 8  # shade levels on each side of 0: small integers keep the JSON short


def number_text(value: float) -> str:
    """The engine's format_number, with the infinities pooling pads with spelled as symbols."""
    if math.isinf(value):
        return "−∞" if value < 0 else "+∞"
    return format_number(value)


def shades(values: np.ndarray) -> list[int]:
    """Colour levels for a grid: diverging around 0 when signed, else scaled to the grid's range."""
    finite = np.where(np.isfinite(values), values, 0.0)
    low, high = float(finite.min()), float(finite.max())
    if low < 0:
        scale = max(-low, high) or 1.0
        level = finite / scale
    else:
        level = (finite - low) / ((high - low) or 1.0) if high > low else np.zeros_like(finite)
    return np.rint(level * SHADES).astype(int).ravel().tolist()


def flat_where(mask: np.ndarray) -> list[int]:
    return np.flatnonzero(mask).tolist()


def grid(values: np.ndarray, padding: np.ndarray | None = None, **per_cell: Any) -> dict[str, Any]:
    """One drawn grid: (rows, cols) values as text, colour levels, and its masks."""
    rows, cols = values.shape
    entry: dict[str, Any] = {
        "rows": int(rows),
        "cols": int(cols),
        "text": [number_text(v) for v in values.ravel().tolist()],
        "shade": shades(values),
        "padding": flat_where(padding) if padding is not None else [],
        "unread": [],
    }
    for name, value in per_cell.items():
        if value is not None:
            entry[name] = value.ravel().tolist() if isinstance(value, np.ndarray) else value
    return entry


def visited(frame: tuple[int, int], taps: np.ndarray) -> np.ndarray:
    """(rows, cols) bool: the cells some tap in `taps` (..., 2) reads."""
    seen = np.zeros(frame, dtype=bool)
    seen[taps[..., 0].ravel(), taps[..., 1].ravel()] = True
    return seen


def window(
    starts: np.ndarray, shape: tuple[int, int], kernel: tuple[int, int], dilation=(1, 1), on=None
) -> dict:
    """A window whose origin at step (k, r, c) is (starts[0][r], starts[1][c]).

    `starts` comes from the trace's taps, so the browser indexes the engine's own coordinates."""
    spec = {
        "rows": [int(v) for v in starts[0]],
        "cols": [int(v) for v in starts[1]],
        "kh": int(kernel[0]),
        "kw": int(kernel[1]),
        "dh": int(dilation[0]),
        "dw": int(dilation[1]),
    }
    assert len(spec["rows"]) == shape[0] and len(spec["cols"]) == shape[1]
    if on is not None:
        spec["on"] = [int(bool(v)) for v in on]
    return spec


def separable_starts(origins: np.ndarray, shape: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(S, 2) per-step origins -> origin row per step row and origin col per step col.

    Windows on a grid move by rows and columns independently; this checks it rather than assumes."""
    grid_origins = origins.reshape(*shape, 2)
    rows, cols = grid_origins[0, :, 0, 0], grid_origins[0, 0, :, 1]
    assert (grid_origins[..., 0] == rows[None, :, None]).all()
    assert (grid_origins[..., 1] == cols[None, None, :]).all()
    return rows, cols


def cell_steps(shape: tuple[int, int, int]) -> np.ndarray:
    """(k, r, c) -> its own step: the output grid of a row-major trace."""
    return np.arange(int(np.prod(shape))).reshape(shape)


def unread_notice(title: str, unread_mask: np.ndarray) -> str:
    """Plain text naming the cells no window reads: whole rows and columns first."""
    rows = np.flatnonzero(unread_mask.all(axis=1)).tolist()
    cols = np.flatnonzero(unread_mask.all(axis=0)).tolist()
    rest = unread_mask.copy()
    rest[rows, :] = False
    rest[:, cols] = False
    parts = [
        f"row {', '.join(map(str, rows))}" if rows else "",
        f"column {', '.join(map(str, cols))}" if cols else "",
    ]
    cells = [f"({r}, {c})" for r, c in np.argwhere(rest).tolist()]
    parts.append(", ".join(cells[:8]) + (f" and {len(cells) - 8} more cells" if len(cells) > 8 else ""))
    named = "; ".join(part for part in parts if part)
    if not named:
        return ""
    return f"No window reads {int(unread_mask.sum())} cells of the {title}, marked x: {named}."


CONV_TITLES = {"input": "input", "kernel": "kernel", "output": "output"}
CONV_ROLES = {"input": "input", "kernel": "kernel", "output": "output"}


def page_titles(title: str, count: int, what: str = "channel") -> list[str]:
    return [f"{title} {what} {i}" for i in range(count)] if count > 1 else [title]


def conv_payload(
    trace: ConvTrace,
    *,
    titles: dict[str, str] | None = None,
    roles: dict[str, str] | None = None,
    label: str | None = None,
) -> dict[str, Any]:
    """A conv2d trace (one sample, any channels and groups): one input and one kernel panel per
    channel slot of a group, the output paged by filter. Also draws the backward correlations
    and the transposed convolution's equivalent correlation (pass their titles and roles)."""
    titles, roles = CONV_TITLES | (titles or {}), CONV_ROLES | (roles or {})
    C_out, Ho, Wo = shape = trace.output.shape
    slots = trace.channels.shape[1]
    taps = trace.taps - np.array(trace.origin)  # the grid drawn starts at the trace's origin (zoom)
    frame = trace.padded_input.shape[-2:]
    unread = flat_where(~visited(frame, taps))
    grids = [grid(x, trace.is_padding) | {"unread": unread} for x in trace.padded_input]
    panels = conv_input_panels(trace, taps, len(grids), titles["input"], roles["input"])
    kernels = len(grids)
    grids += [grid(trace.weight[k, j]) for k in range(C_out) for j in range(slots)]
    whole = (np.zeros(Ho, int), np.zeros(Wo, int))
    for j in range(slots):
        panels.append(
            {
                "id": f"kernel{j}",
                "titles": [
                    f"{titles['kernel']} {k}" + (f", channel {j}" if slots > 1 else "") for k in range(C_out)
                ]
                if C_out > 1 or slots > 1
                else [titles["kernel"]],
                "role": roles["kernel"],
                "grids": [kernels + k * slots + j for k in range(C_out)],
                "page": list(range(C_out)),
                "window": window(whole, (Ho, Wo), trace.weight.shape[-2:]),
            }
            | ({"break": True} if j == 0 and slots > 1 else {})
        )
    outputs, own = len(grids), cell_steps(shape)
    grids += [grid(trace.output[k], reveal=own[k], click=own[k]) for k in range(C_out)]
    panels.append(
        {
            "id": "output",
            "titles": page_titles(titles["output"], C_out),
            "role": roles["output"],
            "grids": list(range(outputs, outputs + C_out)),
            "page": list(range(C_out)),
            "window": window((np.arange(Ho), np.arange(Wo)), (Ho, Wo), (1, 1)),
        }
    )
    partial = trace.partial_sums.tolist() if slots > 1 else []
    return {
        "version": VERSION,
        "kind": "conv",
        "steps": {
            "shape": list(shape),
            "label": label or ("out[{k}, {r}, {c}]" if C_out > 1 else "out[{r}, {c}]"),
            "offset": [0, *(int(v) for v in trace.out_index[0, 1:])],
            "partial": [[number_text(v) for v in row] for row in partial],
            "bias": [number_text(v) for v in trace.bias.tolist()],
        },
        "grids": grids,
        "panels": panels,
        "target": "output",
        "terms": {
            "input": [f"input{j}" for j in range(slots)],
            "kernel": [f"kernel{j}" for j in range(slots)],
        },
        "predict": {"where": "input0", "value": True, "size": [Ho, Wo]},
        "notice": unread_notice(titles["input"], ~visited(frame, taps)),
    }


def conv_input_panels(trace: ConvTrace, taps: np.ndarray, channels: int, title: str, role: str) -> list[dict]:
    """One panel per channel slot of a group; its page at filter k is the channel k reads there."""
    C_out, Ho, Wo = trace.output.shape
    first_of = np.arange(C_out) * Ho * Wo  # the first step of each filter
    starts = separable_starts(taps[:, 0, 0], (C_out, Ho, Wo))
    dilation = (trace.layer.rows.dilation, trace.layer.cols.dilation)
    return [
        {
            "id": f"input{j}",
            "titles": page_titles(title, channels),
            "role": role,
            "grids": list(range(channels)),
            "page": trace.channels[first_of, j].tolist(),
            "window": window(starts, (Ho, Wo), trace.weight.shape[-2:], dilation),
        }
        for j in range(trace.channels.shape[1])
    ]


def pool_payload(trace: PoolTrace, *, titles: dict[str, str] | None = None) -> dict[str, Any]:
    """A max/min/avg pooling trace: input and output paged by channel; the winner (max, min)
    or the divisor (avg) of every window."""
    titles = {"input": "input", "output": f"{trace.kind} pool"} | (titles or {})
    C, Ho, Wo = shape = trace.output.shape
    frame = trace.padded_input.shape[-2:]
    unread = flat_where(~visited(frame, trace.taps))
    grids = [grid(x, trace.is_padding) | {"unread": unread} for x in trace.padded_input]
    own = cell_steps(shape)
    grids += [grid(trace.output[k], reveal=own[k], click=own[k]) for k in range(C)]
    dilation = (trace.rows.dilation, trace.cols.dilation)
    panels = [
        {
            "id": "input0",
            "titles": page_titles(titles["input"], C),
            "role": "input",
            "grids": list(range(C)),
            "page": list(range(C)),
            "window": window(
                separable_starts(trace.taps[:, 0, 0], shape),
                (Ho, Wo),
                (trace.rows.kernel, trace.cols.kernel),
                dilation,
            ),
        },
        {
            "id": "output",
            "titles": page_titles(titles["output"], C),
            "role": "output",
            "grids": list(range(C, 2 * C)),
            "page": list(range(C)),
            "window": window((np.arange(Ho), np.arange(Wo)), (Ho, Wo), (1, 1)),
        },
    ]
    steps: dict[str, Any] = {
        "shape": list(shape),
        "label": "out[{k}, {r}, {c}]" if C > 1 else "out[{r}, {c}]",
        "offset": [0, 0, 0],
    }
    if trace.winner is not None:
        steps["winner"] = trace.winner.tolist()
    if trace.divisors is not None:
        steps["divisor"] = [number_text(v) for v in trace.divisors.tolist()]
    return {
        "version": VERSION,
        "kind": trace.kind,
        "steps": steps,
        "grids": grids,
        "panels": panels,
        "target": "output",
        "terms": {"input": ["input0"], "kernel": []},
        "predict": {"where": "input0", "value": True, "size": [Ho, Wo]},
        "notice": unread_notice(titles["input"], ~visited(frame, trace.taps)),
    }


def scatter_grids(
    full: np.ndarray, padding: np.ndarray, targets: np.ndarray, channels: np.ndarray
) -> list[dict[str, Any]]:
    """Grids that steps add into: step s adds to `targets[s]` (kH, kW, 2) of channel
    `channels[s]`. A cell shows its (engine) value from the last step that adds to it."""
    S = len(targets)
    index = (
        np.broadcast_to(channels[:, None, None], targets.shape[:3]).ravel(),
        targets[..., 0].ravel(),
        targets[..., 1].ravel(),
    )
    step = np.broadcast_to(np.arange(S)[:, None, None], targets.shape[:3]).ravel()
    reveal = np.full(full.shape, -1)
    begin = np.full(full.shape, S)
    np.maximum.at(reveal, index, step)
    np.minimum.at(begin, index, step)
    return [
        grid(full[o], padding, reveal=reveal[o], begin=begin[o])
        | {"unread": flat_where(reveal[o] < 0)}  # no step adds to it: it stays 0
        for o in range(full.shape[0])
    ]


def live_panel(slot: int, title: str, kernel: tuple[int, int], role: str = "highlight") -> dict[str, Any]:
    """A small grid whose cells are the current step's own numbers (steps["live"][s][slot])."""
    return {
        "id": f"live{slot}",
        "titles": [title],
        "role": role,
        "live": slot,
        "rows": kernel[0],
        "cols": kernel[1],
    }


def transpose_payload(trace: TransposeTrace, *, titles: dict[str, str] | None = None) -> dict[str, Any]:
    """A conv_transpose2d trace as stamps: each input cell adds x·W into the (uncropped) output.
    Each stamp's own contribution is shown; an output cell shows its value once its last stamp
    has been added. Cells cropped by `padding` are drawn as padding."""
    titles = {"input": "input x", "kernel": "kernel W", "stamp": "this stamp x·W", "output": "output"} | (
        titles or {}
    )
    C_in, H, W = shape = (int(trace.in_index[:, 0].max()) + 1, *trace.layer.input_size)
    kH, kW = trace.layer.kernel_size
    groups_out, C_out = trace.out_channels.shape[1], trace.full.shape[0]
    x = trace.inputs.reshape(shape)
    own = cell_steps(shape)
    grids = [grid(x[ch], click=own[ch]) for ch in range(C_in)]
    panels = [
        {
            "id": "input0",
            "titles": page_titles(titles["input"], C_in),
            "role": "input",
            "grids": list(range(C_in)),
            "page": list(range(C_in)),
            "window": window((np.arange(H), np.arange(W)), (H, W), (1, 1)),
        }
    ]
    kernels = len(grids)
    grids += [grid(trace.weight[ch, j]) for ch in range(C_in) for j in range(groups_out)]
    whole = (np.zeros(H, int), np.zeros(W, int))
    crop = np.ones(trace.layer.full_size, dtype=bool)
    (pH, pW), (Ho, Wo) = trace.layer.padding, trace.layer.output_size
    crop[pH : pH + Ho, pW : pW + Wo] = False
    first_of = np.arange(C_in) * H * W
    starts = separable_starts(trace.targets[:, 0, 0], shape)
    outputs = len(grids)
    for j in range(groups_out):
        grids += scatter_grids(trace.full, crop, trace.targets, trace.out_channels[:, j])
        panels += [
            {
                "id": f"kernel{j}",
                "titles": page_titles(titles["kernel"], C_in, "of input channel"),
                "role": "kernel",
                "grids": [kernels + ch * groups_out + j for ch in range(C_in)],
                "page": list(range(C_in)),
                "window": window(whole, (H, W), (kH, kW)),
            },
            live_panel(j, titles["stamp"], (kH, kW)),
            {
                "id": f"output{j}",
                "titles": page_titles(titles["output"], C_out),
                "role": "output",
                "grids": list(
                    range(outputs + j * trace.full.shape[0], outputs + (j + 1) * trace.full.shape[0])
                ),
                "page": trace.out_channels[first_of, j].tolist(),
                "window": window(starts, (H, W), (kH, kW), trace.layer.dilation),
            },
        ]
    live = [
        [[number_text(v) for v in stamp.ravel().tolist()] for stamp in step] for step in trace.contributions
    ]
    return {
        "version": VERSION,
        "kind": "scatter",
        "steps": {
            "shape": list(shape),
            "label": "x[{k}, {r}, {c}]" if C_in > 1 else "x[{r}, {c}]",
            "offset": [0, 0, 0],
            "live": live,
        },
        "grids": grids,
        "panels": panels,
        "target": None,
        "terms": {"input": ["input0"], "kernel": [f"kernel{j}" for j in range(groups_out)]},
        "predict": {"where": "output0", "value": False, "size": [Ho, Wo]},
        "notice": "Grey cells are cropped by padding: they are not part of the output.",
    }


def pool_backward_payload(trace: PoolBackwardTrace) -> dict[str, Any]:
    """Pooling's backward as routing: each upstream gradient goes to its window's winner (max,
    min) or is shared out by the divisor (avg), summed where windows overlap."""
    forward = trace.forward
    C, Ho, Wo = shape = forward.output.shape
    kernel = (forward.rows.kernel, forward.cols.kernel)
    own = cell_steps(shape)
    upstream = trace.upstream.reshape(shape)
    grids = [grid(upstream[k], click=own[k]) for k in range(C)]
    grids += scatter_grids(trace.grad_padded, forward.is_padding, forward.taps, forward.out_index[:, 0])
    panels = [
        {
            "id": "input0",
            "titles": page_titles("upstream dL/dY", C),
            "role": "gradient",
            "grids": list(range(C)),
            "page": list(range(C)),
            "window": window((np.arange(Ho), np.arange(Wo)), (Ho, Wo), (1, 1)),
        },
        live_panel(0, "this window's shares", kernel),
        {
            "id": "output0",
            "titles": page_titles("dL/dX (padded frame)", C),
            "role": "gradient",
            "grids": list(range(C, 2 * C)),
            "page": list(range(C)),
            "window": window(
                separable_starts(forward.taps[:, 0, 0], shape),
                (Ho, Wo),
                kernel,
                (forward.rows.dilation, forward.cols.dilation),
            ),
        },
    ]
    return {
        "version": VERSION,
        "kind": "scatter",
        "steps": {
            "shape": list(shape),
            "label": "dL/dY[{k}, {r}, {c}]" if C > 1 else "dL/dY[{r}, {c}]",
            "offset": [0, 0, 0],
            "live": [[[number_text(v) for v in share.ravel().tolist()]] for share in trace.shares],
        },
        "grids": grids,
        "panels": panels,
        "target": None,
        "terms": {"input": ["input0"], "kernel": []},
        "predict": {"where": "output0", "value": False, "size": None},
        "notice": "Shares that land on padding are dropped when the frame is cropped to the input.",
    }


def grad_weight_payload(trace: ConvBackwardTrace) -> dict[str, Any]:
    """dL/dW as the correlation it is: the padded input correlated with dL/dY (the forward's
    stride as dilation), one (filter, input channel) pair per output page."""
    return conv_payload(
        trace.grad_weight,
        titles={"input": "input x (padded)", "kernel": "dL/dY", "output": "dL/dW"},
        roles={"kernel": "gradient", "output": "gradient"},
        label="dL/dW[{k}, {r}, {c}]",
    )


def grad_input_payload(trace: ConvBackwardTrace) -> dict[str, Any]:
    """dL/dX as the correlation it is: dL/dY with zeros inserted and padded, correlated with the
    kernel rotated by 180 degrees (the padded frame's gradient, before cropping)."""
    return conv_payload(
        trace.grad_input,
        titles={"input": "dL/dY spread", "kernel": "W rotated 180°", "output": "dL/dX (padded frame)"},
        roles={"input": "gradient", "output": "gradient"},
        label="dL/dXp[{k}, {r}, {c}]",
    )
