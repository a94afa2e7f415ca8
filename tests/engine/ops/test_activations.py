"""relu, tanh and sigmoid: derivatives as the formulas give them, loop twins, central differences."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine import numerical_gradient

NAMES = ("relu", "tanh", "sigmoid")


@st.composite
def inputs_and_grads(draw):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.normal(scale=3, size=shape), rng.normal(size=shape)


@pytest.mark.parametrize("name", NAMES)
@given(case=inputs_and_grads())
def test_activation_backward_equals_its_loop_twin(name, case):
    x, grad = case
    fast = getattr(engine, f"{name}_backward")(x, grad)
    np.testing.assert_allclose(fast, getattr(engine, f"{name}_backward_loop")(x, grad), atol=1e-14)


@pytest.mark.parametrize("name", NAMES)
@given(case=inputs_and_grads())
def test_activation_backward_agrees_with_central_differences(name, case):
    x, grad = case
    if name == "relu":
        x = np.where(np.abs(x) < 1e-3, 0.5, x)  # relu has no derivative at 0: stay away from the kink
    forward, backward = getattr(engine, name), getattr(engine, f"{name}_backward")
    np.testing.assert_allclose(backward(x, grad), numerical_gradient(forward, x, grad), atol=1e-6)


def test_relu_gradient_at_zero_is_zero_as_in_pytorch():
    np.testing.assert_array_equal(engine.relu_backward(np.array([-1.0, 0.0, 2.0]), np.ones(3)), [0, 0, 1])


def test_tanh_derivative_vanishes_as_the_input_grows():
    slopes = engine.tanh_backward(np.array([0.0, 1.0, 3.0, 10.0]), np.ones(4))
    assert slopes[0] == 1.0 and slopes[1] == pytest.approx(1 - np.tanh(1) ** 2)
    assert np.all(np.diff(slopes) < 0) and slopes[-1] < 1e-8


def test_sigmoid_is_finite_and_warning_free_for_huge_inputs():
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = engine.sigmoid(x)
    assert y[0] == 0.0 and y[2] == 0.5 and y[-1] == 1.0
    assert y[1] == pytest.approx(np.exp(-40.0), rel=1e-15)
    assert engine.sigmoid_backward(np.array([0.0]), np.ones(1))[0] == 0.25  # the largest slope


def test_activation_backward_refuses_a_grad_of_another_shape():
    with pytest.raises(ValueError, match=r"the input's shape \(3,\)"):
        engine.tanh_backward(np.zeros(3), np.zeros(4))
