"""Backward traces are the correlations the seeds teach, and equal the fast gradients."""

import numpy as np
from hypothesis import given

from engine import (
    avg_pool2d,
    avg_pool2d_backward,
    conv2d,
    conv2d_backward,
    max_pool2d,
    max_pool2d_backward,
    min_pool2d_backward,
)
from engine.trace.backward import trace_conv2d_backward, trace_pool2d_backward
from tests.engine.strategies import any_pool_case, conv_cases

BACKWARD = {"max": max_pool2d_backward, "min": min_pool2d_backward}


@given(conv_cases())
def test_conv_backward_traces_equal_conv2d_backward(case):
    x, weight, _, kwargs = case
    grad = np.random.default_rng(0).integers(-3, 4, size=conv2d(x[0], weight, **kwargs).shape).astype(float)
    trace = trace_conv2d_backward(x[0], weight, grad, **kwargs)
    grad_input, grad_weight, grad_bias = conv2d_backward(x[0], weight, grad, **kwargs)
    np.testing.assert_allclose(trace.grad_input_values, grad_input, atol=1e-9)
    np.testing.assert_allclose(trace.grad_weight_values, grad_weight, atol=1e-9)
    np.testing.assert_array_equal(trace.grad_bias, grad_bias)
    assert len(trace.grad_weight) == weight.size


def test_seed_000_input_gradient_trace_reads_the_padded_upstream_gradient():
    x, w, dy = (
        np.arange(1.0, 10.0).reshape(1, 3, 3),
        np.array([[[[1.0, 2.0], [3.0, 4.0]]]]),
        np.array([[[1.0, -1.0], [2.0, 0.0]]]),
    )
    trace = trace_conv2d_backward(x, w, dy)
    np.testing.assert_array_equal(
        trace.spread_grad_output[0], [[0, 0, 0, 0], [0, 1, -1, 0], [0, 2, 0, 0], [0, 0, 0, 0]]
    )
    np.testing.assert_array_equal(trace.rotated_weight[0, 0], [[4, 3], [2, 1]])
    step = trace.grad_input.step(4)  # dL/dx22: the centre window of the padded dy
    np.testing.assert_array_equal(step.products[0], [[4, -3], [4, 0]])
    assert step.value == 5.0


def test_stride_inserts_zeros_between_upstream_values():
    trace = trace_conv2d_backward(np.zeros((1, 5, 5)), np.ones((1, 1, 3, 3)), np.ones((1, 2, 2)), stride=2)
    inner = trace.is_grad_output[2:5, 2:5]
    np.testing.assert_array_equal(inner, [[True, False, True], [False, False, False], [True, False, True]])


@given(any_pool_case())
def test_max_and_min_backward_traces_equal_the_fast_backward(case):
    x, kwargs = case
    grad = np.random.default_rng(2).normal(size=max_pool2d(x[0], **kwargs).shape)
    for kind in ("max", "min"):
        trace = trace_pool2d_backward(x[0], grad, kind, **kwargs)
        np.testing.assert_allclose(trace.grad_input, BACKWARD[kind](x[0], grad, **kwargs))
        assert (np.count_nonzero(trace.shares.reshape(len(grad.ravel()), -1), axis=1) <= 1).all()


@given(any_pool_case(dilated=False))
def test_avg_backward_trace_spreads_each_upstream_value_over_its_count(case):
    x, kwargs = case
    grad = np.random.default_rng(3).normal(size=avg_pool2d(x[0], **kwargs).shape)
    trace = trace_pool2d_backward(x[0], grad, "avg", **kwargs)
    np.testing.assert_allclose(trace.grad_input, avg_pool2d_backward(x[0], grad, **kwargs), atol=1e-12)
    np.testing.assert_allclose(trace.shares[:, 0, 0], grad.ravel() / trace.forward.divisors)


def test_backward_through_f_pad_folds_the_gradient_back_through_the_padding():
    from engine import pad
    from engine.analysis.gradcheck import numerical_gradient
    from engine.trace.backward import trace_pad_conv2d_backward

    rng = np.random.default_rng(4)
    x, w = rng.normal(size=(1, 5, 6)), rng.normal(size=(1, 1, 3, 2))
    amounts, kwargs = (1, 2, 0, 1), {"stride": (2, 1), "dilation": (1, 2)}
    gy = rng.normal(size=conv2d(pad(x, amounts, "reflect"), w, **kwargs).shape)
    trace = trace_pad_conv2d_backward(x, w, gy, amounts, "reflect", **kwargs)
    numeric = numerical_gradient(lambda v: conv2d(pad(v, amounts, "reflect"), w, **kwargs), x, gy)
    np.testing.assert_allclose(trace.grad_input_values, numeric, atol=1e-6)
    np.testing.assert_allclose(
        trace.grad_weight_values, conv2d_backward(pad(x, amounts, "reflect"), w, gy, **kwargs)[1]
    )
