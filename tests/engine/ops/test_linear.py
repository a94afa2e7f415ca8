"""linear, flatten and the residual add: textbook values, loop twin, central differences, refusals."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import (
    flatten,
    flatten_backward,
    linear,
    linear_backward,
    linear_backward_loop,
    numerical_gradient,
    residual_add,
    residual_add_backward,
)


@st.composite
def linear_cases(draw):
    """(input (*, in), weight (out, in), bias (out,), grad_output (*, out)) of small integers."""
    lead = draw(st.lists(st.integers(1, 3), min_size=0, max_size=2))
    n_in, n_out = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def ints(*shape):
        return rng.integers(-4, 5, size=shape).astype(np.float64)

    return ints(*lead, n_in), ints(n_out, n_in), ints(n_out), ints(*lead, n_out)


def test_linear_is_input_times_weight_transposed_plus_bias():
    x = np.array([[1.0, 2.0, 3.0]])
    weight = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    np.testing.assert_array_equal(linear(x, weight, np.array([10.0, 20.0])), [[8.0, 24.0]])
    np.testing.assert_array_equal(linear(x[0], weight), [-2.0, 4.0])  # one sample, no bias


def test_linear_weight_gradient_is_the_outer_product_of_upstream_and_input():
    x, grad = np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, -1.0]])
    grad_input, grad_weight, grad_bias = linear_backward(x, np.ones((2, 3)), grad)
    np.testing.assert_array_equal(grad_weight, [[1, 2, 3], [-1, -2, -3]])
    np.testing.assert_array_equal(grad_input, [[0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(grad_bias, [1.0, -1.0])


@given(linear_cases())
def test_linear_backward_equals_its_loop_twin(case):
    x, weight, _, grad = case
    for fast, loop in zip(linear_backward(x, weight, grad), linear_backward_loop(x, weight, grad)):
        np.testing.assert_allclose(fast, loop, atol=1e-12)


@given(linear_cases())
def test_linear_backward_agrees_with_central_differences(case):
    x, weight, bias, grad = case
    grad_input, grad_weight, grad_bias = linear_backward(x, weight, grad)
    np.testing.assert_allclose(
        grad_input, numerical_gradient(lambda v: linear(v, weight, bias), x, grad), atol=1e-6
    )
    np.testing.assert_allclose(
        grad_weight, numerical_gradient(lambda v: linear(x, v, bias), weight, grad), atol=1e-6
    )
    np.testing.assert_allclose(
        grad_bias, numerical_gradient(lambda v: linear(x, weight, v), bias, grad), atol=1e-6
    )


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "message"),
    [((2, 3), (4, 5), "in_features = 5"), ((2, 3), (3,), "out_features, in_features")],
)
def test_linear_refuses_mismatched_shapes_with_the_numbers(x_shape, w_shape, message):
    with pytest.raises(ValueError, match=message):
        linear(np.zeros(x_shape), np.zeros(w_shape))


def test_linear_backward_refuses_a_grad_output_of_another_shape():
    with pytest.raises(ValueError, match=r"\(2, 4\)"):
        linear_backward(np.zeros((2, 3)), np.zeros((4, 3)), np.zeros((2, 5)))


def test_flatten_keeps_row_major_order_and_its_gradient_reshapes_back():
    x = np.arange(24.0).reshape(2, 3, 2, 2)
    flat = flatten(x, start_dim=1)
    assert flat.shape == (2, 12)
    np.testing.assert_array_equal(flat[1], np.arange(12.0, 24.0))
    assert flatten(x).shape == (24,)  # torch.flatten's default start_dim=0
    assert flatten(x, 1, 2).shape == (2, 6, 2)
    np.testing.assert_array_equal(flatten_backward(x, flat), x)
    numerical = numerical_gradient(lambda v: flatten(v, start_dim=1), x, 2 * flat)
    np.testing.assert_allclose(flatten_backward(x, 2 * flat), numerical, atol=1e-6)


def test_flatten_refuses_start_after_end():
    with pytest.raises(ValueError, match="start_dim <= end_dim"):
        flatten(np.zeros((2, 3, 4)), 2, 1)


@given(linear_cases())
def test_residual_add_passes_the_gradient_to_both_paths(case):
    x, _, _, _ = case
    np.testing.assert_array_equal(residual_add(x, 2 * x), 3 * x)
    grad_input, grad_residual = residual_add_backward(x)
    np.testing.assert_allclose(grad_input, numerical_gradient(lambda v: residual_add(v, x), x, x), atol=1e-6)
    np.testing.assert_allclose(
        grad_residual, numerical_gradient(lambda v: residual_add(x, v), x, x), atol=1e-6
    )


def test_residual_add_refuses_unequal_shapes():
    with pytest.raises(ValueError, match=r"skip path carries \(2, 3\), the block \(2, 4\)"):
        residual_add(np.zeros((2, 3)), np.zeros((2, 4)))
