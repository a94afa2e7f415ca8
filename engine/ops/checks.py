"""Caller arrays as finite float64, refused with a message naming the argument.

The training ops keep their own copy of this check so they do not depend on where the
convolution ops' helpers live.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def float_array(value: np.ndarray, name: str) -> FloatArray:
    """`value` as a finite float64 array; anything else is a ValueError naming `name`."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numeric: {error}") from None
    if array.size and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} holds {np.count_nonzero(~np.isfinite(array))} NaN or infinite values")
    return array


def same_shape(
    grad_output: np.ndarray, shape: tuple[int, ...], what: str = "the forward output"
) -> FloatArray:
    """grad_output as float64, refused unless it has `shape`."""
    grad = float_array(grad_output, "grad_output")
    if grad.shape != shape:
        raise ValueError(f"grad_output must have {what}'s shape {shape}, got {grad.shape}")
    return grad
