"""Surface payloads of the forward passes: a convolution (any channels and groups) and a pooling."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from viz.surface.cells import (
    VERSION,
    cell_steps,
    flat_where,
    grid,
    number_text,
    page_titles,
    separable_starts,
    unread_notice,
    visited,
    window,
)

if TYPE_CHECKING:  # only the traces' attributes are relied on
    from engine.trace.conv import ConvTrace
    from engine.trace.pool import PoolTrace


CONV_TITLES = {"input": "input", "kernel": "kernel", "output": "output"}
CONV_ROLES = {"input": "input", "kernel": "kernel", "output": "output"}


def conv_payload(
    trace: ConvTrace,
    *,
    titles: dict[str, str] | None = None,
    roles: dict[str, str] | None = None,
    label: str | None = None,
    frame: tuple[np.ndarray, np.ndarray] | None = None,
    bias: bool = True,
) -> dict[str, Any]:
    """A conv2d trace (one sample, any channels and groups): one input and one kernel panel per
    channel slot of a group, the output paged by filter. Also draws the backward correlations
    and the transposed convolution's equivalent correlation (pass their titles and roles).

    `frame` is the whole padded input (C_in, Hp, Wp) and its padding mask (Hp, Wp), when the
    trace holds only the part its windows read: every cell is drawn, the unread ones marked."""
    titles, roles = CONV_TITLES | (titles or {}), CONV_ROLES | (roles or {})
    C_out, Ho, Wo = shape = trace.output.shape
    slots = trace.channels.shape[1]
    padded, is_padding = frame if frame is not None else (trace.padded_input, trace.is_padding)
    origin = (0, 0) if frame is not None else trace.origin  # a zoom's grid starts at its origin
    taps = trace.taps - np.array(origin)
    frame_size = padded.shape[-2:]
    unread = flat_where(~visited(frame_size, taps))
    grids = [grid(x, is_padding) | {"unread": unread} for x in padded]
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
            "bias": [number_text(v) for v in trace.bias.tolist()] if bias else [],  # none for gradients
        },
        "grids": grids,
        "panels": panels,
        "target": "output",
        "terms": {
            "input": [f"input{j}" for j in range(slots)],
            "kernel": [f"kernel{j}" for j in range(slots)],
        },
        "predict": {"where": "input0", "value": True, "size": [Ho, Wo]},
        "notice": unread_notice(titles["input"], ~visited(frame_size, taps)),
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


def pool_block(trace: PoolTrace, block: tuple[tuple[int, int], tuple[int, int]]) -> PoolTrace:
    """The steps of `trace` whose output cell is in `block` ((r0, r1), (c0, c1)), on the part of
    the padded frame they read: a picture's zoomed block, its border padding keeping its meaning.
    `out_index` keeps the whole output's indices, so the arithmetic names the real cells."""
    (r0, r1), (c0, c1) = block
    _, r, c = trace.out_index.T
    steps = np.flatnonzero((r >= r0) & (r < r1) & (c >= c0) & (c < c1))
    taps = trace.taps[steps]
    (top, left), (bottom, right) = taps.reshape(-1, 2).min(axis=0), taps.reshape(-1, 2).max(axis=0) + 1
    return replace(
        trace,
        padded_input=trace.padded_input[:, top:bottom, left:right],
        is_padding=trace.is_padding[top:bottom, left:right],
        out_index=trace.out_index[steps],
        taps=taps - np.array([top, left]),
        tap_is_padding=trace.tap_is_padding[steps],
        inputs=trace.inputs[steps],
        winner=None if trace.winner is None else trace.winner[steps],
        divisors=None if trace.divisors is None else trace.divisors[steps],
        values=trace.values[steps],
        output=trace.output[:, r0:r1, c0:c1],
    )


def pool_payload(trace: PoolTrace, *, titles: dict[str, str] | None = None) -> dict[str, Any]:
    """A max/min/avg pooling trace (or a pool_block of one): input and output paged by channel;
    the winner (max, min) or the divisor (avg) of every window."""
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
        "offset": [0, *(int(v) for v in trace.out_index[0, 1:])],
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
