"""The upstream gradient dL/dY that starts a backward pass."""

from __future__ import annotations

import numpy as np

UPSTREAM_KINDS = ("ones", "random", "one-hot", "loss")


def upstream_gradient(
    kind: str, output: np.ndarray, seed: int = 0, cell: tuple[int, int] = (0, 0), target: float = 0.0
) -> np.ndarray:
    """dL/dY shaped like `output` (C, H, W):

    "ones": L = Σ Y; "random": integers −2..2 from `seed`; "one-hot": L = Y[0, r, c], so the
    gradient shows what one output cell depends on; "loss": L = ½·Σ (Y − T)², dL/dY = Y − T.
    """
    if kind == "ones":
        return np.ones_like(output)
    if kind == "random":
        return np.random.default_rng(seed).integers(-2, 3, size=output.shape).astype(np.float64)
    if kind == "one-hot":
        r, c = cell
        if not (0 <= r < output.shape[-2] and 0 <= c < output.shape[-1]):
            raise ValueError(f"cell ({r}, {c}) is outside the {output.shape[-2]}x{output.shape[-1]} output")
        grad = np.zeros_like(output)
        grad[..., r, c] = 1.0
        return grad
    if kind == "loss":
        return output - target
    raise ValueError(f"the upstream gradient is one of {', '.join(UPSTREAM_KINDS)}, got {kind!r}")


def loss_value(kind: str, output: np.ndarray, grad_output: np.ndarray, target: float = 0.0) -> np.ndarray:
    """The per-cell terms of L whose sum is the loss: ½(Y − T)² for "loss", dL/dY·Y otherwise
    (the loss whose gradient is the fixed dL/dY)."""
    return 0.5 * (output - target) ** 2 if kind == "loss" else grad_output * output
