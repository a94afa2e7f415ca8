"""Volumes: C_in channels, K filters spanning C_in/groups channels each, K output maps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.analysis.params import conv_layer_summary
from engine.trace.conv import ConvTrace, trace_pad_conv2d
from lessons.convolution import whole_frame
from lessons.images import sample_image
from settings.conv import ConvSettings
from settings.presets import SEED_LAYERS
from settings.volume import VolumeSettings
from text.formulas import dense_formula, output_size_formula, parameter_formula
from viz.spec import Spec
from viz.surface import conv_payload
from viz.theme import theme_for
from viz.volume3d import volume_step_3d


@dataclass(frozen=True)
class VolumesView:
    trace: ConvTrace
    animation: dict  # the animation surface's payload (viz.surface)
    channels_seen: str  # which input channels each filter spans
    shapes: str  # output sizes, the output volume, parameters against a dense layer


def layer_values(volume: VolumeSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The input (C_in, H, W), K filters and the biases: from the seed (or a picture's
    channels), or typed (one filter); ValueError on typed values that do not parse."""
    if volume.source == "typed":
        typed, kernel, typed_bias = volume.typed_values()
        return typed, kernel, np.array([typed_bias]) if volume.with_bias else None
    rng = np.random.default_rng(volume.seed)
    if volume.source == "image":
        values = sample_image(volume.sample, volume.size, mode="RGB")
    else:
        values = rng.integers(0, 10, size=(volume.channels, *volume.size)).astype(np.float64)
    weights = rng.integers(
        -2, 3, size=(volume.filters, volume.channels // volume.groups, *volume.kernel_size)
    )
    bias = rng.integers(-2, 3, size=volume.filters) if volume.with_bias else None
    return values, weights.astype(np.float64), None if bias is None else bias.astype(np.float64)


def groups_of(volume: VolumeSettings) -> int:
    """Typed values are one filter over every channel."""
    return 1 if volume.source == "typed" else volume.groups


def trace(volume: VolumeSettings, conv: ConvSettings) -> ConvTrace:
    """The trace of the layer: input (C_in, H, W), K filters, groups, weights and biases."""
    values, weight, bias = layer_values(volume)
    return trace_pad_conv2d(
        values,
        weight,
        bias,
        **conv.to_kwargs((int(weight.shape[-2]), int(weight.shape[-1]))),
        groups=groups_of(volume),
    )


def build(volume: VolumeSettings, conv: ConvSettings) -> VolumesView:
    """The Volumes page's view: the trace, its shapes and parameter counts, and its figures."""
    steps = trace(volume, conv)
    values, weight, _ = layer_values(volume)
    (C_in, H, W), (K, C_group, kH, kW) = values.shape, weight.shape
    groups = groups_of(volume)
    per_filter = steps.output[0].size
    seen = "; ".join(
        f"filter {k} sees channels {', '.join(map(str, steps.channels[k * per_filter]))}" for k in range(K)
    )
    out = steps.output.shape
    shapes = [
        output_size_formula(steps.layer.rows, "high"),
        output_size_formula(steps.layer.cols, "wide"),
        f"output volume: {out[0]} maps of {out[1]}x{out[2]}",
        "convolution: " + parameter_formula(C_in, K, (kH, kW), groups, volume.with_bias),
        "dense layer between the same volumes: " + dense_formula((C_in, H, W), out),
    ]
    return VolumesView(
        trace=steps,
        animation=conv_payload(steps, frame=whole_frame(values, steps)),
        channels_seen=f"Groups = {groups}: each filter spans {C_group} of the {C_in} input channels. {seen}.",
        shapes="\n".join(shapes),
    )


def step_3d(volume: VolumeSettings, conv: ConvSettings, step: int, classroom: bool) -> Spec:
    """The input volume with step `step`'s window, and the output volume, in 3-D."""
    return volume_step_3d(trace(volume, conv), step, theme_for(classroom))


def textbook_layers() -> list[dict[str, str]]:
    """The chapters' layers: shapes, parameters against a dense layer, what does not tile."""
    rows = []
    for what, shape, filters, kernel, stride, padding in SEED_LAYERS:
        summary = conv_layer_summary(shape, filters, kernel, stride, padding)
        rows.append(
            {
                "layer": what,
                "input (C, H, W)": str(summary.input_shape),
                "output (K, H, W)": str(summary.output_shape),
                "conv parameters": f"{summary.conv.total:,}",
                "dense weights": f"{summary.dense.weights:,}",
                "unread rows, cols": str(summary.leftover) if any(summary.leftover) else "",
            }
        )
    return rows
