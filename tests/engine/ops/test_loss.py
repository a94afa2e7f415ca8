"""cross_entropy and softmax: the textbook values, stability, loop twin, central differences."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import (
    cross_entropy,
    cross_entropy_backward,
    cross_entropy_backward_loop,
    log_softmax,
    numerical_gradient,
    softmax,
)

REDUCTIONS = ("mean", "sum", "none")


@st.composite
def loss_cases(draw):
    """(logits (N, C) or (C,), targets, reduction)."""
    batched = draw(st.booleans())
    N, C = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    logits = rng.normal(scale=4, size=(N, C) if batched else (C,))
    target = rng.integers(0, C, size=N) if batched else rng.integers(0, C)
    return logits, np.asarray(target), draw(st.sampled_from(REDUCTIONS))


def test_uniform_logits_cost_log_of_the_class_count():
    assert float(cross_entropy(np.zeros((3, 10)), np.array([0, 4, 9]))) == pytest.approx(np.log(10))


def test_gradient_is_softmax_minus_one_hot_over_the_batch():
    logits = np.array([[0.0, np.log(3.0)]])  # softmax = (1/4, 3/4)
    np.testing.assert_allclose(cross_entropy_backward(logits, np.array([1])), [[0.25, -0.25]])
    np.testing.assert_allclose(
        cross_entropy_backward(np.tile(logits, (2, 1)), np.array([1, 1]))[0], [0.125, -0.125]
    )


def test_reductions_are_mean_sum_and_per_sample():
    logits, target = np.array([[2.0, 0.0], [0.0, 2.0]]), np.array([0, 0])
    per_sample = cross_entropy(logits, target, reduction="none")
    np.testing.assert_allclose(per_sample, [np.log1p(np.exp(-2)), np.log1p(np.exp(2))])
    assert float(cross_entropy(logits, target, "sum")) == pytest.approx(per_sample.sum())
    assert float(cross_entropy(logits, target)) == pytest.approx(per_sample.mean())


def test_huge_logits_neither_overflow_nor_warn():
    logits = np.array([[1000.0, 0.0, -1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(cross_entropy(logits, np.array([0]))) == 0.0
        assert float(cross_entropy(logits, np.array([1]))) == 1000.0
        np.testing.assert_allclose(softmax(logits, dim=1), [[1.0, 0.0, 0.0]])
    np.testing.assert_allclose(log_softmax(logits, dim=1), [[0.0, -1000.0, -2000.0]])


@given(loss_cases())
def test_cross_entropy_backward_equals_its_loop_twin(case):
    logits, target, reduction = case
    fast = cross_entropy_backward(logits, target, reduction)
    np.testing.assert_allclose(fast, cross_entropy_backward_loop(logits, target, reduction), atol=1e-14)


@given(loss_cases())
def test_cross_entropy_backward_agrees_with_central_differences(case):
    logits, target, reduction = case
    numerical = numerical_gradient(lambda v: cross_entropy(v, target, reduction), logits)
    np.testing.assert_allclose(cross_entropy_backward(logits, target, reduction), numerical, atol=1e-6)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (np.array([0, 3]), r"0\.\.2 for 3 logits, got 0\.\.3"),
        (np.array([0.0, 1.0]), "integer"),
        (np.array([0]), r"\(2,\)"),
    ],
)
def test_cross_entropy_refuses_bad_targets_with_the_numbers(target, message):
    with pytest.raises(ValueError, match=message):
        cross_entropy(np.zeros((2, 3)), target)


def test_cross_entropy_refuses_an_unknown_reduction():
    with pytest.raises(ValueError, match="mean, sum, none"):
        cross_entropy(np.zeros((1, 2)), np.array([0]), reduction="max")
