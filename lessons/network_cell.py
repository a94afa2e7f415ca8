"""An activation of the Network page traced back to its arithmetic: the window it read in the
layer below, the filter or pooling, the sum and the activation function, with the digit's real
numbers; and a link that opens the same computation on the Convolution, Pooling or Volumes page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.arrays import FloatArray
from engine.digits import pixels_to_input
from engine.model import Conv2d, Linear, Pool2d
from engine.trace.conv import trace_conv2d
from engine.trace.pool import trace_pool2d
from lessons import volumes
from lessons.network import COMPUTED_BY, SHAPES, SHOWN, activations, digit_image, selected_cell, trained
from settings.conv import ConvSettings
from settings.fields import link
from settings.input import InputSettings
from settings.kernel import KernelSettings
from settings.network import NetworkSettings
from settings.page import StepSettings
from settings.pool import PoolSettings
from settings.volume import VolumeSettings, decimal_text, typed_text
from text.numbers import format_number, grid_to_text
from viz.surface import conv_payload, pool_payload

LINK_DIGITS = 4  # decimals of the values a link to the Convolution or Pooling page carries
MAX_LINK_DIGITS = 8  # a link to the Volumes page carries more when the sum needs them


@dataclass(frozen=True)
class CellView:
    """How one activation was computed from the layer below."""

    title: str
    payload: dict[str, Any] | None  # the animation surface's (conv or pool), None for a dense layer
    step: int
    arithmetic: str
    link_page: str  # "convolution", "pooling", "volumes" or "" when no page takes these values
    link: dict[str, str]
    link_note: str


def explain(settings: NetworkSettings, drawn: tuple[int, ...] | None = None) -> CellView:
    """The arithmetic of the selected activation, from the real numbers of this digit."""
    if drawn is not None:
        image = pixels_to_input(np.array(drawn, dtype=np.uint8).reshape(32, 32))
    else:
        image, _ = digit_image(settings)
    network = trained(settings.model)
    shown = activations(network, image)
    name, k, r, c = selected_cell(settings)
    index = COMPUTED_BY[name]
    below = shown[index][0]  # the input of the weighted (or pooling) layer
    layer = network.layers[index]
    value = float(shown[SHOWN[name] + 1][0].reshape(SHAPES[name])[k, r, c])
    if isinstance(layer, Conv2d):
        return _conv_cell(network, name, layer, below, (k, r, c), value, settings.model)
    if isinstance(layer, Pool2d):
        return _pool_cell(name, layer, below, (k, r, c), value)
    assert isinstance(layer, Linear)
    return _dense_cell(network, name, layer, below.ravel(), k, value, settings.model)


def signed_sum(terms: list[float]) -> str:
    """1.345 − 0.07618 + 0.2, not 1.345 + -0.07618 + 0.2."""
    text = format_number(terms[0], 4)
    for term in terms[1:]:
        text += f" − {format_number(-term, 4)}" if term < 0 else f" + {format_number(term, 4)}"
    return text


def _activation_line(name: str, kind: str, before: float, after: float) -> str:
    return f"{name} = {kind}({format_number(before, 4)}) = {format_number(after, 4)}"


def _conv_cell(network, name, layer: Conv2d, below, cell, value: float, model: str) -> CellView:
    k, r, c = cell
    trace = trace_conv2d(below, layer.weight[k : k + 1], layer.bias[k : k + 1])
    W_out = trace.output.shape[-1]
    step = r * W_out + c
    kind = model if model == "relu" else "tanh"
    below_name = {"C1": "input", "C3": "S2", "C5": "S4"}[name]
    payload = conv_payload(
        trace,
        label=f"{name}[{k}, {{r}}, {{c}}] before {kind}",
        titles={
            "input": below_name,
            "kernel": f"{name} filter {k}",
            "output": f"{name} map {k} before {kind}",
        },
    )
    before = float(trace.values[step])
    C_in, kh, kw = layer.weight.shape[1:]
    sums = signed_sum([*trace.partial_sums[step], float(layer.bias[k])])
    arithmetic = "\n".join(
        [
            f"{name}[{k}, {r}, {c}] before {kind} = Σ over {C_in} channel(s) of a {kh}x{kw} window · "
            f"filter {k}, + bias",
            f"  = {sums} = {format_number(before, 4)}",
            _activation_line(f"{name}[{k}, {r}, {c}]", kind, before, value),
        ]
    )
    if C_in == 1:  # one channel: the Convolution page computes the same window with the same kernel
        window = below[0, r : r + kh, c : c + kw]
        to_convolution = link(
            typed_input(window),
            KernelSettings(
                preset="custom",
                text=grid_to_text(np.round(layer.weight[k, 0], LINK_DIGITS)),
                bias=round(float(layer.bias[k]), 2),
            ),
            ConvSettings(),  # stride 1, no padding, no dilation: LeNet-5's C1
        )
        note = (
            f"Opens this {kh}x{kw} window and filter {k} on the Convolution page, rounded to "
            f"{LINK_DIGITS} decimals (the bias to 2, as that page steps it)."
        )
        return CellView(
            f"{name} map {k}, cell ({r}, {c})", payload, step, arithmetic, "convolution", to_convolution, note
        )
    window = below[:, r : r + kh, c : c + kw]
    digits, to_volumes = volumes_link(window, layer.weight[k], float(layer.bias[k]), before)
    note = (
        f"Opens this {C_in}x{kh}x{kw} window of {below_name} and filter {k} (a {kh}x{kw} kernel for "
        f"each of the {C_in} channels, and its bias) on the Volumes page as typed values: stride 1, "
        f"no padding, so its 1x1 output is this sum before {kind}, {format_number(before, 4)}. The "
        f"values are rounded to {digits} decimals, the fewest for which that page's sum is the one "
        f"shown here."
    )
    return CellView(
        f"{name} map {k}, cell ({r}, {c})", payload, step, arithmetic, "volumes", to_volumes, note
    )


def volumes_link(
    window: FloatArray, weight: FloatArray, bias: float, before: float
) -> tuple[int, dict[str, str]]:
    """The Volumes page's link for one (C, kH, kW) `window` and one filter: the values rounded
    to the fewest decimals (from LINK_DIGITS) for which the sum that page computes from them
    reads as `before` does here (4 significant digits), and those decimals."""
    for digits in range(LINK_DIGITS, MAX_LINK_DIGITS + 1):
        volume = VolumeSettings(
            source="typed",
            typed_input=typed_text(window, digits),
            typed_filter=typed_text(weight, digits),
            typed_bias=decimal_text(bias, digits),
        )
        computed = float(volumes.trace(volume, ConvSettings()).output.ravel()[0])
        if format_number(computed, 4) == format_number(before, 4):
            break
    return digits, link(volume, ConvSettings(), StepSettings())


def typed_input(window: FloatArray) -> InputSettings:
    """A single-channel window as the typed input of the Convolution or Pooling page, rounded to
    LINK_DIGITS decimals."""
    return InputSettings(source="typed", typed=grid_to_text(np.round(window, LINK_DIGITS)))


def _pool_cell(name, layer: Pool2d, below, cell, value: float) -> CellView:
    k, r, c = cell
    trace = trace_pool2d(below[k : k + 1], layer.kind, layer.kernel_size)
    W_out = trace.output.shape[-1]
    step = r * W_out + c
    below_name = {"S2": "C1", "S4": "C3"}[name]
    payload = pool_payload(trace, titles={"input": f"{below_name} map {k}", "output": f"{name} map {k}"})
    size = layer.kernel_size
    window = below[k, size * r : size * (r + 1), size * c : size * (c + 1)]
    rule = "mean" if layer.kind == "avg" else "max"
    arithmetic = (
        f"{name}[{k}, {r}, {c}] = {rule} of {below_name} map {k}'s {size}x{size} window "
        f"({', '.join(format_number(v, 4) for v in window.ravel())}) = {format_number(value, 4)}"
    )
    to_pooling = link(typed_input(window), PoolSettings(kind=layer.kind, kernel_h=size, kernel_w=size))
    note = f"Opens this {size}x{size} window on the Pooling page, rounded to {LINK_DIGITS} decimals."
    return CellView(
        f"{name} map {k}, cell ({r}, {c})", payload, step, arithmetic, "pooling", to_pooling, note
    )


def _dense_cell(network, name, layer: Linear, below, unit: int, value: float, model: str) -> CellView:
    products = layer.weight[unit] * below
    before = float(products.sum() + layer.bias[unit])
    largest = np.argsort(-np.abs(products))[:5]
    terms = " + ".join(
        f"{format_number(layer.weight[unit, i], 3)}·{format_number(below[i], 3)}" for i in largest
    )
    below_name = {"F6": "C5", "output": "F6"}[name]
    lines = [
        f"{name}[{unit}] = Σ of {below.size} weights · {below_name}'s {below.size} values + bias",
        f"  the five largest products: {terms} + …",
        f"  = {signed_sum([float(products.sum()), float(layer.bias[unit])])} = {format_number(before, 4)}",
    ]
    if name == "F6":
        lines.append(_activation_line(f"F6[{unit}]", model if model == "relu" else "tanh", before, value))
    else:
        lines.append(f"the logit of class {unit}; softmax turns the ten logits into probabilities")
    note = "A dense layer is a dot product: no page animates it, the sum is written out here."
    return CellView(f"{name} unit {unit}", None, 0, "\n".join(lines), "", {}, note)
