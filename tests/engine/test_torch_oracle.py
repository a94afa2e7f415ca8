"""The engine reproduces values recorded from PyTorch 2.13 (tests/fixtures/make_torch_cases.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

import engine

CASES = np.load(Path(__file__).resolve().parents[1] / "fixtures" / "torch_cases.npz")
NAMES = sorted({key.split("/")[0] for key in CASES.files})


def case(name):
    meta = json.loads(str(CASES[f"{name}/meta"]))
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in meta["kwargs"].items()}
    values = {
        key.split("/")[1]: CASES[key]
        for key in CASES.files
        if key.startswith(f"{name}/") and not key.endswith("/meta")
    }
    return meta["op"], kwargs, values


@pytest.mark.parametrize("name", NAMES)
def test_forward_matches_pytorch(name):
    op, kwargs, v = case(name)
    if op == "pad":
        output = engine.pad(v["input"], kwargs["pad"], kwargs["mode"])
    elif op in ("conv2d", "conv_transpose2d"):
        output = getattr(engine, op)(v["input"], v["weight"], v["bias"], **kwargs)
    else:
        output = getattr(engine, op)(v["input"], **kwargs)
    np.testing.assert_allclose(output, v["output"], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", [n for n in NAMES if "grad_input" in case(n)[2]])
def test_backward_matches_pytorch_autograd(name):
    op, kwargs, v = case(name)
    if op == "conv2d":
        grads = engine.conv2d_backward(v["input"], v["weight"], v["grad_output"], **kwargs)
        for ours, theirs in zip(grads, (v["grad_input"], v["grad_weight"], v["grad_bias"])):
            np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    else:
        backward = getattr(engine, f"{op}_backward")
        np.testing.assert_allclose(
            backward(v["input"], v["grad_output"], **kwargs), v["grad_input"], rtol=1e-12, atol=1e-12
        )
