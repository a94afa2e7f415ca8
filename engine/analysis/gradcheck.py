"""Numerical gradients by central differences, to check every analytic backward pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.arrays import as_float_array


@dataclass(frozen=True)
class CentralDifference:
    """L(x + ε) and L(x − ε) for one nudged element, and the slope between them."""

    plus: float
    minus: float
    eps: float

    @property
    def estimate(self) -> float:
        """(L(x + ε) − L(x − ε)) / 2ε."""
        return (self.plus - self.minus) / (2 * self.eps)


def central_difference(
    function: Callable[[np.ndarray], np.ndarray],
    input: np.ndarray,
    index: tuple[int, ...],
    grad_output: np.ndarray | None = None,
    eps: float = 1e-6,
) -> CentralDifference:
    """Nudge input[index] by ±eps and measure L = Σ grad_output · function(input)
    (grad_output defaults to ones, so L is the sum of the outputs)."""
    x = as_float_array(input, "input").copy()
    original = x[index]

    def loss(value: float) -> float:
        x[index] = value
        out = function(x)
        return float(np.sum(out if grad_output is None else out * grad_output))

    return CentralDifference(loss(original + eps), loss(original - eps), eps)


def numerical_gradient(
    function: Callable[[np.ndarray], np.ndarray],
    input: np.ndarray,
    grad_output: np.ndarray | None = None,
    eps: float = 1e-6,
) -> np.ndarray:
    """Central-difference estimate of Σ grad_output · ∂function(input)/∂input, element by
    element: the vector-Jacobian product an analytic backward returns. Shaped like input."""
    x = as_float_array(input, "input")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        grad[index] = central_difference(function, x, index, grad_output, eps).estimate
    return grad
