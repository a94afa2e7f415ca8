"""Impossible settings raise ValueError that explain themselves with the caller's numbers."""

import numpy as np
import pytest

from engine import avg_pool2d, conv2d, conv_transpose2d, max_pool2d, pad


def x(*shape):
    return np.ones(shape)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: conv2d(x(1, 5, 5), x(1, 1, 5, 5), padding=1, dilation=2),
            "kernel 5 with dilation 2 spans 9 cells, but the padded input is only 7 high",
        ),
        (lambda: conv2d(x(1, 5, 4), x(1, 1, 5, 5)), "kernel 5 spans 5 cells, but the input is only 4 wide"),
        (
            lambda: conv2d(x(1, 3, 3), x(1, 1, 3, 3), padding=3, padding_mode="reflect"),
            "reflect padding of 3 .* input more than 3 cells high, but the input is only 3 high",
        ),
        (
            lambda: conv2d(x(1, 3, 3), x(1, 1, 3, 3), padding=4, padding_mode="circular"),
            "circular padding of 4 would wrap around more than once: the input is only 3 high",
        ),
        (lambda: conv2d(x(1, 8, 8), x(1, 1, 3, 3), stride=2, padding="same"), "stride"),
        (
            lambda: conv2d(x(3, 8, 8), x(4, 1, 3, 3), groups=2),
            "3 input channels cannot be split into 2 groups",
        ),
        (lambda: conv2d(x(4, 8, 8), x(3, 2, 3, 3), groups=2), "3 filters cannot be split into 2 groups"),
        (
            lambda: conv2d(x(3, 8, 8), x(4, 2, 3, 3)),
            r"reads 2 channels per group × 1 groups = 2, but the input has 3",
        ),
        (
            lambda: conv2d(x(8, 8), x(1, 1, 3, 3)),
            r"input must be \(C, H, W\) or \(N, C, H, W\), got 2 dimensions",
        ),
        (lambda: conv2d(x(1, 8, 8), x(1, 1, 3, 3), bias=x(2)), r"one value per output channel \(1,\)"),
        (lambda: conv2d(x(1, 8, 8), x(1, 1, 3, 3), stride=0), "stride must be at least 1, got 0"),
        (lambda: conv2d(x(1, 8, 8), x(1, 1, 3, 3), padding=-1), "padding must be 0 or more, got -1"),
        (lambda: conv2d(x(1, 8, 8), x(1, 1, 3, 3), padding="full"), "padding must be an int"),
        (lambda: conv2d(x(1, 8, 8), x(1, 1, 3, 3), padding_mode="mirror"), "padding_mode must be one of"),
        (lambda: conv2d(np.full((1, 3, 3), np.nan), x(1, 1, 3, 3)), "input holds 9 NaN or infinite values"),
        (lambda: conv2d(x(1, 0, 3), x(1, 1, 3, 3)), "input must not be empty"),
        (
            lambda: max_pool2d(x(1, 8, 8), 3, padding=2),
            "at most half the kernel, got padding 2 with kernel 3",
        ),
        (lambda: max_pool2d(x(1, 2, 2), 3), "kernel 3 spans 3 cells, but the input is only 2 high"),
        (
            lambda: max_pool2d(x(1, 1, 1), (1, 2), padding=(0, 1), dilation=(1, 2)),
            "pooling window 0 reads only padding: with dilation 2 its taps fall on padded columns 0, 2, "
            "but the input occupies columns 1 to 1",
        ),
        (lambda: avg_pool2d(x(1, 4, 4), 0), "kernel_size must be at least 1, got 0"),
        (
            lambda: conv_transpose2d(x(1, 3, 3), x(1, 1, 3, 3), stride=2, output_padding=2),
            "output_padding must be smaller than the stride or the dilation, got output_padding 2",
        ),
        (lambda: conv_transpose2d(x(1, 1, 1), x(1, 1, 1, 1), padding=1), "padding 1 crops 2 cells"),
        (lambda: pad(x(1, 3, 3), (3, 3), mode="reflect"), "reflect padding of 3"),
        (lambda: pad(x(1, 3, 3), (1, 2, 3)), "pad must be a tuple of even length"),
        (lambda: pad(x(1, 3, 3), (1, 1), mode="wrap"), "mode must be one of"),
    ],
)
def test_impossible_settings_explain_themselves(call, message):
    with pytest.raises(ValueError, match=message):
        call()
