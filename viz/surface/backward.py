"""Surface payloads where steps add into a grid: the transposed convolution's stamps and pooling's
backward routing; and the backward correlations of a convolution (dL/dW, dL/dX)."""

from __future__ import annotations

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
    window,
)
from viz.surface.forward import conv_payload

if TYPE_CHECKING:  # only the traces' attributes are relied on
    from engine.trace.backward import ConvBackwardTrace, PoolBackwardTrace
    from engine.trace.transpose import TransposeTrace


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
        bias=False,
    )


def grad_input_payload(trace: ConvBackwardTrace) -> dict[str, Any]:
    """dL/dX as the correlation it is: dL/dY with zeros inserted and padded, correlated with the
    kernel rotated by 180 degrees (the padded frame's gradient, before cropping)."""
    return conv_payload(
        trace.grad_input,
        titles={"input": "dL/dY spread", "kernel": "W rotated 180°", "output": "dL/dX (padded frame)"},
        roles={"input": "gradient", "output": "gradient"},
        label="dL/dXp[{k}, {r}, {c}]",
        bias=False,
    )
