"""Softmax, log-softmax and the cross-entropy loss with F.cross_entropy's meaning, and its gradient.

    log_softmax(x)_c = x_c − log Σ_k e^{x_k}     (computed after subtracting max_k x_k, so no
                                                 e^{x} overflows: the shift cancels)
    cross_entropy    = −log_softmax(x)_target, averaged ("mean"), summed ("sum") or per sample ("none")
    dL/dx_c          = softmax(x)_c − [c = target], divided by N for "mean"

Logits are (N, C) or one sample (C,); targets are class indices (N,) or a scalar. PyTorch's class
weights, ignore_index, label smoothing and probability targets are not implemented.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from engine.arrays import FloatArray, as_float_array

REDUCTIONS = ("mean", "sum", "none")
Targets = npt.NDArray[np.integer] | int  # class indices


def log_softmax(input: FloatArray, dim: int = -1) -> FloatArray:
    """F.log_softmax along `dim`, any shape; stable for logits of any size."""
    x = as_float_array(input, "input")
    shifted: FloatArray = x - x.max(axis=dim, keepdims=True)  # the largest becomes 0: e^shifted <= 1
    log_total: FloatArray = np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
    return shifted - log_total


def softmax(input: FloatArray, dim: int = -1) -> FloatArray:
    """F.softmax along `dim`: e^{x_c} / Σ_k e^{x_k}, probabilities that sum to 1; any shape."""
    return np.exp(log_softmax(input, dim))


def _check_loss(
    input: FloatArray, target: Targets, reduction: str
) -> tuple[FloatArray, npt.NDArray[np.intp], bool]:
    """((N, C) logits, (N,) int targets, whether the caller gave a batch), refusing bad input."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {', '.join(REDUCTIONS)}, got {reduction!r}")
    x = as_float_array(input, "input")
    if x.ndim not in (1, 2) or 0 in x.shape:
        raise ValueError(f"input must be logits (N, C) or (C,), got shape {x.shape}")
    t = np.asarray(target)
    if t.dtype.kind not in "iu":
        raise ValueError(f"target must hold integer class indices, got dtype {t.dtype}")
    batched = x.ndim == 2
    expected = (x.shape[0],) if batched else ()
    if t.shape != expected:
        raise ValueError(f"target must be shaped {expected} for input {x.shape}, got {t.shape}")
    C = x.shape[-1]
    if t.size and (t.min() < 0 or t.max() >= C):
        raise ValueError(f"target classes must be in 0..{C - 1} for {C} logits, got {t.min()}..{t.max()}")
    return (x, t.astype(np.intp), True) if batched else (x[np.newaxis], t.reshape(1).astype(np.intp), False)


def _reduce(per_sample: FloatArray, reduction: str, batched: bool) -> FloatArray:
    if reduction == "mean":
        return np.asarray(per_sample.mean())
    if reduction == "sum":
        return np.asarray(per_sample.sum())
    return per_sample if batched else per_sample[0]


def cross_entropy(input: FloatArray, target: Targets, reduction: str = "mean") -> FloatArray:
    """F.cross_entropy: input logits (N, C) or (C,), target class indices (N,) or ().
    Returns a 0-d array ("mean", "sum") or the per-sample losses (N,) ("none")."""
    x, t, batched = _check_loss(input, target, reduction)
    per_sample = -log_softmax(x)[np.arange(len(t)), t]  # (N,)
    return _reduce(per_sample, reduction, batched)


def cross_entropy_backward(input: FloatArray, target: Targets, reduction: str = "mean") -> FloatArray:
    """dL/dinput of cross_entropy for an upstream gradient of 1 (for "none": 1 for every
    sample's loss): softmax(x) − one_hot(target), divided by N for "mean". Shaped like input."""
    x, t, batched = _check_loss(input, target, reduction)
    grad = softmax(x)
    grad[np.arange(len(t)), t] -= 1.0
    if reduction == "mean":
        grad /= len(t)
    return grad if batched else grad[0]


def cross_entropy_backward_loop(input: FloatArray, target: Targets, reduction: str = "mean") -> FloatArray:
    """cross_entropy_backward one sample and one class at a time (the readable twin)."""
    x, t, batched = _check_loss(input, target, reduction)
    N, C = x.shape
    grad = np.zeros_like(x)
    for n in range(N):
        largest = max(x[n])
        total = sum(math.exp(x[n, k] - largest) for k in range(C))
        for c in range(C):
            probability = math.exp(x[n, c] - largest) / total
            grad[n, c] = probability - (1.0 if c == t[n] else 0.0)
            if reduction == "mean":
                grad[n, c] /= N
    return grad if batched else grad[0]
