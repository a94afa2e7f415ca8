"""The fully connected layer, flatten and the residual add, forward and backward side by side.

linear:   y = x·Wᵀ + b                 (F.linear; weight (out_features, in_features))
backward: dL/dx = dL/dy·W,  dL/dW = Σ_n (dL/dy)ᵀ·x,  dL/db = Σ_n dL/dy
flatten:  a reshape (torch.flatten), so its gradient is the upstream gradient reshaped back.
residual: y = x + F(x) adds two paths, so the gradient reaches both unchanged.
"""

from __future__ import annotations

import numpy as np

from engine.arrays import FloatArray, as_float_array, float_dtype, same_shape


def _check_linear(
    input: FloatArray, weight: FloatArray, bias: FloatArray | None = None
) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    """Validated float64 (input (*, in_features), weight (out_features, in_features), bias)."""
    dtype = float_dtype(input, weight, bias)
    x, w = as_float_array(input, "input", dtype), as_float_array(weight, "weight", dtype)
    if w.ndim != 2:
        raise ValueError(f"weight must be (out_features, in_features), got shape {w.shape}")
    if x.ndim < 1 or x.shape[-1] != w.shape[1]:
        raise ValueError(
            f"input's last axis must hold weight's in_features = {w.shape[1]}, got input shape {x.shape}"
        )
    if bias is None:
        return x, w, None
    b = as_float_array(bias, "bias", dtype)
    if b.shape != (w.shape[0],):
        raise ValueError(f"bias must be (out_features,) = ({w.shape[0]},), got shape {b.shape}")
    return x, w, b


def linear(input: FloatArray, weight: FloatArray, bias: FloatArray | None = None) -> FloatArray:
    """F.linear: input (*, in_features), weight (out_features, in_features), bias (out_features,)
    -> (*, out_features), y = x·Wᵀ + b."""
    x, w, b = _check_linear(input, weight, bias)
    out = x @ w.T
    return out if b is None else out + b


def linear_backward(
    input: FloatArray, weight: FloatArray, grad_output: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Gradients of linear, as autograd computes them.

    input (*, in_features), weight (out_features, in_features), grad_output (*, out_features)
    -> (grad_input (*, in_features), grad_weight (out_features, in_features),
        grad_bias (out_features,)); grad_bias whether or not the forward had a bias.
    """
    x, w, _ = _check_linear(input, weight)
    grad = same_shape(grad_output, (*x.shape[:-1], w.shape[0]), dtype=x.dtype)
    rows_x = x.reshape(-1, w.shape[1])  # (N·…, in_features): every leading axis is a sample
    rows_grad = grad.reshape(-1, w.shape[0])  # (N·…, out_features)
    return grad @ w, rows_grad.T @ rows_x, rows_grad.sum(axis=0)


def linear_backward_loop(
    input: FloatArray, weight: FloatArray, grad_output: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """linear_backward by the chain rule, one product at a time (the readable twin): the
    product W[j, i]·x[n, i] in y[n, j] sends grad·x to the weight and grad·W to the input."""
    x, w, _ = _check_linear(input, weight)
    grad = same_shape(grad_output, (*x.shape[:-1], w.shape[0]), dtype=x.dtype)
    rows_x, rows_grad = x.reshape(-1, w.shape[1]), grad.reshape(-1, w.shape[0])
    grad_x, grad_w, grad_b = np.zeros_like(rows_x), np.zeros_like(w), np.zeros(w.shape[0], dtype=w.dtype)
    for n, j in np.ndindex(rows_grad.shape):
        grad_b[j] += rows_grad[n, j]
        for i in range(w.shape[1]):
            grad_w[j, i] += rows_grad[n, j] * rows_x[n, i]
            grad_x[n, i] += rows_grad[n, j] * w[j, i]
    return grad_x.reshape(x.shape), grad_w, grad_b


def flatten(input: FloatArray, start_dim: int = 0, end_dim: int = -1) -> FloatArray:
    """torch.flatten: axes start_dim..end_dim merged into one, e.g. (N, C, H, W) with
    start_dim=1 -> (N, C·H·W), the order of the values unchanged (row-major)."""
    x = as_float_array(input, "input")
    if x.ndim == 0:
        return x.reshape(1)
    start, end = (_axis(d, x.ndim, name) for d, name in ((start_dim, "start_dim"), (end_dim, "end_dim")))
    if start > end:
        raise ValueError(f"flatten needs start_dim <= end_dim, got {start_dim} > {end_dim} for {x.ndim} axes")
    return x.reshape(*x.shape[:start], -1, *x.shape[end + 1 :])


def _axis(dim: int, ndim: int, name: str) -> int:
    if not -ndim <= dim < ndim:
        raise ValueError(f"{name} must be in [{-ndim}, {ndim - 1}] for {ndim} axes, got {dim}")
    return dim % ndim


def flatten_backward(input: FloatArray, grad_output: FloatArray) -> FloatArray:
    """Gradient of flatten: grad_output reshaped back to input's shape (a reshape moves no value)."""
    x, grad = as_float_array(input, "input"), as_float_array(grad_output, "grad_output")
    if grad.size != x.size:
        raise ValueError(f"grad_output holds {grad.size} values, the input {x.size}")
    return grad.reshape(x.shape)


def residual_add(input: FloatArray, residual: FloatArray) -> FloatArray:
    """A skip connection's join: input + residual, both the same shape (no broadcasting)."""
    x, r = as_float_array(input, "input"), as_float_array(residual, "residual")
    if x.shape != r.shape:
        raise ValueError(
            f"a residual add needs equal shapes: the skip path carries {x.shape}, the block {r.shape}"
        )
    return x + r


def residual_add_backward(grad_output: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Gradient of input + residual: the upstream gradient, unchanged, to both
    (grad_input, grad_residual). The skip path's 1 is why gradients survive a deep stack."""
    grad = as_float_array(grad_output, "grad_output")
    return grad.copy(), grad.copy()
