"""Elementwise activations with torch's meaning, each beside its derivative and a loop twin.

    relu(x)    = max(x, 0)          relu'(x)    = 1 if x > 0 else 0  (0 at x = 0, as PyTorch)
    tanh(x)                         tanh'(x)    = 1 − tanh²(x)
    sigmoid(x) = 1 / (1 + e^−x)     sigmoid'(x) = σ(x)·(1 − σ(x))

Each `<name>_backward(input, grad_output)` returns grad_input = grad_output · f'(input), shaped
like input (any shape).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from engine.arrays import FloatArray, as_float_array, float_dtype, same_shape


def relu(input: FloatArray) -> FloatArray:
    """F.relu: max(x, 0) elementwise, any shape."""
    return np.maximum(as_float_array(input, "input"), 0.0)


def tanh(input: FloatArray) -> FloatArray:
    """torch.tanh, elementwise, any shape."""
    x = as_float_array(input, "input")
    if x.dtype == np.float64 and x.size >= 1024 and x.flags.c_contiguous:
        return _tanh_float64(x)
    return np.tanh(x)


SMALL_TANH = 2.0**-8


def _tanh_float64(x: FloatArray) -> FloatArray:
    """np.tanh's float64 values, about twice as fast on CPUs without AVX-512, where NumPy's
    float64 tanh is a scalar libm loop and its exp is vectorised:
    tanh|x| = (1 − e)/(1 + e) with e = e^(−2|x|) in (0, 1] (never overflows). The cancellation
    in 1 − e costs about 1e-16/|x| of relative accuracy, so inputs below 2⁻⁸ (a few in a
    thousand in a network) are redone by np.tanh: every value stays within ~1e-14 of it."""
    out = np.abs(x)
    small = np.flatnonzero(out < SMALL_TANH)  # (a flat index, so out and x must be C-ordered)
    out *= -2.0
    np.exp(out, out=out)  # e
    denominator = out + 1.0
    np.subtract(1.0, out, out=out)
    np.divide(out, denominator, out=out)
    np.copysign(out, x, out=out)
    out.flat[small] = np.tanh(x.flat[small])
    return out


def sigmoid(input: FloatArray) -> FloatArray:
    """torch.sigmoid: 1 / (1 + e^−x) elementwise, any shape. e^−x would overflow for very
    negative x, so there it is computed as e^x / (1 + e^x), the same number."""
    x = as_float_array(input, "input")
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    one = x.dtype.type(1)  # a Python 1.0 would keep float32 anyway; the dtype's 1 says so
    return np.where(x >= 0, one / (one + e), e / (one + e))


def _pair(input: FloatArray, grad_output: FloatArray) -> tuple[FloatArray, FloatArray]:
    dtype = float_dtype(input, grad_output)
    x = as_float_array(input, "input", dtype)
    return x, same_shape(grad_output, x.shape, "the input", dtype)


def relu_backward(input: FloatArray, grad_output: FloatArray) -> FloatArray:
    """Gradient of relu: the upstream gradient where x > 0, zero elsewhere (x = 0 included)."""
    x, grad = _pair(input, grad_output)
    return np.where(x > 0, grad, x.dtype.type(0))


def tanh_backward(input: FloatArray, grad_output: FloatArray) -> FloatArray:
    """Gradient of tanh: grad_output · (1 − tanh²(x)), which vanishes as |x| grows."""
    x, grad = _pair(input, grad_output)
    return tanh_backward_from_output(tanh(x), grad)


def tanh_backward_from_output(output: FloatArray, grad_output: FloatArray) -> FloatArray:
    """The same gradient read from the forward's output y = tanh(x): grad · (1 − y²)."""
    slope = np.multiply(output, output)
    np.subtract(1.0, slope, out=slope)
    grad = np.asarray(grad_output)
    if grad.shape == slope.shape and grad.dtype == slope.dtype:
        return np.multiply(grad, slope, out=slope)  # no third array
    return grad * slope


def sigmoid_backward(input: FloatArray, grad_output: FloatArray) -> FloatArray:
    """Gradient of sigmoid: grad_output · σ(x)·(1 − σ(x)), at most a quarter of grad_output."""
    x, grad = _pair(input, grad_output)
    return sigmoid_backward_from_output(sigmoid(x), grad)


def sigmoid_backward_from_output(output: FloatArray, grad_output: FloatArray) -> FloatArray:
    """The same gradient read from the forward's output y = σ(x): grad · (1 − y)·y."""
    return grad_output * (1.0 - output) * output


def _elementwise_loop(
    derivative: Callable[[float], float], input: FloatArray, grad_output: FloatArray
) -> FloatArray:
    x, grad = _pair(input, grad_output)
    grad_input = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        grad_input[index] = grad[index] * derivative(float(x[index]))
    return grad_input


def _sigmoid_scalar(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))


def relu_backward_loop(input: FloatArray, grad_output: FloatArray) -> FloatArray:
    """relu_backward one element at a time (the readable twin)."""
    return _elementwise_loop(lambda v: 1.0 if v > 0 else 0.0, input, grad_output)


def tanh_backward_loop(input: FloatArray, grad_output: FloatArray) -> FloatArray:
    """tanh_backward one element at a time (the readable twin)."""
    return _elementwise_loop(lambda v: 1.0 - math.tanh(v) ** 2, input, grad_output)


def sigmoid_backward_loop(input: FloatArray, grad_output: FloatArray) -> FloatArray:
    """sigmoid_backward one element at a time (the readable twin)."""
    return _elementwise_loop(lambda v: _sigmoid_scalar(v) * (1.0 - _sigmoid_scalar(v)), input, grad_output)
