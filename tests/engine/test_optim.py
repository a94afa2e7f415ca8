"""SGD and Adam: the documented update rules on numbers worked by hand, in place, and refusals.
(tests/engine/test_training_torch_oracle.py checks every variant against torch.optim.)"""

import numpy as np
import pytest

from engine.optim import SGD, Adam


def test_plain_sgd_steps_against_the_gradient():
    theta = np.array([1.0, -2.0])
    SGD([theta], lr=0.1).step([np.array([2.0, -4.0])])
    np.testing.assert_allclose(theta, [0.8, -1.6])


def test_momentum_buffer_starts_as_the_gradient_then_accumulates():
    theta = np.array([0.0])
    optimizer = SGD([theta], lr=1.0, momentum=0.9, dampening=0.5)
    optimizer.step([np.array([1.0])])  # b = g = 1 (no dampening on the first step)
    optimizer.step([np.array([1.0])])  # b = 0.9·1 + 0.5·1 = 1.4
    np.testing.assert_allclose(theta, [-2.4])


def test_nesterov_looks_ahead_along_the_buffer():
    theta = np.array([0.0])
    optimizer = SGD([theta], lr=1.0, momentum=0.5, nesterov=True)
    optimizer.step([np.array([2.0])])  # b = 2, step g + μb = 3
    np.testing.assert_allclose(theta, [-3.0])


def test_weight_decay_adds_lambda_theta_to_the_gradient():
    theta = np.array([10.0])
    SGD([theta], lr=0.1, weight_decay=0.5).step([np.array([0.0])])
    np.testing.assert_allclose(theta, [9.5])


def test_adam_first_step_moves_every_parameter_by_about_lr():
    # with bias correction, m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ ±lr whatever |g|
    theta = np.array([1.0, 1.0, 1.0])
    Adam([theta], lr=0.01).step([np.array([1000.0, -0.001, 3.0])])
    np.testing.assert_allclose(theta, [0.99, 1.01, 0.99], rtol=1e-7)


def test_adam_second_step_by_hand():
    theta, (b1, b2), lr, eps = np.array([0.0]), (0.9, 0.999), 0.1, 1e-8
    optimizer = Adam([theta], lr=lr)
    for g in (1.0, 3.0):
        optimizer.step([np.array([g])])
    m, v = 0.9 * 0.1 * 1.0 + 0.1 * 3.0, 0.999 * 0.001 * 1.0 + 0.001 * 9.0
    second = lr / (1 - b1**2) * m / (np.sqrt(v) / np.sqrt(1 - b2**2) + eps)
    np.testing.assert_allclose(theta, [-lr / (1 + eps) - second], rtol=1e-12)


def test_step_updates_the_callers_arrays_in_place():
    weight, bias = np.ones((2, 2)), np.zeros(2)
    optimizer = Adam([weight, bias])
    optimizer.step([np.ones((2, 2)), np.ones(2)])
    assert optimizer.params[0] is weight and weight[0, 0] < 1 and bias[0] < 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: SGD(p, lr=0.1, nesterov=True), "Nesterov momentum needs momentum > 0"),
        (lambda p: SGD(p, lr=-1.0), "lr = -1.0"),
        (lambda p: Adam(p, betas=(1.0, 0.9)), "betas"),
        (lambda p: SGD([np.ones(2, dtype=np.int64)], lr=0.1), "float64"),
        (lambda p: SGD([], lr=0.1), "empty"),
    ],
)
def test_optimizers_refuse_invalid_settings(make, message):
    with pytest.raises(ValueError, match=message):
        make([np.zeros(2)])


def test_step_refuses_gradients_that_do_not_fit_the_parameters():
    optimizer = SGD([np.zeros(2), np.zeros(3)], lr=0.1)
    with pytest.raises(ValueError, match="one gradient per parameter: 2, got 1"):
        optimizer.step([np.zeros(2)])
    with pytest.raises(ValueError, match=r"gradient 1 has shape \(2,\), its parameter \(3,\)"):
        optimizer.step([np.zeros(2), np.zeros(2)])
