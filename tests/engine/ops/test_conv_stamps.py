"""The stride-1 grad_input by whole rows (stamp_rows) equals col2im of the im2col products, with
groups, dilation and frames wider than the output; and blocks of samples change nothing."""

import numpy as np
import pytest

from engine.ops import conv
from engine.windows import add_windows

CASES = [  # N, groups, C_in/G, C_out/G, (kH, kW), (dH, dW), (H_out, W_out)
    (3, 1, 1, 6, (5, 5), (1, 1), (6, 6)),
    (2, 1, 6, 16, (5, 5), (1, 1), (5, 5)),
    (2, 3, 2, 2, (3, 2), (2, 1), (4, 5)),
    (1, 2, 1, 3, (2, 3), (1, 2), (5, 4)),
]


def col2im(grad, weight, groups, frame_size, dilation):
    N, C_out, H_out, W_out = grad.shape
    _, C_group, kH, kW = weight.shape
    filters = weight.reshape(groups, C_out // groups, C_group * kH * kW).transpose(0, 2, 1)
    columns = np.matmul(filters, grad.reshape(N, groups, C_out // groups, H_out * W_out))
    columns = columns.reshape(N, groups * C_group, kH, kW, H_out, W_out)
    return add_windows(columns, frame_size, (1, 1), dilation)


@pytest.mark.parametrize(("N", "G", "C_group", "K_group", "kernel", "dilation", "out"), CASES)
@pytest.mark.parametrize("block_bytes", [1 << 20, 1])  # one block, or one sample per block
def test_stamp_rows_equals_col2im(monkeypatch, N, G, C_group, K_group, kernel, dilation, out, block_bytes):
    monkeypatch.setattr(conv, "BLOCK_BYTES", block_bytes)
    rng = np.random.default_rng(0)
    grad = rng.normal(size=(N, G * K_group, *out))
    weight = rng.normal(size=(G * K_group, C_group, *kernel))
    frame = tuple(o + d * (k - 1) for o, d, k in zip(out, dilation, kernel))
    ours = conv.stamp_rows(grad, weight, G, frame, dilation)
    np.testing.assert_allclose(ours, col2im(grad, weight, G, frame, dilation), atol=1e-12)
