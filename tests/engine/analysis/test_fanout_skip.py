"""Fan-out links explain the gradients; the skip connection keeps the derivative from vanishing."""

import numpy as np
import pytest

from engine import conv2d_backward
from engine.analysis.fanout import input_fan_out, weight_fan_out
from engine.analysis.gradcheck import numerical_gradient
from engine.analysis.skip import nested_tanh, with_skip
from engine.geometry import conv_geometry


def test_fan_out_sums_give_the_gradients():
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(1, 5, 5)), rng.normal(size=(1, 1, 3, 3))
    layer = conv_geometry((5, 5), w.shape[-2:], stride=2, padding=1)
    dy = rng.normal(size=(1, 3, 3))
    grad_input, grad_weight, _ = conv2d_backward(x, w, dy, stride=2, padding=1)
    # dL/dx[2, 3] (padded (3, 4)): dL/dy times the weight met, over every output the cell fed
    expected = sum(dy[0, *link.output] * w[0, 0, *link.weight] for link in input_fan_out(layer, 3, 4))
    assert grad_input[0, 2, 3] == pytest.approx(expected)
    padded = np.pad(x[0], 1)
    expected = sum(dy[0, *link.output] * padded[link.input] for link in weight_fan_out(layer, 1, 2))
    assert grad_weight[0, 0, 1, 2] == pytest.approx(expected)
    assert len(weight_fan_out(layer, 1, 2)) == 9  # a weight meets every output once


def test_nested_tanh_derivative_is_the_chain_rule():
    theta = np.linspace(-3, 3, 13)
    for n in (1, 3, 6):  # elementwise: the vector-Jacobian product with ones is the derivative
        numeric = numerical_gradient(lambda t, n=n: nested_tanh(t, n)[0], theta, np.ones(13))
        np.testing.assert_allclose(nested_tanh(theta, n)[1], numeric, rtol=1e-6)
        np.testing.assert_allclose(with_skip(theta, n)[1], numeric + 1, rtol=1e-6)


def test_the_gradient_vanishes_with_depth_but_not_through_the_skip():
    assert nested_tanh(np.array(1.0), 20)[1] < 0.1 * nested_tanh(np.array(1.0), 1)[1]
    assert with_skip(np.array(1.0), 20)[1] > 1.0
