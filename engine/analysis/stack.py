"""Layer stacks as text, and the per-layer table of an architecture.

One layer per line, read token by token (never evaluated):

    conv 64 3x3 s1 p1 relu     a convolution: output channels, kernel, stride, padding, dilation d,
                               activation (relu, tanh, sigmoid or none)
    pool max 2x2 s2            a pooling layer (max or avg; stride defaults to the kernel)
    fc 84 relu                 a fully connected layer (flattens what comes before)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.analysis.params import ParameterCount, conv_parameters, dense_parameters
from engine.analysis.receptive import Layer, LayerField, receptive_fields

ACTIVATIONS = ("relu", "tanh", "sigmoid", "none")
MAX_LAYERS = 40
# Bounds that keep one request within ~2 s and ~200 MB: each number a line may hold, each
# layer's map (cells of one channel), and each volume (its C·H·W: also keeps the table's
# dense-layer counts, C·H·W squared, inside a 64-bit integer).
LIMITS = {"kernel": 1024, "stride": 1024, "padding": 1024, "dilation": 1024, "channels": 100_000}
MAX_MAP_CELLS = 2 * 1024 * 1024  # twice the largest input: a map padded past that costs > 2 s to draw
MAX_VOLUME = 2**31


@dataclass(frozen=True)
class StackLayer:
    """One line of a stack: its geometry (for receptive fields) and what the table needs."""

    kind: str  # "conv", "pool" or "fc"
    geometry: Layer | None  # None for fc
    channels: int  # conv: output channels; fc: outputs; pool: 0 (keeps its input's)
    activation: str = "none"
    pool: str = "max"

    def describe(self) -> str:
        if self.geometry is None:  # fully connected
            return f"fc {self.channels}"
        text = self.geometry.describe()
        if self.kind == "conv":
            text = text.replace("conv", f"conv {self.channels}", 1)
        return text.replace("pool", f"{self.pool} pool", 1)


def _bounded(digits: str, what: str, number: int) -> int:
    """A number of a line, refused (before int() reads thousands of digits) past its limit."""
    limit = LIMITS[what]
    if len(digits) > len(str(limit)) or int(digits) > limit:
        shown = digits if len(digits) <= 15 else f"{digits[:6]}…({len(digits)} digits)"
        name = {"kernel": "kernel size", "channels": "channel count"}.get(what, what)
        raise ValueError(f"line {number}: a {name} of {shown} is more than the {limit:,} ConvLab computes")
    return int(digits)


def _pair(token: str, what: str, number: int) -> tuple[int, int]:
    rows, _, cols = token.partition("x")
    return _bounded(rows, what, number), _bounded(cols or rows, what, number)


def parse_layer(line: str, number: int) -> StackLayer:
    """One line -> StackLayer, or ValueError naming the line and the token it could not read."""
    tokens = line.lower().replace(",", " ").split()
    kind, rest = tokens[0], tokens[1:]
    if kind not in ("conv", "pool", "fc"):
        raise ValueError(f'line {number} starts with {tokens[0][:20]!r}: a layer is "conv", "pool" or "fc"')
    settings: dict[str, tuple[int, int] | None] = {"k": None, "s": None, "p": (0, 0), "d": (1, 1)}
    channels, activation, pool = 0, "none", "max"
    for token in rest:
        if (
            re.fullmatch(r"\d+x\d+|\d+", token)
            and kind != "fc"
            and settings["k"] is None
            and (kind == "pool" or channels or "x" in token)
        ):
            settings["k"] = _pair(token, "kernel", number)
        elif re.fullmatch(r"\d+", token) and not channels and kind in ("conv", "fc"):
            channels = _bounded(token, "channels", number)
        elif re.fullmatch(r"[spd]\d+(x\d+)?", token):
            what = {"s": "stride", "p": "padding", "d": "dilation"}[token[0]]
            settings[token[0]] = _pair(token[1:], what, number)
        elif token in ACTIVATIONS:
            activation = token
        elif token in ("max", "avg") and kind == "pool":
            pool = token
        else:
            raise ValueError(f"line {number} ({line.strip()[:40]}): cannot read {token[:20]!r}")
    if kind == "fc":
        if not channels:
            raise ValueError(
                f"line {number}: a fully connected layer needs its number of outputs, e.g. fc 84"
            )
        return StackLayer("fc", None, channels, activation)
    kernel = settings["k"]
    if kernel is None:
        raise ValueError(
            f"line {number}: give the kernel size, e.g. {kind} {'64 ' if kind == 'conv' else ''}3x3"
        )
    if kind == "conv" and not channels:
        raise ValueError(
            f"line {number}: a convolution needs its number of output channels, e.g. conv 64 3x3"
        )
    stride = settings["s"] or ((1, 1) if kind == "conv" else kernel)
    geometry = Layer(kind, kernel, stride, settings["p"] or (0, 0), settings["d"] or (1, 1))
    return StackLayer(kind, geometry, channels, activation, pool)


def parse_stack(text: str) -> list[StackLayer]:
    """A whole stack; blank lines and lines starting with # are skipped."""
    lines = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise ValueError("the stack is empty: add a layer, e.g. conv 16 3x3 p1")
    if len(lines) > MAX_LAYERS:
        raise ValueError(f"the stack has {len(lines)} layers; at most {MAX_LAYERS} are shown")
    return [parse_layer(line, number) for number, line in lines]


@dataclass(frozen=True)
class TableRow:
    """One layer of an architecture, as a table shows it."""

    layer: StackLayer
    input_shape: tuple[int, ...]  # (C, H, W), or (features,) after a fully connected layer
    output_shape: tuple[int, ...]
    parameters: ParameterCount
    dense: ParameterCount  # a fully connected layer between the same input and output
    field: LayerField | None  # None from the first fully connected layer on
    leftover: tuple[int, int]  # input rows and columns no window reads


def architecture_table(input_shape: tuple[int, int, int], stack: list[StackLayer]) -> list[TableRow]:
    """Shapes, parameters and receptive fields layer by layer, for an input of (C, H, W)."""
    spatial = [layer.geometry for layer in stack if layer.geometry is not None]
    first_fc = next((i for i, layer in enumerate(stack) if layer.kind == "fc"), len(stack))
    if any(layer.kind != "fc" for layer in stack[first_fc:]):
        raise ValueError(
            f"layer {first_fc + 2} comes after a fully connected layer: only fc layers can follow one"
        )
    fields = receptive_fields(spatial, input_shape[1:]) if spatial else []
    _check_sizes(input_shape, stack, fields)
    rows: list[TableRow] = []
    shape: tuple[int, ...] = tuple(input_shape)
    out: tuple[int, ...]
    for index, layer in enumerate(stack):
        if layer.kind == "fc":
            features = 1
            for dim in shape:
                features *= dim
            out, params = (layer.channels,), dense_parameters(features, layer.channels)
            rows.append(TableRow(layer, shape, out, params, params, None, (0, 0)))
        else:
            field = fields[index]
            channels = layer.channels if layer.kind == "conv" else shape[0]
            out = (channels, field.rows.units, field.cols.units)
            params = (
                conv_parameters(shape[0], channels, field.layer.kernel_size)
                if layer.kind == "conv"
                else ParameterCount(0, 0)
            )
            leftover = (field.layer.axis(shape[1], 0).leftover, field.layer.axis(shape[2], 1).leftover)
            rows.append(
                TableRow(
                    layer, shape, out, params, dense_parameters(_size(shape), _size(out)), field, leftover
                )
            )
        shape = out
    return rows


def _check_sizes(
    input_shape: tuple[int, int, int], stack: list[StackLayer], fields: list[LayerField]
) -> None:
    """Refuse, before anything is computed, a stack whose maps or volumes are past the budget."""
    channels = input_shape[0]
    for number, (layer, field) in enumerate(zip(stack, fields), start=1):
        channels = layer.channels if layer.kind == "conv" else channels
        rows, cols = field.rows.units, field.cols.units
        if rows * cols > MAX_MAP_CELLS:
            raise ValueError(
                f"layer {number} ({layer.describe()}) makes a {rows:,}x{cols:,} map; ConvLab computes maps "
                f"of up to {MAX_MAP_CELLS:,} cells (twice a 1024x1024 input)"
            )
        if channels * rows * cols > MAX_VOLUME:
            raise ValueError(
                f"layer {number} ({layer.describe()}) makes a {channels:,}x{rows:,}x{cols:,} volume "
                f"({channels * rows * cols:,} values); ConvLab computes volumes of up to {MAX_VOLUME:,}"
            )


def _size(shape: tuple[int, ...]) -> int:
    size = 1
    for dim in shape:
        size *= dim
    return size
