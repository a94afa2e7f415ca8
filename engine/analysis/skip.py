"""Seed 001's toy model of a deep stack: C(θ) = n nested tanh, and C_res(θ) = C(θ) + θ."""

from __future__ import annotations

import numpy as np


def nested_tanh(theta: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """C(θ) = tanh(tanh(…tanh(θ))) (n times) and dC/dθ = Π (1 − tanh²(h_i)) by the chain rule,
    h_0 = θ, h_{i+1} = tanh(h_i). Shapes follow θ."""
    if n < 1:
        raise ValueError(f"the stack needs at least one tanh, got n = {n}")
    value = np.asarray(theta, dtype=np.float64)
    grad = np.ones_like(value)
    for _ in range(n):
        value = np.tanh(value)
        grad = grad * (1.0 - value**2)  # each layer multiplies in its local derivative
    return value, grad


def with_skip(theta: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """C_res(θ) = C(θ) + θ: the skip path adds 1 to the derivative, so it cannot vanish."""
    value, grad = nested_tanh(theta, n)
    return value + theta, grad + 1.0
