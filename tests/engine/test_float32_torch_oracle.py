"""The float32 path against values recorded from PyTorch 2.13 in float32
(tests/fixtures/make_torch_training_cases.py, the *_float32 cases): each op forward and
backward, and SGD steps of LeNet-5 with a float32 model and batch. Sums run in another order
than torch's, so the match is to float32's precision, not bit for bit."""

import json
from pathlib import Path

import numpy as np
import pytest

import engine
from engine.model import train_step
from engine.networks import lenet5
from engine.optim import SGD

CASES = np.load(Path(__file__).resolve().parents[1] / "fixtures" / "torch_training_cases.npz")
F32 = dict(rtol=1e-5, atol=1e-6)


def case(name):
    meta = json.loads(str(CASES[f"{name}/meta"]))
    prefix = f"{name}/"
    values = {k[len(prefix) :]: CASES[k] for k in CASES.files if k.startswith(prefix) and k != f"{name}/meta"}
    return meta["op"], meta["kwargs"], values


def names_of(op):
    return sorted({k.split("/")[0] for k in CASES.files if case_op(k.split("/")[0]) == op})


def case_op(name):
    return json.loads(str(CASES[f"{name}/meta"]))["op"]


def assert_float32_matches(ours, recorded):
    assert recorded.dtype == np.float32
    assert np.asarray(ours).dtype == np.float32
    np.testing.assert_allclose(ours, recorded, **F32)


@pytest.mark.parametrize("name", names_of("float32"))
def test_float32_ops_match_pytorch_forward_and_backward(name):
    _, kwargs, v = case(name)
    op = kwargs.pop("op")
    x = v["input"]
    if op == "conv2d":
        assert_float32_matches(engine.conv2d(x, v["weight"], v["bias"], **kwargs), v["output"])
        grads = engine.conv2d_backward(x, v["weight"], v["grad_output"], **kwargs)
        for ours, key in zip(grads, ("grad_input", "grad_weight", "grad_bias")):
            assert_float32_matches(ours, v[key])
    elif op == "linear":
        assert_float32_matches(engine.linear(x, v["weight"], v["bias"]), v["output"])
        grads = engine.linear_backward(x, v["weight"], v["grad_output"])
        for ours, key in zip(grads, ("grad_input", "grad_weight", "grad_bias")):
            assert_float32_matches(ours, v[key])
    elif op == "cross_entropy":
        assert_float32_matches(engine.cross_entropy(x, v["target"]), v["output"])
        assert_float32_matches(engine.cross_entropy_backward(x, v["target"]), v["grad_input"])
    elif op.endswith("pool2d"):
        assert_float32_matches(getattr(engine, op)(x, **kwargs), v["output"])
        grad_input = getattr(engine, f"{op}_backward")(x, v["grad_output"], **kwargs)
        assert_float32_matches(grad_input, v["grad_input"])
    else:
        assert_float32_matches(getattr(engine, op)(x), v["output"])
        assert_float32_matches(getattr(engine, f"{op}_backward")(x, v["grad_output"]), v["grad_input"])


def test_lenet5_trains_in_float32_as_pytorch_does():
    """A float32 LeNet-5 (weights and batches as torch's), SGD with momentum: every step's
    loss and a sample of the final weights agree with torch's float32 run."""
    _, kwargs, v = case("lenet5_tanh_float32")
    _, _, start = case(kwargs["init_from"])
    model = lenet5(np.random.default_rng(0)).to(np.float32)
    params = model.parameters()
    for j, param in enumerate(params):
        param[...] = start[f"init_units{j}"] * kwargs["init_unit"]
    images = (start["pixels"] * (1.275 / 255) - 0.1).astype(np.float32)  # as torch.tensor(..., float32)
    optimizer = SGD(params, lr=kwargs["lr"], momentum=kwargs["momentum"])
    for step, batch in enumerate(v["batches"]):
        loss = train_step(model, images[batch], v["labels"][batch], input_grad=False)
        optimizer.step(model.gradients())
        assert loss == pytest.approx(v["losses"][step], rel=1e-5)
    for j, param in enumerate(params):
        assert param.dtype == np.float32
        np.testing.assert_allclose(param.ravel()[v[f"final_index{j}"]], v[f"final{j}"], rtol=1e-4, atol=2e-6)
