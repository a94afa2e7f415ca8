"""Explanations carry the user's own numbers, and the PyTorch code reproduces the output."""

import numpy as np
import pytest

from engine import conv2d, pad
from engine.geometry import conv_axis
from engine.trace.conv import trace_pad_conv2d
from text.arithmetic import step_arithmetic
from text.formulas import output_size_formula, unvisited_explanation
from text.pytorch import pytorch_code


def test_output_size_formula_substitutes_the_numbers():
    text = output_size_formula(conv_axis(7, 3, 2, 2, 1, 1, "wide"), "wide")
    assert text.endswith("= ⌊(7 + 1 + 1 − 2·(3 − 1) − 1) / 2⌋ + 1 = ⌊4 / 2⌋ + 1 = 3")


def test_unvisited_explanation_gives_the_leftover_arithmetic():
    rows = conv_axis(10, 3, 2, 1, 0, 0, "high")  # seed 003: W10 F3 S2 does not tile
    cols = conv_axis(10, 3, 1, 1, 0, 0, "wide")
    text = unvisited_explanation(rows, cols)
    assert "1 row at the end is never read" in text and "(10 − 3) / 2 = 3.5 is not whole" in text
    assert unvisited_explanation(cols, cols) is None


def test_step_arithmetic_lists_every_product_and_the_bias():
    trace = trace_pad_conv2d(
        np.arange(1.0, 10.0).reshape(1, 3, 3), np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), np.array([-1.0])
    )
    assert step_arithmetic(trace.step(0)) == "out[0, 0] = 1·1 + 2·2\n+ 4·3 + 5·4\n+ bias (-1) = 36"


def test_pytorch_code_reproduces_the_engine_output():
    torch = pytest.importorskip("torch")  # optional oracle: torch is not a test dependency
    grid, kernel = np.arange(20.0).reshape(4, 5), np.array([[1.0, 2.0], [3.0, -1.0]]) / 9
    code = pytorch_code(grid, grid.shape, kernel, 0.5, (2, 1), (1, 0, 2, 1), (1, 2), "reflect", True)
    namespace = {}
    exec(code.replace("print(y[0, 0])", ""), namespace)  # our own generated code, not user text
    expected = conv2d(
        pad(grid[None], (1, 0, 2, 1), "reflect"),
        kernel[::-1, ::-1][None, None].copy(),
        np.array([0.5]),
        (2, 1),
        0,
        (1, 2),
    )
    np.testing.assert_allclose(namespace["y"].numpy()[0], expected, rtol=1e-15)
    assert isinstance(namespace["y"], torch.Tensor)


def test_pytorch_code_pads_separately_only_when_it_must():
    grid, kernel = np.ones((3, 3)), np.ones((2, 2))
    assert "F.pad" not in pytorch_code(grid, (3, 3), kernel, 0, (1, 1), (1, 1, 1, 1), (1, 1), "zeros", False)
    assert "padding=(1, 1)" in pytorch_code(
        grid, (3, 3), kernel, 0, (1, 1), (1, 1, 1, 1), (1, 1), "zeros", False
    )
    assert 'F.pad(x, (0, 1, 0, 1), mode="constant")' in pytorch_code(
        grid, (3, 3), kernel, 0, (1, 1), (0, 1, 0, 1), (1, 1), "zeros", False
    )
