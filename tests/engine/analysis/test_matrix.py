"""The convolution matrix reproduces conv2d, its transpose conv_transpose2d; shifts are equivariant."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine import conv2d, conv_transpose2d
from engine.analysis.matrix import convolution_matrix, shift
from engine.geometry import conv_geometry


@given(
    st.integers(3, 7),
    st.integers(3, 7),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(0, 1),
    st.integers(1, 2),
    st.integers(0, 2**32 - 1),
)
def test_matrix_product_is_the_convolution_and_its_transpose_the_transposed_one(H, W, k, s, p, d, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(H, W)), rng.normal(size=(k, k))
    if d * (k - 1) + 1 > min(H, W) + 2 * p:
        return
    A, which = convolution_matrix((H, W), w, s, p, d)
    y = conv2d(x[None], w[None, None], stride=s, padding=p, dilation=d)[0]
    np.testing.assert_allclose(A @ x.ravel(), y.ravel(), atol=1e-12)
    rows, cols = conv_geometry((H, W), (k, k), s, p, d)
    g = rng.normal(size=y.shape)
    transposed = conv_transpose2d(
        g[None], w[None, None], stride=s, padding=p, dilation=d, output_padding=(rows.leftover, cols.leftover)
    )[0]
    np.testing.assert_allclose(A.T @ g.ravel(), transposed.ravel(), atol=1e-12)
    assert (np.count_nonzero(which >= 0, axis=1) <= k * k).all()  # locality: a row touches one window


def test_every_row_repeats_the_same_weights():
    A, which = convolution_matrix((4, 4), np.arange(1.0, 10.0).reshape(3, 3))
    assert A.shape == (4, 16) and sorted(set(which[which >= 0].tolist())) == list(range(9))
    assert all(sorted(row[row != 0].tolist()) == list(range(1, 10)) for row in A)


def test_convolution_is_shift_equivariant_away_from_the_borders():
    x, w = np.zeros((9, 9)), np.ones((1, 1, 3, 3))
    x[3, 3] = 1.0
    moved = conv2d(shift(x, 2, 1)[None], w)[0]
    np.testing.assert_array_equal(moved, shift(conv2d(x[None], w)[0], 2, 1))
