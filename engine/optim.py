"""SGD and Adam with torch.optim's update rules, line for line, updating NumPy arrays in place.

Each optimiser holds the parameter arrays it was given; `step(grads)` takes one gradient per
parameter, in the same order, and changes the parameters themselves (as torch's `step()` does
with `.grad`), so a model that handed out its arrays sees the new values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from engine.arrays import FloatArray, as_float_array


class Optimizer:
    """The parameters an optimiser updates, and the check that a step's gradients fit them."""

    def __init__(self, params: Sequence[FloatArray], lr: float) -> None:
        self.params = list(params)
        if not self.params:
            raise ValueError("the optimiser got an empty parameter list")
        for i, param in enumerate(self.params):
            if (
                not isinstance(param, np.ndarray)
                or param.dtype not in (np.float32, np.float64)
                or not param.flags.writeable
            ):
                raise ValueError(
                    f"parameter {i} must be a writeable float64 or float32 NumPy array (updated in place)"
                )
        if lr < 0:
            raise ValueError(f"the learning rate must be >= 0, got lr = {lr}")
        self.lr = lr

    def checked(self, grads: Sequence[FloatArray]) -> list[FloatArray]:
        """`grads` as arrays of their parameters' dtypes, one per parameter and shaped like it."""
        if len(grads) != len(self.params):
            raise ValueError(f"step needs one gradient per parameter: {len(self.params)}, got {len(grads)}")
        checked = []
        for i, (param, grad) in enumerate(zip(self.params, grads)):
            grad = as_float_array(grad, f"gradient {i}", param.dtype)
            if grad.shape != param.shape:
                raise ValueError(f"gradient {i} has shape {grad.shape}, its parameter {param.shape}")
            checked.append(grad)
        return checked


class SGD(Optimizer):
    """torch.optim.SGD. For each parameter θ with gradient g, at step t:

    g ← g + λθ                               (weight_decay λ)
    b ← g at t = 1, else μb + (1 − τ)g       (momentum μ, dampening τ)
    g ← g + μb if nesterov else b            (when μ ≠ 0)
    θ ← θ − γg                               (lr γ)
    """

    def __init__(
        self,
        params: Sequence[FloatArray],
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        super().__init__(params, lr)
        if momentum < 0 or weight_decay < 0:
            raise ValueError(f"momentum and weight_decay must be >= 0, got {momentum} and {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError(
                f"Nesterov momentum needs momentum > 0 and dampening 0, got {momentum} and {dampening}"
            )
        self.momentum, self.dampening = momentum, dampening
        self.weight_decay, self.nesterov = weight_decay, nesterov
        self.momentum_buffers: list[FloatArray | None] = [None] * len(self.params)

    def step(self, grads: Sequence[FloatArray]) -> None:
        """One update of every parameter, in place."""
        for i, (param, grad) in enumerate(zip(self.params, self.checked(grads))):
            if self.weight_decay != 0:
                grad = grad + self.weight_decay * param
            if self.momentum != 0:
                buffer = self.momentum_buffers[i]
                if buffer is None:
                    buffer = self.momentum_buffers[i] = grad.copy()
                else:
                    buffer *= self.momentum
                    buffer += (1 - self.dampening) * grad
                grad = grad + self.momentum * buffer if self.nesterov else buffer
            param -= self.lr * grad


class Adam(Optimizer):
    """torch.optim.Adam (amsgrad off). For each parameter θ with gradient g, at step t:

    g ← g + λθ                               (weight_decay λ, added to the gradient)
    m ← β₁m + (1 − β₁)g                      (first moment, torch's lerp)
    v ← β₂v + (1 − β₂)g²                     (second moment)
    θ ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)   (bias-corrected)
    """

    def __init__(
        self,
        params: Sequence[FloatArray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        if not all(0 <= beta < 1 for beta in betas) or eps < 0 or weight_decay < 0:
            raise ValueError(
                f"Adam needs 0 <= betas < 1, eps >= 0 and weight_decay >= 0, "
                f"got betas = {betas}, eps = {eps}, weight_decay = {weight_decay}"
            )
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay
        self.steps = 0
        self.exp_avg = [np.zeros_like(p) for p in self.params]
        self.exp_avg_sq = [np.zeros_like(p) for p in self.params]

    def step(self, grads: Sequence[FloatArray]) -> None:
        """One update of every parameter, in place."""
        beta1, beta2 = self.betas
        self.steps += 1
        step_size = self.lr / (1 - beta1**self.steps)
        bias_correction2_sqrt = math.sqrt(1 - beta2**self.steps)
        for param, grad, m, v in zip(self.params, self.checked(grads), self.exp_avg, self.exp_avg_sq):
            if self.weight_decay != 0:
                grad = grad + self.weight_decay * param
            m += (1 - beta1) * (grad - m)
            v *= beta2
            v += (1 - beta2) * grad * grad
            denom = np.sqrt(v) / bias_correction2_sqrt + self.eps
            param -= step_size * (m / denom)
