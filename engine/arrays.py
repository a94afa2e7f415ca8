"""Turning caller arrays into the engine's (N, C, H, W) batches, with clear refusals; freezing
what traces hand out.

The engine computes in float64 by default, and in float32 when the arrays it is given are
float32, as torch keeps a float32 model in float32: `float_dtype` picks the dtype of a call
(float32 only when every float array in it is float32), and the checks below convert to it."""

from __future__ import annotations

from numbers import Integral
from typing import Any, TypeGuard

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]  # float64, or float32 on the float32 path (see float_dtype)
IndexArray = NDArray[np.intp]
FLOAT32 = np.dtype(np.float32)
FLOAT64 = np.dtype(np.float64)
FLOATS = (FLOAT32, FLOAT64)


def float_dtype(*values: object) -> np.dtype[Any]:
    """float32 when every float array among `values` is float32 (and there is one), else
    float64, the default: the dtype torch would compute a call of same-dtype tensors in. Python
    numbers, integer arrays and None do not vote."""
    kinds = {
        value.dtype
        for value in values
        if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind == "f"
    }
    return FLOAT32 if kinds == {FLOAT32} else FLOAT64


def as_float_array(value: ArrayLike, name: str, dtype: np.dtype[Any] | None = None) -> FloatArray:
    """`value` as a finite array of `dtype` (by default float_dtype(value)); anything else is a
    ValueError naming `name`."""
    if type(value) is np.ndarray and value.dtype in FLOATS and dtype in (None, value.dtype):
        array: NDArray[Any] = value  # the engine's own arrays: nothing to convert
    else:
        try:
            array = np.asarray(value, dtype=float_dtype(value) if dtype is None else dtype)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{name} must be numeric: {error}") from None
    if array.size and not np.isfinite(array).all():
        raise ValueError(f"{name} holds {np.count_nonzero(~np.isfinite(array))} NaN or infinite values")
    return array


def as_batch(
    input: ArrayLike, name: str = "input", dtype: np.dtype[Any] | None = None
) -> tuple[FloatArray, bool]:
    """(C, H, W) or (N, C, H, W) -> ((N, C, H, W) float array, whether the caller gave a batch)."""
    array = as_float_array(input, name, dtype)
    if array.ndim not in (3, 4):
        raise ValueError(
            f"{name} must be (C, H, W) or (N, C, H, W), got {array.ndim} dimensions {array.shape}"
        )
    if 0 in array.shape:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    return (array, True) if array.ndim == 4 else (array[np.newaxis], False)


def unbatch(output: NDArray[Any], batched: bool) -> NDArray[Any]:
    """Drop the batch axis again when the caller gave a single (C, H, W) input."""
    return output if batched else output[0]


def check_weight(
    weight: ArrayLike,
    in_channels: int,
    groups: int,
    transposed: bool = False,
    dtype: np.dtype[Any] | None = None,
) -> FloatArray:
    """Weight (C_out, C_in/groups, kH, kW), or (C_in, C_out/groups, kH, kW) when `transposed`."""
    weight = as_float_array(weight, "weight", dtype)
    layout = "(C_in, C_out/groups, kH, kW)" if transposed else "(C_out, C_in/groups, kH, kW)"
    if weight.ndim != 4 or 0 in weight.shape:
        raise ValueError(f"weight must be {layout}, got shape {weight.shape}")
    if not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"groups must be a positive int, got {groups!r}")
    if in_channels % groups:
        raise ValueError(f"{in_channels} input channels cannot be split into {groups} groups")
    if transposed:
        if weight.shape[0] != in_channels:
            raise ValueError(
                f"weight {weight.shape} is for {weight.shape[0]} input channels, "
                f"but the input has {in_channels}"
            )
        return weight
    if weight.shape[0] % groups:
        raise ValueError(f"{weight.shape[0]} filters cannot be split into {groups} groups")
    if weight.shape[1] * groups != in_channels:
        raise ValueError(
            f"weight {weight.shape} reads {weight.shape[1]} channels per group × {groups} groups = "
            f"{weight.shape[1] * groups}, but the input has {in_channels} channels"
        )
    return weight


def check_bias(bias: ArrayLike | None, out_channels: int, dtype: np.dtype[Any] | None = None) -> FloatArray:
    """(C_out,) bias, zeros when None."""
    if bias is None:
        return np.zeros(out_channels, dtype=FLOAT64 if dtype is None else dtype)
    bias = as_float_array(bias, "bias", dtype)
    if bias.shape != (out_channels,):
        raise ValueError(
            f"bias must hold one value per output channel ({out_channels},), got shape {bias.shape}"
        )
    return bias


def check_grad_output(
    grad_output: ArrayLike, expected: tuple[int, ...], batched: bool, dtype: np.dtype[Any] | None = None
) -> FloatArray:
    """grad_output as (N, C, H_out, W_out) of `dtype`, refusing a shape other than the forward output's."""
    grad = as_float_array(grad_output, "grad_output", dtype)
    if not batched and grad.ndim == 3:
        grad = grad[np.newaxis]
    if grad.shape != expected:
        wanted, got = (expected, grad.shape) if batched else (expected[1:], grad.shape[1:])
        raise ValueError(f"grad_output must have the forward output's shape {wanted}, got {got}")
    return grad


def frozen(array: NDArray[Any]) -> NDArray[Any]:
    """A read-only copy-free view, so traces stay immutable."""
    view = np.asarray(array).view()
    view.flags.writeable = False
    return view


def _is_int(value: object) -> TypeGuard[Integral]:
    return isinstance(value, Integral) and not isinstance(value, bool)


def pair(value: object, name: str) -> tuple[int, int]:
    """`value` as a `(rows, cols)` pair of Python ints, as torch's `_pair` does."""
    if _is_int(value):
        return int(value), int(value)
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(map(_is_int, value)):
        return int(value[0]), int(value[1])
    raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")


def positive_pair(value: object, name: str) -> tuple[int, int]:
    """`pair(value)` that refuses values below 1 (sizes, strides, dilations)."""
    result = pair(value, name)
    if min(result) < 1:
        raise ValueError(f"{name} must be at least 1, got {value!r}")
    return result


def non_negative_pair(value: object, name: str) -> tuple[int, int]:
    """`pair(value)` that refuses negative values (paddings)."""
    result = pair(value, name)
    if min(result) < 0:
        raise ValueError(f"{name} must be 0 or more, got {value!r}")
    return result


def same_shape(
    grad_output: ArrayLike,
    shape: tuple[int, ...],
    what: str = "the forward output",
    dtype: np.dtype[Any] | None = None,
) -> FloatArray:
    """grad_output as an array of `dtype`, refused unless it has `shape`."""
    grad = as_float_array(grad_output, "grad_output", dtype)
    if grad.shape != shape:
        raise ValueError(f"grad_output must have {what}'s shape {shape}, got {grad.shape}")
    return grad
