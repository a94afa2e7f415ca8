"""`pad` with F.pad's argument order, and its backward `fold_padding`, built on index maps.

Every padding mode is a map from each cell of the padded axis to the input cell it copies
(or to nothing, for constant padding). Reading through the map pads; adding gradients back
through the same map folds the gradient of padded cells onto the cells they copy, which is
what autograd does for reflect, replicate and circular padding.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from engine.arrays import FloatArray, IndexArray, float_dtype

PAD_MODES = ("constant", "reflect", "replicate", "circular")
AXIS_WORDS = {-1: "wide", -2: "high"}


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


def source_indices(size: int, before: int, after: int, mode: str) -> IndexArray:
    """(before + size + after,) int: the input cell each padded cell copies, −1 for constant.

    A negative `before`/`after` crops, as in F.pad (constant mode only).
    """
    source = np.arange(-before, size + after)
    if mode == "constant":
        return np.where((source >= 0) & (source < size), source, -1)
    if mode == "reflect":  # mirror about the edge cell, without repeating it
        source = np.abs(source)
        return np.where(source < size, source, 2 * (size - 1) - source)
    if mode == "replicate":
        return np.clip(source, 0, size - 1)
    return source % size  # circular


def _pad_amounts(pad: tuple[int, ...] | list[int], ndim: int) -> list[tuple[int, int, int]]:
    """F.pad's flat (left, right, top, bottom, ...) as [(axis, before, after), ...]."""
    if not isinstance(pad, (tuple, list)) or len(pad) % 2 or not pad:
        raise ValueError(f"pad must be a tuple of even length, (left, right, top, bottom), got {pad!r}")
    if len(pad) // 2 > ndim:
        raise ValueError(f"pad {tuple(pad)} pads {len(pad) // 2} axes, but the input has only {ndim}")
    if not all(isinstance(p, (int, np.integer)) and not isinstance(p, bool) for p in pad):
        raise ValueError(f"pad must hold ints, got {pad!r}")
    return [(-1 - i, int(pad[2 * i]), int(pad[2 * i + 1])) for i in range(len(pad) // 2)]


def _check_mode(mode: str, shape: tuple[int, ...], amounts: list[tuple[int, int, int]]) -> None:
    if mode not in PAD_MODES:
        raise ValueError(f"mode must be one of {', '.join(PAD_MODES)}, got {mode!r}")
    for axis, before, after in amounts:
        size = shape[axis]
        word = AXIS_WORDS.get(axis, f"along axis {axis}")
        if mode != "constant" and min(before, after) < 0:
            raise ValueError(f"{mode} padding cannot crop: got {before} and {after} cells {word}")
        if size + before + after < 1:
            raise ValueError(f"padding {before} and {after} leaves nothing of an input {size} {word}")
        if mode in ("reflect", "circular"):
            check_padding_mode(mode, size, before, after, word)


def pad(input: ArrayLike, pad: tuple[int, ...], mode: str = "constant", value: float = 0.0) -> FloatArray:
    """Pad the last len(pad)//2 axes as F.pad does: pad = (left, right, top, bottom, ...).

    mode: "constant" (fill with `value`; negative amounts crop), "reflect" (needs padding
    smaller than the input), "replicate", "circular" (at most the input size).
    (..., H, W) -> (..., H + top + bottom, W + left + right).
    """
    x = np.asarray(input, dtype=float_dtype(input))
    amounts = _pad_amounts(pad, x.ndim)
    _check_mode(mode, x.shape, amounts)
    if mode == "constant":
        return _pad_constant(x, amounts, value)
    for axis, before, after in amounts:
        x = np.take(x, source_indices(x.shape[axis], before, after, mode), axis=axis)
    return x


def _pad_constant(x: FloatArray, amounts: list[tuple[int, int, int]], value: float) -> FloatArray:
    """Constant padding by slice assignment (the common case, kept fast); negative amounts crop."""
    shape, source, target = list(x.shape), [slice(None)] * x.ndim, [slice(None)] * x.ndim
    for axis, before, after in amounts:
        size = x.shape[axis]
        shape[axis] = size + before + after
        start, stop = max(-before, 0), max(size - max(-after, 0), max(-before, 0))
        source[axis] = slice(start, stop)
        target[axis] = slice(max(before, 0), max(before, 0) + stop - start)
    padded = np.full(shape, value, dtype=x.dtype)
    padded[tuple(target)] = x[tuple(source)]
    return padded


def fold_padding(
    grad_padded: ArrayLike, size: tuple[int, ...], pad: tuple[int, int, int, int], mode: str
) -> FloatArray:
    """The adjoint of `pad` on the last two axes: sum each padded cell's gradient into the
    input cell it copied. (..., H + top + bottom, W + left + right) -> (..., H, W)."""
    grad = np.asarray(grad_padded, dtype=float_dtype(grad_padded))
    if mode == "constant":  # constant cells copy nothing: folding is cropping
        left, right, top, bottom = pad
        return grad[..., top : grad.shape[-2] - bottom, left : grad.shape[-1] - right]
    for axis, before, after in _pad_amounts(pad, grad.ndim):
        source = source_indices(size[axis], before, after, mode)
        kept = source >= 0
        moved = np.moveaxis(grad, axis, 0)
        folded = np.zeros((size[axis], *moved.shape[1:]), dtype=grad.dtype)
        np.add.at(folded, source[kept], moved[kept])
        grad = np.moveaxis(folded, 0, axis)
    return grad
