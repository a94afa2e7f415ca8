"""Window geometry along one axis: output sizes, padding, cells no window visits.

Every hyperparameter check of the engine lives here, so that every error explains itself
with the caller's numbers ("kernel 5 with dilation 2 spans 9 cells, but the padded input is
only 7 wide"). Axes are named by the word a sentence needs: "high" for rows, "wide" for columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

AXES = ("high", "wide")
LINES = {"high": "rows", "wide": "columns"}
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _is_int(value: object) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def pair(value: int | tuple[int, int] | list[int], name: str) -> tuple[int, int]:
    """`value` as a `(rows, cols)` pair of Python ints, as torch's `_pair` does."""
    if _is_int(value):
        return int(value), int(value)
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(map(_is_int, value)):
        return int(value[0]), int(value[1])
    raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")


def positive_pair(value: int | tuple[int, int], name: str) -> tuple[int, int]:
    """`pair(value)` that refuses values below 1 (sizes, strides, dilations)."""
    result = pair(value, name)
    if min(result) < 1:
        raise ValueError(f"{name} must be at least 1, got {value!r}")
    return result


def non_negative_pair(value: int | tuple[int, int], name: str) -> tuple[int, int]:
    """`pair(value)` that refuses negative values (paddings)."""
    result = pair(value, name)
    if min(result) < 0:
        raise ValueError(f"{name} must be 0 or more, got {value!r}")
    return result


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


def _check_span(size: int, kernel: int, dilation: int, before: int, after: int, axis: str) -> None:
    span = dilation * (kernel - 1) + 1
    padded = size + before + after
    if span > padded:
        spans = (
            f"kernel {kernel} with dilation {dilation} spans {span} cells"
            if dilation > 1
            else f"kernel {kernel} spans {span} cells"
        )
        frame = "padded input" if before or after else "input"
        raise ValueError(f"{spans}, but the {frame} is only {padded} {axis}")


def conv_axis(
    size: int, kernel: int, stride: int, dilation: int, before: int, after: int, axis: str
) -> AxisGeometry:
    """Geometry of a convolution along one axis: out = ⌊(size + pads − span) / stride⌋ + 1."""
    _check_span(size, kernel, dilation, before, after, axis)
    span = dilation * (kernel - 1) + 1
    out = (size + before + after - span) // stride + 1
    return AxisGeometry(size, kernel, stride, dilation, before, after, out)


def same_padding(kernel: int, dilation: int) -> tuple[int, int]:
    """PyTorch's "same" split: total dilation·(k − 1), the odd cell goes after (right/bottom)."""
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2


def conv_padding(
    padding: int | tuple[int, int] | str,
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
            return tuple(same_padding(k, d) for k, d in zip(kernel_size, dilation))
        raise ValueError(f'padding must be an int, a pair, "valid" or "same", got {padding!r}')
    rows, cols = non_negative_pair(padding, "padding")
    return (rows, rows), (cols, cols)


def conv_geometry(
    input_size: tuple[int, int],
    kernel_size: tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] | str = 0,
    dilation: int | tuple[int, int] = 1,
) -> tuple[AxisGeometry, AxisGeometry]:
    """Row and column geometry of conv2d on an input of `input_size` = (H, W)."""
    kernel_size = positive_pair(kernel_size, "kernel_size")
    stride = positive_pair(stride, "stride")
    dilation = positive_pair(dilation, "dilation")
    pads = conv_padding(padding, kernel_size, stride, dilation)
    return tuple(
        conv_axis(n, k, s, d, before, after, axis)
        for n, k, s, d, (before, after), axis in zip(input_size, kernel_size, stride, dilation, pads, AXES)
    )


def check_padding_mode(mode: str, size: int, before: int, after: int, axis: str) -> None:
    """Refuse padding a mode cannot produce, as torch does (reflect < size, circular ≤ size)."""
    widest = max(before, after)
    if mode == "reflect" and widest >= size:
        raise ValueError(
            f"reflect padding of {widest} mirrors the input without repeating its edge, so it "
            f"needs an input more than {widest} cells {axis}, but the input is only {size} {axis}"
        )
    if mode == "circular" and widest > size:
        raise ValueError(
            f"circular padding of {widest} would wrap around more than once: the input is only {size} {axis}"
        )


def pool_axis(
    size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool, axis: str
) -> AxisGeometry:
    """Geometry of pooling along one axis, with PyTorch's ceil-mode rule.

    In ceil mode the division rounds up, but a last window that would start in the right
    padding is dropped (it would read no input cell).
    """
    if 2 * padding > kernel:
        raise ValueError(
            f"pooling padding must be at most half the kernel, got padding {padding} "
            f"with kernel {kernel} (at most {kernel // 2})"
        )
    _check_span(size, kernel, dilation, padding, padding, axis)
    span = dilation * (kernel - 1) + 1
    reach = size + 2 * padding - span
    out = (reach + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    overhang = max(0, (out - 1) * stride + span - (size + 2 * padding))
    geometry = AxisGeometry(size, kernel, stride, dilation, padding, padding + overhang, out, overhang)
    _check_windows_read_input(geometry, axis)
    return geometry


def _check_windows_read_input(axis: AxisGeometry, word: str) -> None:
    """A pooling window whose dilated taps all land on padding has no value (PyTorch returns
    −∞ and an index outside the input); ConvLab refuses it and says why."""
    for index in range(axis.out):
        taps = list(axis.taps(index))
        if all(axis.is_padding(t) for t in taps):
            lines = LINES[word]
            raise ValueError(
                f"pooling window {index} reads only padding: with dilation {axis.dilation} its taps "
                f"fall on padded {lines} {', '.join(map(str, taps))}, but the input occupies "
                f"{lines} {axis.pad_before} to {axis.pad_before + axis.size - 1}"
            )


def pool_geometry(
    input_size: tuple[int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
    ceil_mode: bool = False,
) -> tuple[AxisGeometry, AxisGeometry]:
    """Row and column geometry of a 2-D pooling; `stride=None` means the kernel size."""
    kernel_size = positive_pair(kernel_size, "kernel_size")
    stride = kernel_size if stride is None else positive_pair(stride, "stride")
    padding = non_negative_pair(padding, "padding")
    dilation = positive_pair(dilation, "dilation")
    return tuple(
        pool_axis(n, k, s, p, d, ceil_mode, axis)
        for n, k, s, p, d, axis in zip(input_size, kernel_size, stride, padding, dilation, AXES)
    )


def conv_transpose_axis(
    size: int,
    kernel: int,
    stride: int,
    padding: int,
    output_padding: int,
    dilation: int,
    axis: str,
) -> int:
    """Output size of a transposed convolution along one axis.

    out = (size − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1.
    """
    if output_padding >= max(stride, dilation):
        raise ValueError(
            f"output_padding must be smaller than the stride or the dilation, got "
            f"output_padding {output_padding} with stride {stride} and dilation {dilation}"
        )
    full = (size - 1) * stride + dilation * (kernel - 1) + 1
    out = full - 2 * padding + output_padding
    if out < 1:
        raise ValueError(
            f"padding {padding} crops {2 * padding} cells from a transposed output of only "
            f"{full + output_padding} cells {axis} ((size {size} − 1)·stride {stride} + "
            f"dilation {dilation}·(kernel {kernel} − 1) + 1 + output_padding {output_padding})"
        )
    return out


def conv_transpose_output_size(
    input_size: tuple[int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    output_padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
) -> tuple[int, int]:
    """(H_out, W_out) of conv_transpose2d on an input of `input_size` = (H, W)."""
    args = (
        positive_pair(kernel_size, "kernel_size"),
        positive_pair(stride, "stride"),
        non_negative_pair(padding, "padding"),
        non_negative_pair(output_padding, "output_padding"),
        positive_pair(dilation, "dilation"),
    )
    return tuple(
        conv_transpose_axis(n, *axis_args, axis) for n, *axis_args, axis in zip(input_size, *args, AXES)
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
