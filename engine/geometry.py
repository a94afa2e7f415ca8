"""Where windows read: the geometry of convolution, pooling and transposed convolution.

An AxisGeometry tiles one axis; a WindowGeometry pairs rows and columns, resolved once per
call, and is what every op, trace and figure reads. Every hyperparameter check of the engine
lives here, so that every error explains itself with the caller's numbers ("kernel 5 with
dilation 2 spans 9 cells, but the padded input is only 7 wide"). Axes are named by the word a
sentence needs: "high" for rows, "wide" for columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from engine.arrays import FloatArray, float_dtype, non_negative_pair, positive_pair
from engine.ops.padding import check_padding_mode, pad

Pair = int | tuple[int, int]
AXES = ("high", "wide")
LINES = {"high": "rows", "wide": "columns"}
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def pad_mode(padding_mode: str) -> str:
    """nn.Conv2d's padding_mode spelled as F.pad's mode: "zeros" is "constant"."""
    return "constant" if padding_mode == "zeros" else padding_mode


@dataclass(frozen=True)
class AxisGeometry:
    """How windows tile one axis of the padded input.

    Coordinates are in the padded frame: index 0 is the first padding cell (or the first
    input cell when `pad_before` is 0). `pad_after` may include cells that only exist because
    ceil-mode pooling lets the last window hang over the edge (`overhang`).
    """

    size: int
    kernel: int
    stride: int
    dilation: int
    pad_before: int
    pad_after: int
    out: int
    overhang: int = 0

    @property
    def span(self) -> int:
        """Cells covered by one dilated window: dilation·(kernel − 1) + 1."""
        return self.dilation * (self.kernel - 1) + 1

    @property
    def padded(self) -> int:
        """Length of the padded frame, ceil-mode overhang included."""
        return self.size + self.pad_before + self.pad_after

    @property
    def leftover(self) -> int:
        """Cells at the far end that no window reaches (the stride does not tile evenly)."""
        return self.padded - ((self.out - 1) * self.stride + self.span)

    def taps(self, index: int) -> range:
        """Padded-frame coordinates read by output `index` along this axis."""
        start = index * self.stride
        return range(start, start + self.span, self.dilation)

    def unvisited(self) -> tuple[int, ...]:
        """Padded-frame coordinates that no tap of any window reads, in order."""
        visited = {c for i in range(self.out) for c in self.taps(i)}
        return tuple(c for c in range(self.padded) if c not in visited)

    def is_padding(self, coord: int) -> bool:
        """Whether padded-frame coordinate `coord` lies outside the input."""
        return not self.pad_before <= coord < self.pad_before + self.size


@dataclass(frozen=True)
class WindowGeometry:
    """How the windows of a convolution or a pooling tile a 2-D input, resolved once.

    Convolution, pooling, their gradients, the transposed convolution's equivalent correlation,
    the traces and the figures all read this one type. It unpacks as its axes: `rows, cols =
    geometry`. Pooling keeps groups 1 and "zeros" padding (its op chooses the fill: −∞, +∞, 0).
    """

    rows: AxisGeometry
    cols: AxisGeometry
    groups: int = 1
    padding_mode: str = "zeros"  # nn.Conv2d's: "zeros", "reflect", "replicate" or "circular"

    def __iter__(self) -> Iterator[AxisGeometry]:
        return iter((self.rows, self.cols))

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self.rows.kernel, self.cols.kernel

    @property
    def stride(self) -> tuple[int, int]:
        return self.rows.stride, self.cols.stride

    @property
    def dilation(self) -> tuple[int, int]:
        return self.rows.dilation, self.cols.dilation

    @property
    def output_size(self) -> tuple[int, int]:
        return self.rows.out, self.cols.out

    @property
    def padded_size(self) -> tuple[int, int]:
        """(Hp, Wp) of the padded frame, ceil-mode overhang included."""
        return self.rows.padded, self.cols.padded

    @property
    def pad(self) -> tuple[int, int, int, int]:
        """F.pad order: (left, right, top, bottom); negative amounts crop."""
        return self.cols.pad_before, self.cols.pad_after, self.rows.pad_before, self.rows.pad_after

    @property
    def pad_mode(self) -> str:
        """`padding_mode` as F.pad spells it."""
        return pad_mode(self.padding_mode)

    def pad_input(self, x: ArrayLike, value: float = 0.0) -> FloatArray:
        """(..., H, W) -> (..., Hp, Wp), padded as the layer pads; `value` fills constant padding."""
        return (
            pad(x, self.pad, self.pad_mode, value) if any(self.pad) else np.asarray(x, dtype=float_dtype(x))
        )


def check_span(size: int, kernel: int, dilation: int, before: int, after: int, axis: str) -> None:
    """Refuse a dilated kernel longer than the padded input along `axis`, saying by how much."""
    span = dilation * (kernel - 1) + 1
    padded = size + before + after
    if span > padded:
        raise ValueError(
            f"{spans_text(kernel, dilation)}, but the {frame_text(before + after)} is only {padded} {axis}"
        )


def spans_text(kernel: int, dilation: int) -> str:
    """How many cells one dilated window spans, in words."""
    span = dilation * (kernel - 1) + 1
    return (
        f"kernel {kernel} with dilation {dilation} spans {span} cells"
        if dilation > 1
        else f"kernel {kernel} spans {span} cells"
    )


def frame_text(padding: int) -> str:
    """What the windows slide over: the input, or the padded input."""
    return "padded input" if padding else "input"


def conv_axis(
    size: int, kernel: int, stride: int, dilation: int, before: int, after: int, axis: str
) -> AxisGeometry:
    """Geometry of a convolution along one axis: out = ⌊(size + pads − span) / stride⌋ + 1."""
    check_span(size, kernel, dilation, before, after, axis)
    span = dilation * (kernel - 1) + 1
    out = (size + before + after - span) // stride + 1
    return AxisGeometry(size, kernel, stride, dilation, before, after, out)


def same_padding(kernel: int, dilation: int) -> tuple[int, int]:
    """PyTorch's "same" split: total dilation·(k − 1), the odd cell goes after (right/bottom)."""
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2


def conv_padding(
    padding: Pair | str,
    kernel_size: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Resolve conv2d's `padding` to ((top, bottom), (left, right))."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            if stride != (1, 1):
                raise ValueError(
                    f'padding="same" keeps the size only with stride 1, got stride {stride}: '
                    "with a larger stride the output is smaller whatever the padding"
                )
            return same_padding(kernel_size[0], dilation[0]), same_padding(kernel_size[1], dilation[1])
        raise ValueError(f'padding must be an int, a pair, "valid" or "same", got {padding!r}')
    rows, cols = non_negative_pair(padding, "padding")
    return (rows, rows), (cols, cols)


def _conv_windows(
    input_size: Sequence[int],
    kernel_size: Pair,
    stride: Pair,
    pads: tuple[tuple[int, int], tuple[int, int]],
    dilation: Pair,
    groups: int,
    padding_mode: str,
) -> WindowGeometry:
    """Rows and columns of a convolution padded by ((top, bottom), (left, right))."""
    kernels, strides = positive_pair(kernel_size, "kernel_size"), positive_pair(stride, "stride")
    dilations = positive_pair(dilation, "dilation")
    rows, cols = (
        conv_axis(n, k, s, d, before, after, axis)
        for n, k, s, d, (before, after), axis in zip(input_size[-2:], kernels, strides, dilations, pads, AXES)
    )
    if padding_mode not in PADDING_MODES:
        raise ValueError(f"padding_mode must be one of {', '.join(PADDING_MODES)}, got {padding_mode!r}")
    if padding_mode != "zeros":
        for axis, word in zip((rows, cols), AXES):
            check_padding_mode(padding_mode, axis.size, axis.pad_before, axis.pad_after, word)
    return WindowGeometry(rows, cols, groups, padding_mode)


def conv_geometry(
    input_size: Sequence[int],
    kernel_size: Pair,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> WindowGeometry:
    """The windows of conv2d on an input of `input_size` = (..., H, W), validated."""
    pads = conv_padding(
        padding,
        positive_pair(kernel_size, "kernel_size"),
        positive_pair(stride, "stride"),
        positive_pair(dilation, "dilation"),
    )
    return _conv_windows(input_size, kernel_size, stride, pads, dilation, groups, padding_mode)


def pad_conv_geometry(
    input_size: Sequence[int],
    kernel_size: Pair,
    pad: tuple[int, int, int, int],
    padding_mode: str = "zeros",
    stride: Pair = 1,
    dilation: Pair = 1,
    groups: int = 1,
) -> WindowGeometry:
    """The windows of F.pad(input, pad=(left, right, top, bottom)) followed by an unpadded conv2d
    (PyTorch's asymmetric padding), with the padding on record."""
    left, right, top, bottom = pad
    if min(pad) < 0:
        raise ValueError(f"padding must be 0 or more on every side, got (left, right, top, bottom) = {pad}")
    return _conv_windows(
        input_size, kernel_size, stride, ((top, bottom), (left, right)), dilation, groups, padding_mode
    )


PADDING_RULES = ("custom", "valid", "same", "full")


def padding_for(
    rule: str,
    kernel_size: tuple[int, int],
    dilation: tuple[int, int],
    custom: tuple[int, int, int, int],
    stride: tuple[int, int] = (1, 1),
) -> tuple[int, int, int, int]:
    """F.pad amounts (left, right, top, bottom) for a padding rule.

    "valid": none; "same": dilation·(k − 1) in total per axis, the odd cell after, and only
    with stride 1 (as PyTorch); "full": dilation·(k − 1) on every side, so every window that
    touches the input is computed; "custom": `custom` as given.
    """
    if rule == "custom":
        return custom
    if rule in ("valid", "same"):
        (top, bottom), (left, right) = conv_padding(rule, kernel_size, stride, dilation)
        return left, right, top, bottom
    if rule == "full":
        rows, cols = (d * (k - 1) for k, d in zip(kernel_size, dilation))
        return cols, cols, rows, rows
    raise ValueError(f"padding rule must be one of {', '.join(PADDING_RULES)}, got {rule!r}")
