"""The model of layers: LeNet-5's shapes as the chapter gives them, every gradient kept and checked
by central differences, skip connections that stop gradients vanishing, saving and loading."""

import numpy as np
import pytest

from engine import cross_entropy
from engine.analysis.gradcheck import central_difference
from engine.model import Activation, Sequential, predict, train_step
from engine.networks import deep_stack, lenet5, lenet5_relu


def rng(seed=0):
    return np.random.default_rng(seed)


def test_lenet5_shapes_follow_the_chapter():
    model = lenet5(rng())
    model.forward(rng(1).normal(size=(2, 1, 32, 32)))
    shapes = [a.shape[1:] for a in model.activations]
    # 32x32 -> C1 6@28 -> S2 6@14 -> C3 16@10 -> S4 16@5 -> C5 120@1 -> F6 84 -> 10, tanh after C1, C3, C5, F6
    C1, S2, C3, S4, C5 = (6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120, 1, 1)
    assert shapes == [(1, 32, 32), C1, C1, S2, C3, C3, S4, C5, C5, (120,), (84,), (84,), (10,)]
    assert [layer.name for layer in model.layers if layer.params()] == ["C1", "C3", "C5", "F6", "output"]
    assert sum(p.size for p in model.parameters()) == 156 + 2416 + 48120 + 10164 + 850


def test_backward_keeps_a_gradient_for_every_activation_and_parameter():
    model = lenet5_relu(rng())
    train_step(model, rng(1).normal(size=(3, 1, 32, 32)), np.array([1, 2, 3]))
    assert [g.shape for g in model.grads] == [a.shape for a in model.activations]
    assert list(model.named_gradients()) == list(model.named_parameters())
    assert [g.shape for g in model.gradients()] == [p.shape for p in model.parameters()]


def loss_of(model, images, labels):
    return float(cross_entropy(model.forward(images), labels))


def check_against_central_differences(model, images, labels, per_parameter=4):
    """Analytic parameter and input gradients against central differences at sampled positions."""
    train_step(model, images, labels)
    analytic = {name: g.copy() for name, g in model.named_gradients().items()}
    analytic_input = model.grads[0].copy()
    picker = rng(7)
    for name, param in model.named_parameters().items():
        for flat in picker.choice(param.size, min(per_parameter, param.size), replace=False):
            index = np.unravel_index(flat, param.shape)
            original = param.copy()

            def loss(value, param=param, original=original):
                param[...] = value
                return np.array(loss_of(model, images, labels))

            estimate = central_difference(loss, original, index).estimate
            param[...] = original
            assert analytic[name][index] == pytest.approx(estimate, abs=1e-7), (name, index)
    for flat in picker.choice(images.size, 4, replace=False):
        index = np.unravel_index(flat, images.shape)
        estimate = central_difference(lambda v: np.array(loss_of(model, v, labels)), images, index).estimate
        assert analytic_input[index] == pytest.approx(estimate, abs=1e-7)


@pytest.mark.parametrize(
    "build",
    [
        lambda: lenet5(rng()),
        lambda: lenet5_relu(rng()),
        lambda: deep_stack(rng(), depth=2, channels=2, activation="sigmoid"),
        lambda: deep_stack(rng(), depth=2, channels=2, residual=True),
    ],
    ids=["lenet5", "lenet5_relu", "plain_stack", "residual_stack"],
)
def test_model_gradients_agree_with_central_differences(build):
    check_against_central_differences(build(), rng(3).normal(size=(2, 1, 32, 32)), np.array([3, 8]))


def test_skip_connections_keep_the_gradient_from_vanishing():
    images, labels = rng(1).normal(size=(8, 1, 32, 32)), np.arange(8)
    norms = {}
    for residual in (False, True):
        model = deep_stack(rng(), depth=12, residual=residual)
        train_step(model, images, labels)
        norms[residual] = np.linalg.norm(model.named_gradients()["stem.weight"])
    assert norms[True] > 1000 * norms[False]


def test_residual_block_gradient_is_the_upstream_plus_the_bodys():
    model = deep_stack(rng(), depth=1, channels=2, residual=True)
    train_step(model, rng(1).normal(size=(1, 1, 32, 32)), np.array([4]))
    block = model.layers[3]
    upstream, downstream = model.grads[4], model.grads[3]
    np.testing.assert_allclose(downstream, upstream + block.body.grads[0])


def test_state_dict_round_trip_loads_in_place():
    source, target = lenet5(rng(0)), lenet5(rng(1))
    arrays = target.parameters()
    target.load_state_dict(source.state_dict())
    for ours, theirs, array in zip(target.parameters(), source.parameters(), arrays):
        assert ours is array
        np.testing.assert_array_equal(ours, theirs)
    with pytest.raises(ValueError, match="not the model's"):
        target.load_state_dict({"C1.weight": np.zeros((6, 1, 5, 5))})


def test_predict_picks_the_largest_logit():
    model = lenet5(rng())
    images = rng(1).normal(size=(3, 1, 32, 32))
    np.testing.assert_array_equal(predict(model, images, batch_size=2), model.forward(images).argmax(axis=1))


def test_model_refuses_backward_before_forward_and_duplicate_names():
    with pytest.raises(ValueError, match="forward first"):
        Sequential([Activation("a")]).backward(np.zeros(1))
    with pytest.raises(ValueError, match="unique"):
        Sequential([Activation("a"), Activation("a")])
    with pytest.raises(ValueError, match="tanh, relu, sigmoid"):
        Activation("a", "softplus")
