"""pad follows F.pad: (left, right, top, bottom), four modes, negative amounts crop."""

import numpy as np
import pytest

from engine import pad
from engine.ops.padding import fold_padding

ROW = np.array([[[1.0, 2.0, 3.0]]])


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("constant", [0, 0, 1, 2, 3, 0]),
        ("reflect", [3, 2, 1, 2, 3, 2]),
        ("replicate", [1, 1, 1, 2, 3, 3]),
        ("circular", [2, 3, 1, 2, 3, 1]),
    ],
)
def test_each_mode_pads_a_row_as_pytorch(mode, expected):
    np.testing.assert_array_equal(pad(ROW, (2, 1), mode=mode)[0, 0], expected)


def test_pad_order_is_left_right_top_bottom():
    out = pad(np.ones((1, 2, 2)), (1, 2, 3, 4), value=-1)
    assert out.shape == (1, 2 + 3 + 4, 2 + 1 + 2)
    assert out[0, 3, 1] == 1 and out[0, 2, 1] == -1 and out[0, 3, 0] == -1


def test_negative_constant_padding_crops():
    np.testing.assert_array_equal(pad(ROW, (-1, 0))[0, 0], [2, 3])


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_fold_padding_is_the_adjoint_of_pad(mode):
    # ⟨pad(x), g⟩ = ⟨x, fold(g)⟩ for every x and g: the definition of the gradient of pad
    rng = np.random.default_rng(3)
    x, amounts = rng.normal(size=(2, 4, 5)), (2, 1, 3, 2)
    g = rng.normal(size=pad(x, amounts, mode).shape)
    assert np.isclose(
        (pad(x, amounts, mode) * g).sum(), (x * fold_padding(g, x.shape[-2:], amounts, mode)).sum()
    )
