"""The training half of the engine reproduces values recorded from PyTorch 2.13
(tests/fixtures/make_torch_training_cases.py): ops, optimisers, and SGD steps of whole networks."""

import json
from pathlib import Path

import numpy as np
import pytest

import engine
from engine.model import train_step
from engine.networks import deep_stack, lenet5
from engine.optim import SGD, Adam

CASES = np.load(Path(__file__).resolve().parents[1] / "fixtures" / "torch_training_cases.npz")
NAMES = sorted({key.split("/")[0] for key in CASES.files})
TIGHT = dict(rtol=1e-12, atol=1e-12)


def case(name):
    meta = json.loads(str(CASES[f"{name}/meta"]))
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in meta["kwargs"].items()}
    prefix = f"{name}/"
    values = {k[len(prefix) :]: CASES[k] for k in CASES.files if k.startswith(prefix) and k != f"{name}/meta"}
    return meta["op"], kwargs, values


def names_of(*ops):
    return [n for n in NAMES if case(n)[0] in ops]


@pytest.mark.parametrize("name", names_of("linear"))
def test_linear_matches_pytorch_forward_and_autograd(name):
    _, _, v = case(name)
    np.testing.assert_allclose(engine.linear(v["input"], v["weight"], v.get("bias")), v["output"], **TIGHT)
    grads = engine.linear_backward(v["input"], v["weight"], v["grad_output"])
    for ours, key in zip(grads, ("grad_input", "grad_weight", "grad_bias")):
        np.testing.assert_allclose(ours, v[key], **TIGHT)


@pytest.mark.parametrize("name", names_of("relu", "tanh", "sigmoid"))
def test_activation_matches_pytorch_even_at_extreme_inputs(name):
    op, _, v = case(name)
    np.testing.assert_allclose(getattr(engine, op)(v["input"]), v["output"], **TIGHT)
    grad_input = getattr(engine, f"{op}_backward")(v["input"], v["grad_output"])
    np.testing.assert_allclose(grad_input, v["grad_input"], **TIGHT)


@pytest.mark.parametrize("name", names_of("cross_entropy"))
def test_cross_entropy_matches_pytorch_for_every_reduction(name):
    _, kwargs, v = case(name)
    np.testing.assert_allclose(engine.cross_entropy(v["input"], v["target"], **kwargs), v["output"], **TIGHT)
    grad_input = engine.cross_entropy_backward(v["input"], v["target"], **kwargs)
    np.testing.assert_allclose(grad_input, v["grad_input"], **TIGHT)


@pytest.mark.parametrize("name", names_of("softmax", "log_softmax"))
def test_softmax_matches_pytorch(name):
    op, kwargs, v = case(name)
    np.testing.assert_allclose(getattr(engine, op)(v["input"], **kwargs), v["output"], **TIGHT)


def test_flatten_and_residual_add_match_pytorch():
    _, kwargs, v = case("flatten")
    np.testing.assert_array_equal(engine.flatten(v["input"], **kwargs), v["output"])
    np.testing.assert_array_equal(engine.flatten_backward(v["input"], v["grad_output"]), v["grad_input"])
    _, _, v = case("residual_add")
    np.testing.assert_array_equal(engine.residual_add(v["input"], v["residual"]), v["output"])
    grad_input, grad_residual = engine.residual_add_backward(v["grad_output"])
    np.testing.assert_array_equal(grad_input, v["grad_input"])
    np.testing.assert_array_equal(grad_residual, v["grad_residual"])


@pytest.mark.parametrize("name", names_of("SGD", "Adam"))
def test_optimizer_steps_match_torch_optim(name):
    op, kwargs, v = case(name)
    count = sum(key.startswith("param") for key in v)
    params = [v[f"param{j}"].copy() for j in range(count)]
    optimizer = {"SGD": SGD, "Adam": Adam}[op](params, **kwargs)
    for step in range(len(v["grad0"])):
        optimizer.step([v[f"grad{j}"][step] for j in range(count)])
        for j, param in enumerate(params):
            np.testing.assert_allclose(param, v[f"after{j}"][step], rtol=1e-12, atol=1e-14)


NETWORKS = {
    "lenet5_tanh": lambda rng: lenet5(rng, "tanh", "avg"),
    "lenet5_relu": lambda rng: lenet5(rng, "relu", "max"),
    "residual_stack": lambda rng: deep_stack(rng, depth=3, channels=4, residual=True),
}


@pytest.mark.parametrize("name", names_of("train"))
def test_sgd_training_matches_pytorch_step_for_step(name):
    """Same weights, same batches: every step's loss and the final weights agree to 1e-9."""
    _, kwargs, v = case(name)
    model = NETWORKS[name](np.random.default_rng(0))
    params = model.parameters()
    for j, param in enumerate(params):
        param[...] = v[f"init_units{j}"] * kwargs["init_unit"]
    images = v["pixels"] * (1.275 / 255) - 0.1
    optimizer = SGD(params, lr=kwargs["lr"], momentum=kwargs["momentum"])
    for step, batch in enumerate(v["batches"]):
        loss = train_step(model, images[batch], v["labels"][batch])
        optimizer.step(model.gradients())
        assert loss == pytest.approx(v["losses"][step], rel=1e-9, abs=1e-9)
    for j, param in enumerate(params):
        np.testing.assert_allclose(param.ravel()[v[f"final_index{j}"]], v[f"final{j}"], rtol=1e-9, atol=1e-9)
