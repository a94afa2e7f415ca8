"""Backward passes: seed 000's worked case, central-difference checks, loop twins, pooling routes."""

from functools import partial

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import (
    avg_pool2d,
    avg_pool2d_backward,
    avg_pool2d_backward_loop,
    conv2d,
    conv2d_backward,
    conv2d_backward_loop,
    max_pool2d,
    max_pool2d_backward,
    max_pool2d_backward_loop,
    min_pool2d,
    min_pool2d_backward,
    min_pool2d_backward_loop,
    numerical_gradient,
)
from engine.analysis.gradcheck import central_difference
from engine.ops.conv import conv_setup, correlate_transpose
from engine.ops.conv_backward import gradients_by_taps, weight_gradient
from tests.engine.strategies import any_pool_case, conv_cases

X3 = np.arange(1.0, 10.0).reshape(1, 3, 3)
W2 = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
DY = np.array([[[1.0, -1.0], [2.0, 0.0]]])


def test_seed_000_worked_case_weight_gradient_is_input_correlated_with_upstream():
    # dL/dw11 = x11·dy11 + x12·dy12 + x21·dy21 + x22·dy22 = 1 − 2 + 8 + 0 = 7, and so on
    _, grad_weight, grad_bias = conv2d_backward(X3, W2, DY)
    np.testing.assert_array_equal(grad_weight, [[[[7, 9], [13, 15]]]])
    np.testing.assert_array_equal(grad_weight[0], conv2d(X3, DY[None]))  # "backprop is also a convolution"
    assert grad_bias.tolist() == [2.0]


def test_seed_000_worked_case_input_gradient_is_full_correlation_with_the_rotated_kernel():
    # pad dy by 1, correlate with [[4, 3], [2, 1]]: dx11 = 1·1, dx12 = 2·1 + 1·(−1) = 1, ...
    grad_input, _, _ = conv2d_backward(X3, W2, DY)
    expected = [[1, 1, -2], [5, 5, -4], [6, 8, 0]]
    np.testing.assert_array_equal(grad_input, [expected])
    np.testing.assert_array_equal(
        conv2d(np.pad(DY, ((0, 0), (1, 1), (1, 1))), W2[..., ::-1, ::-1]), [expected]
    )


def test_stride_shows_up_as_a_dilation_of_the_upstream_gradient():
    x = np.arange(25.0).reshape(1, 5, 5)
    dy = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    _, grad_weight, _ = conv2d_backward(x, np.ones((1, 1, 3, 3)), dy, stride=2)
    np.testing.assert_array_equal(grad_weight[0], conv2d(x, dy[None], dilation=2))


@given(conv_cases())
def test_conv2d_backward_equals_its_loop_twin(case):
    x, weight, _, kwargs = case
    grad = np.random.default_rng(0).integers(-3, 4, size=conv2d(x, weight, **kwargs).shape).astype(float)
    for fast, loop in zip(
        conv2d_backward(x, weight, grad, **kwargs), conv2d_backward_loop(x, weight, grad, **kwargs)
    ):
        np.testing.assert_allclose(fast, loop, atol=1e-9)


@given(conv_cases(), st.integers(0, 2**32 - 1))
def test_conv2d_backward_agrees_with_central_differences(case, seed):
    x, weight, bias, kwargs = case
    rng = np.random.default_rng(seed)
    x, weight = x + rng.normal(size=x.shape), weight + rng.normal(size=weight.shape)
    grad = rng.normal(size=conv2d(x, weight, **kwargs).shape)
    grad_input, grad_weight, grad_bias = conv2d_backward(x, weight, grad, **kwargs)
    np.testing.assert_allclose(
        grad_input, numerical_gradient(lambda v: conv2d(v, weight, bias, **kwargs), x, grad), atol=1e-6
    )
    np.testing.assert_allclose(
        grad_weight, numerical_gradient(lambda v: conv2d(x, v, bias, **kwargs), weight, grad), atol=1e-6
    )
    if bias is not None:
        np.testing.assert_allclose(
            grad_bias, numerical_gradient(lambda v: conv2d(x, weight, v, **kwargs), bias, grad), atol=1e-6
        )


def test_max_pool_backward_routes_to_winners_and_overlaps_accumulate():
    x = np.array([[[1.0, 5, 2], [3, 4, 0], [1, 1, 1]]])
    # 2x2 windows at stride 1: 5 wins the top two windows, 4 the bottom two
    np.testing.assert_array_equal(
        max_pool2d_backward(x, np.ones((1, 2, 2)), 2, stride=1), [[[0, 2, 0], [0, 2, 0], [0, 0, 0]]]
    )


def test_pool_backward_gives_ties_to_the_first_winner():
    x = np.array([[[0.0, 7.0], [7.0, 7.0]]])
    np.testing.assert_array_equal(max_pool2d_backward(x, np.array([[[5.0]]]), 2), [[[0, 5], [0, 0]]])


def test_avg_pool_backward_spreads_one_over_n():
    grad = avg_pool2d_backward(np.zeros((1, 4, 4)), np.array([[[4.0, 8.0], [12.0, 16.0]]]), 2)
    np.testing.assert_array_equal(grad[0, :2, :2], np.full((2, 2), 1.0))
    np.testing.assert_array_equal(grad[0, 2:, 2:], np.full((2, 2), 4.0))


def distinct_values(x, seed):
    """The same shape with distinct, well separated values: no ties, so max pooling is differentiable."""
    return np.random.default_rng(seed).permutation(x.size).reshape(x.shape).astype(float)


@given(any_pool_case(), st.integers(0, 2**32 - 1))
def test_max_and_min_pool_backward_agree_with_central_differences_and_loop_twins(case, seed):
    x, kwargs = case
    x = distinct_values(x, seed)
    for forward, backward, loop in [
        (max_pool2d, max_pool2d_backward, max_pool2d_backward_loop),
        (min_pool2d, min_pool2d_backward, min_pool2d_backward_loop),
    ]:
        grad = np.random.default_rng(seed).normal(size=forward(x, **kwargs).shape)
        analytic = backward(x, grad, **kwargs)
        np.testing.assert_allclose(
            analytic, numerical_gradient(partial(forward, **kwargs), x, grad), atol=1e-6
        )
        np.testing.assert_array_equal(analytic, loop(x, grad, **kwargs))


@given(any_pool_case(dilated=False), st.booleans())
def test_avg_pool_backward_agrees_with_central_differences_and_loop_twin(case, count_include_pad):
    x, kwargs = case
    kwargs["count_include_pad"] = count_include_pad
    grad = np.random.default_rng(1).normal(size=avg_pool2d(x, **kwargs).shape)
    analytic = avg_pool2d_backward(x, grad, **kwargs)
    np.testing.assert_allclose(
        analytic, numerical_gradient(lambda v: avg_pool2d(v, **kwargs), x, grad), atol=1e-6
    )
    np.testing.assert_allclose(analytic, avg_pool2d_backward_loop(x, grad, **kwargs), atol=1e-12)


def test_central_difference_reports_both_nudged_losses():
    check = central_difference(lambda v: v**2, np.array([3.0]), (0,), eps=0.5)
    assert (check.plus, check.minus, check.estimate) == (12.25, 6.25, 6.0)


def test_grad_output_of_the_wrong_shape_is_refused_with_the_expected_shape():
    with pytest.raises(ValueError, match=r"forward output's shape \(1, 2, 2\), got \(1, 3, 3\)"):
        conv2d_backward(X3, W2, np.ones((1, 3, 3)))
    with pytest.raises(ValueError, match=r"\(1, 1, 1\)"):
        max_pool2d_backward(X3, np.ones((1, 2, 2)), 3)


@given(conv_cases())
def test_both_ways_of_computing_conv2d_gradients_equal_the_loop_twin(case):
    # conv2d_backward picks per-tap products or im2col columns by shape; each must be right alone
    x, weight, _, kwargs = case
    grad = np.random.default_rng(2).integers(-3, 4, size=conv2d(x, weight, **kwargs).shape).astype(float)
    _, _, filters, _, geometry = conv_setup(x, weight, None, **kwargs)
    padded = geometry.pad_input(x)
    expected_weight = conv2d_backward_loop(x, weight, grad, **kwargs)[1]
    by_taps = gradients_by_taps(padded, grad, filters, geometry)
    by_columns = (
        weight_gradient(padded, grad, geometry),
        correlate_transpose(
            grad, filters, kwargs["groups"], geometry.padded_size, geometry.stride, geometry.dilation
        ),
    )
    np.testing.assert_allclose(by_taps[0], expected_weight, atol=1e-9)
    np.testing.assert_allclose(by_columns[0], expected_weight, atol=1e-9)
    np.testing.assert_allclose(by_taps[1], by_columns[1], atol=1e-9)
