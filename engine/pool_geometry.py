"""Pooling's windows: PyTorch's ceil-mode rules along one axis, and the 2-D geometry.

Convolution's geometry and the shared AxisGeometry and WindowGeometry types live in
engine.geometry; pooling adds the ceil-mode rounding and refuses windows that read only padding.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.arrays import non_negative_pair, positive_pair
from engine.geometry import (
    AXES,
    LINES,
    AxisGeometry,
    Pair,
    WindowGeometry,
    check_span,
    frame_text,
    spans_text,
)


def pool_axis(
    size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool, axis: str
) -> AxisGeometry:
    """Geometry of pooling along one axis, with PyTorch's ceil-mode rules.

    In ceil mode the division rounds up, but a last window that would start in the right
    padding is dropped (it would read no input cell); a window longer than the padded input
    is accepted and pools the part that exists, as long as one window fits by that rule.
    """
    if 2 * padding > kernel:
        raise ValueError(
            f"pooling padding must be at most half the kernel, got padding {padding} "
            f"with kernel {kernel} (at most {kernel // 2})"
        )
    if not ceil_mode:
        check_span(size, kernel, dilation, padding, padding, axis)
    span = dilation * (kernel - 1) + 1
    padded = size + 2 * padding
    out = (padded - span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    if out < 1:
        raise ValueError(
            f"{spans_text(kernel, dilation)}, but the {frame_text(padding)} is only {padded} {axis}: even in "
            f"ceil mode no window fits (⌈({padded} − {span}) / {stride}⌉ + 1 = {out})".replace("-", "−")
        )
    overhang = max(0, (out - 1) * stride + span - padded)
    geometry = AxisGeometry(size, kernel, stride, dilation, padding, padding + overhang, out, overhang)
    _check_windows_read_input(geometry, axis)
    return geometry


def _check_windows_read_input(axis: AxisGeometry, word: str) -> None:
    """A pooling window whose dilated taps all land on padding has no value (PyTorch returns
    −∞ and an index outside the input); ConvLab refuses it and says why."""
    if axis.pad_before == axis.pad_after == 0:
        return  # every tap is an input cell
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
    input_size: Sequence[int],
    kernel_size: Pair,
    stride: Pair | None = None,
    padding: Pair = 0,
    dilation: Pair = 1,
    ceil_mode: bool = False,
) -> WindowGeometry:
    """The windows of a 2-D pooling on an input of `input_size` = (..., H, W); `stride=None`
    means the kernel size."""
    kernels = positive_pair(kernel_size, "kernel_size")
    strides = kernels if stride is None else positive_pair(stride, "stride")
    paddings, dilations = non_negative_pair(padding, "padding"), positive_pair(dilation, "dilation")
    rows, cols = (
        pool_axis(n, k, s, p, d, ceil_mode, axis)
        for n, k, s, p, d, axis in zip(input_size[-2:], kernels, strides, paddings, dilations, AXES)
    )
    return WindowGeometry(rows, cols)
