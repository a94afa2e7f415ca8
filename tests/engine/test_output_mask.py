"""conv2d_backward's output_mask, with torch's convolution_backward meaning: a gradient whose flag
is False is skipped (None), the others are the same numbers; and a model's first layer skipping
dL/d(images) when the step asks for no input gradient."""

import itertools

import numpy as np
import pytest

import engine
from engine.model import train_step
from engine.networks import lenet5, lenet5_relu

MASKS = list(itertools.product([True, False], repeat=3))
CASES = [
    ((2, 3, 9, 8), (4, 3, 3, 3), dict(stride=2, padding=1)),  # im2col: 3 channels < 9 taps
    ((2, 12, 7, 7), (6, 4, 2, 2), dict(groups=3, dilation=2)),  # by taps: 4 channels >= 4 taps
    ((1, 2, 6, 6), (3, 2, 3, 3), dict(padding=2, padding_mode="reflect")),
    ((2, 6, 6), (2, 2, 3, 3), dict()),  # unbatched
]


def arrays(input_shape, weight_shape, kwargs, seed=0):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=input_shape), rng.normal(size=weight_shape)
    grad = rng.normal(size=engine.conv2d(x, w, **kwargs).shape)
    return x, w, grad


@pytest.mark.parametrize("backward", [engine.conv2d_backward, engine.conv2d_backward_loop])
@pytest.mark.parametrize(("input_shape", "weight_shape", "kwargs"), CASES)
@pytest.mark.parametrize("mask", MASKS)
def test_skipped_gradients_are_none_and_the_others_unchanged(
    backward, input_shape, weight_shape, kwargs, mask
):
    x, w, grad = arrays(input_shape, weight_shape, kwargs)
    full = backward(x, w, grad, **kwargs)
    masked = backward(x, w, grad, **kwargs, output_mask=mask)
    for wanted, ours, reference in zip(mask, masked, full):
        if wanted:
            np.testing.assert_array_equal(ours, reference)
        else:
            assert ours is None


def test_the_default_mask_computes_all_three():
    x, w, grad = arrays(*CASES[0])
    assert all(g is not None for g in engine.conv2d_backward(x, w, grad, stride=2, padding=1))


@pytest.mark.parametrize("mask", [(True, False), "yes", None])
def test_output_mask_must_be_three_flags(mask):
    x, w, grad = arrays(*CASES[3])
    with pytest.raises(ValueError, match="output_mask must say"):
        engine.conv2d_backward(x, w, grad, output_mask=mask)


@pytest.mark.parametrize("make", [lenet5, lenet5_relu])
def test_a_step_without_the_input_gradient_gives_the_same_parameter_gradients(make):
    images, labels = np.random.default_rng(1).normal(size=(4, 1, 32, 32)), np.array([0, 1, 2, 3])
    full, skipped = make(np.random.default_rng(0)), make(np.random.default_rng(0))
    loss = train_step(full, images, labels)
    assert train_step(skipped, images, labels, input_grad=False) == loss
    assert skipped.grads[0] is None and full.grads[0].shape == images.shape
    for ours, reference in zip(skipped.grads[1:], full.grads[1:]):
        np.testing.assert_array_equal(ours, reference)
    for ours, reference in zip(skipped.gradients(), full.gradients()):
        np.testing.assert_array_equal(ours, reference)
    assert skipped.backward(np.ones((4, 10)), input_grad=False) is None
