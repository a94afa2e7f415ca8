"""The float32 path: ops and models keep float32 when their arrays are float32 (as torch keeps a
float32 model in float32), float64 stays the default, and the float32 numbers are the float64
ones to float32's precision."""

import numpy as np
import pytest

import engine
from engine.model import train_step
from engine.networks import deep_stack, lenet5, lenet5_relu
from engine.optim import SGD, Adam

F32 = dict(rtol=2e-4, atol=2e-5)


def normal(seed, shape):
    return np.random.default_rng(seed).normal(size=shape)


def f32(*arrays):
    return [a.astype(np.float32) for a in arrays]


def assert_float32_close(ours32, ours64):
    assert ours32.dtype == np.float32
    assert ours64.dtype == np.float64
    np.testing.assert_allclose(ours32, ours64, **F32)


CONV_CASES = [
    dict(),
    dict(stride=2, padding=1),
    dict(padding="same", dilation=2),
    dict(padding=1, padding_mode="reflect"),
    dict(groups=2, padding=(1, 0)),
]


@pytest.mark.parametrize("kwargs", CONV_CASES)
def test_conv2d_and_its_backward_keep_float32(kwargs):
    x, w, b = normal(0, (2, 4, 9, 8)), normal(1, (6, 4 // kwargs.get("groups", 1), 3, 3)), normal(2, 6)
    out64 = engine.conv2d(x, w, b, **kwargs)
    assert_float32_close(engine.conv2d(*f32(x, w, b), **kwargs), out64)
    grad = normal(3, out64.shape)
    for ours32, ours64 in zip(
        engine.conv2d_backward(*f32(x, w, grad), **kwargs), engine.conv2d_backward(x, w, grad, **kwargs)
    ):
        assert_float32_close(ours32, ours64)


def test_the_loop_twins_keep_float32_too():
    x, w, b = f32(normal(0, (1, 2, 5, 5)), normal(1, (3, 2, 3, 3)), normal(2, 3))
    assert engine.conv2d_loop(x, w, b).dtype == np.float32
    grad = np.ones((1, 3, 3, 3), dtype=np.float32)
    assert {g.dtype for g in engine.conv2d_backward_loop(x, w, grad)} == {np.dtype(np.float32)}


def test_conv_transpose2d_keeps_float32():
    x, w, b = normal(0, (2, 3, 5, 5)), normal(1, (3, 4, 3, 3)), normal(2, 4)
    out64 = engine.conv_transpose2d(x, w, b, stride=2, padding=1)
    assert_float32_close(engine.conv_transpose2d(*f32(x, w, b), stride=2, padding=1), out64)


@pytest.mark.parametrize("kind", ["max", "min", "avg"])
def test_pools_and_their_backward_keep_float32(kind):
    x = normal(0, (2, 3, 9, 9))
    kwargs = dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)
    forward, backward = getattr(engine, f"{kind}_pool2d"), getattr(engine, f"{kind}_pool2d_backward")
    out64 = forward(x, **kwargs)
    assert_float32_close(forward(*f32(x), **kwargs), out64)
    grad = normal(1, out64.shape)
    assert_float32_close(backward(*f32(x, grad), **kwargs), backward(x, grad, **kwargs))


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid"])
def test_activations_keep_float32(name):
    x, grad = normal(0, (3, 7)) * 3, normal(1, (3, 7))
    assert_float32_close(getattr(engine, name)(*f32(x)), getattr(engine, name)(x))
    backward = getattr(engine, f"{name}_backward")
    assert_float32_close(backward(*f32(x, grad)), backward(x, grad))


def test_linear_softmax_and_cross_entropy_keep_float32():
    x, w, b, grad = normal(0, (5, 4)), normal(1, (3, 4)), normal(2, 3), normal(3, (5, 3))
    assert_float32_close(engine.linear(*f32(x, w, b)), engine.linear(x, w, b))
    for ours32, ours64 in zip(engine.linear_backward(*f32(x, w, grad)), engine.linear_backward(x, w, grad)):
        assert_float32_close(ours32, ours64)
    target = np.array([0, 2, 1, 1, 0])
    assert_float32_close(engine.cross_entropy(*f32(grad), target), engine.cross_entropy(grad, target))
    assert_float32_close(
        engine.cross_entropy_backward(*f32(grad), target), engine.cross_entropy_backward(grad, target)
    )
    assert_float32_close(engine.log_softmax(*f32(grad)), engine.log_softmax(grad))


def test_float64_stays_the_default_for_lists_integers_and_mixed_dtypes():
    x, w = normal(0, (1, 1, 4, 4)), normal(1, (1, 1, 2, 2))
    assert engine.conv2d(x.tolist(), w.tolist()).dtype == np.float64
    assert engine.conv2d(x.astype(np.int64), w.astype(np.int64)).dtype == np.float64
    assert engine.conv2d(x.astype(np.float32), w).dtype == np.float64  # as NumPy promotes
    assert engine.tanh(x.astype(np.float16)).dtype == np.float64


NETWORKS = {
    "lenet5": lenet5,
    "lenet5_relu": lenet5_relu,
    "residual_stack": lambda rng: deep_stack(rng, depth=3, channels=4, residual=True),
}


@pytest.mark.parametrize("name", NETWORKS)
def test_a_float32_model_trains_in_float32_and_follows_the_float64_one(name):
    images, labels = normal(5, (6, 1, 32, 32)), np.arange(6)
    model64 = NETWORKS[name](np.random.default_rng(0))
    model32 = NETWORKS[name](np.random.default_rng(0)).to(np.float32)
    optimizers = [SGD(model64.parameters(), lr=0.05, momentum=0.9)]
    optimizers.append(SGD(model32.parameters(), lr=0.05, momentum=0.9))
    for _ in range(3):
        loss64 = train_step(model64, images, labels)
        loss32 = train_step(model32, images.astype(np.float32), labels)
        assert loss32 == pytest.approx(loss64, rel=1e-5)
        arrays32 = [*model32.activations, *model32.grads, *model32.gradients()]
        assert {a.dtype for a in arrays32} == {np.dtype(np.float32)}
        for g32, g64 in zip(model32.gradients(), model64.gradients()):
            np.testing.assert_allclose(g32, g64, rtol=1e-3, atol=1e-5)
        optimizers[0].step(model64.gradients())
        optimizers[1].step(model32.gradients())
    assert {p.dtype for p in model32.parameters()} == {np.dtype(np.float32)}
    for p32, p64 in zip(model32.parameters(), model64.parameters()):
        np.testing.assert_allclose(p32, p64, rtol=1e-3, atol=1e-5)


def test_a_float32_model_fed_float64_computes_in_float64_as_numpy_promotes():
    model = lenet5(np.random.default_rng(0)).to(np.float32)
    train_step(model, normal(1, (2, 1, 32, 32)), np.array([3, 4]))
    assert {a.dtype for a in model.activations} == {np.dtype(np.float64)}
    optimizer = Adam(model.parameters())
    optimizer.step(model.gradients())  # float64 gradients step float32 parameters, which stay float32
    assert {p.dtype for p in model.parameters()} == {np.dtype(np.float32)}
