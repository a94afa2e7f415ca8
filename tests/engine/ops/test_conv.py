"""conv2d and conv_transpose2d: hand-worked values, and the fast paths equal their loop twins."""

import numpy as np
from hypothesis import assume, given

from engine import conv2d, conv2d_backward, conv2d_loop, conv_transpose2d, conv_transpose2d_loop
from engine.ops.conv_transpose import (
    conv_transpose_geometry,
    equivalent_correlation_input,
    flip_transpose_weight,
)
from tests.engine.strategies import conv_cases, transpose_cases

X3 = np.arange(1.0, 10.0).reshape(1, 3, 3)  # [[1 2 3] [4 5 6] [7 8 9]]


def test_conv2d_is_a_cross_correlation_worked_by_hand():
    kernel = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    # top-left: 1·1 + 2·2 + 4·3 + 5·4 = 37, then 47, 67, 77; no kernel flip
    np.testing.assert_array_equal(conv2d(X3, kernel), [[[37, 47], [67, 77]]])


def test_bias_is_added_to_every_output_cell():
    kernel = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    np.testing.assert_array_equal(conv2d(X3, kernel, bias=np.array([10.0])), np.full((1, 2, 2), 6.0))


def test_zero_padding_stride_and_dilation_by_hand():
    # padded by 1, the 3x3 all-ones kernel with dilation 2 reads the corners of the 5x5 frame at
    # stride 2: output (0,0) reads padded (0,0),(0,2),(0,4),(2,0),(2,2),(2,4),(4,*) = 0+0+0+0+5+0+0+0+0
    out = conv2d(X3, np.ones((1, 1, 3, 3)), padding=1, dilation=2, stride=2)
    np.testing.assert_array_equal(out, [[[5.0]]])


def test_reflect_replicate_and_circular_padding_change_the_border_values():
    kernel = np.ones((1, 1, 3, 3))
    # top-left window of the padded 5x5 frame:
    # reflect   [[5 4 5] [2 1 2] [5 4 5]] -> 33
    # replicate [[1 1 2] [1 1 2] [4 4 5]] -> 21
    # circular  [[9 7 8] [3 1 2] [6 4 5]] -> 45
    for mode, expected in [("zeros", 12.0), ("reflect", 33.0), ("replicate", 21.0), ("circular", 45.0)]:
        assert conv2d(X3, kernel, padding=1, padding_mode=mode)[0, 0, 0] == expected, mode


def test_same_padding_with_an_even_kernel_pads_after():
    # kernel 2: total padding 1, all of it after (right/bottom): out[0,0] = x[0,0] + x[0,1] + x[1,0] + x[1,1]
    out = conv2d(X3, np.ones((1, 1, 2, 2)), padding="same")
    assert out.shape == (1, 3, 3)
    np.testing.assert_array_equal(out[0], [[12, 16, 9], [24, 28, 15], [15, 17, 9]])


def test_groups_keep_channels_apart():
    x = np.stack([np.ones((3, 3)), 10 * np.ones((3, 3))])  # channel 0 all 1, channel 1 all 10
    out = conv2d(x, np.ones((2, 1, 3, 3)), groups=2)  # depthwise: filter k reads channel k only
    np.testing.assert_array_equal(out.ravel(), [9.0, 90.0])


def test_batched_and_unbatched_inputs_agree():
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 3, 6, 5)), rng.normal(size=(4, 3, 3, 2))
    np.testing.assert_allclose(conv2d(x, w)[1], conv2d(x[1], w))


@given(conv_cases())
def test_conv2d_equals_its_loop_twin(case):
    x, weight, bias, kwargs = case
    np.testing.assert_allclose(
        conv2d(x, weight, bias, **kwargs), conv2d_loop(x, weight, bias, **kwargs), atol=1e-9
    )


def test_transposed_convolution_stamps_the_kernel_by_hand():
    # each input cell adds value × kernel at (row·2, col·2); the stamps do not overlap with stride 2
    x = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    kernel = np.array([[[[1.0, 1.0], [1.0, 0.0]]]])
    expected = [[1, 1, 2, 2], [1, 0, 2, 0], [3, 3, 4, 4], [3, 0, 4, 0]]
    np.testing.assert_array_equal(conv_transpose2d(x, kernel, stride=2)[0], expected)


def test_transposed_convolution_overlaps_sum_and_padding_crops():
    x = np.array([[[1.0, 2.0]]])
    kernel = np.array([[[[1.0, 10.0, 100.0]]]])
    # stamps at columns 0 and 1: [1, 10, 100, 0] + [0, 2, 20, 200] = [1, 12, 120, 200]
    np.testing.assert_array_equal(conv_transpose2d(x, kernel)[0], [[1, 12, 120, 200]])
    np.testing.assert_array_equal(conv_transpose2d(x, kernel, padding=(0, 1))[0], [[12, 120]])


@given(transpose_cases())
def test_conv_transpose2d_equals_its_loop_twin(case):
    x, weight, bias, kwargs = case
    np.testing.assert_allclose(
        conv_transpose2d(x, weight, bias, **kwargs),
        conv_transpose2d_loop(x, weight, bias, **kwargs),
        atol=1e-9,
    )


@given(transpose_cases())
def test_transposed_convolution_is_a_correlation_of_the_zero_inserted_input_with_the_rotated_kernel(case):
    x, weight, bias, kwargs = case
    layer = conv_transpose_geometry(
        x.shape[-2:],
        weight.shape[-2:],
        kwargs["stride"],
        kwargs["padding"],
        kwargs["output_padding"],
        kwargs["dilation"],
    )
    spread = equivalent_correlation_input(x, layer)
    rotated = flip_transpose_weight(weight, kwargs["groups"])
    expected = conv2d(spread, rotated, bias, dilation=kwargs["dilation"], groups=kwargs["groups"])
    np.testing.assert_allclose(conv_transpose2d(x, weight, bias, **kwargs), expected, atol=1e-9)


@given(transpose_cases())
def test_transposed_convolution_is_the_gradient_of_the_matching_convolution(case):
    x, weight, _, kwargs = case
    # one matching convolution exists when output_padding < stride (with a larger dilation it may not)
    assume(kwargs["groups"] == 1 and all(op < s for op, s in zip(kwargs["output_padding"], kwargs["stride"])))
    out = conv_transpose2d(x, weight, **kwargs)
    # dL/dX of conv2d(·, w) at an input of out's size, with dL/dY = x: the same numbers
    forward_input = np.zeros((x.shape[0], weight.shape[1], *out.shape[-2:]))
    grad_input, _, _ = conv2d_backward(
        forward_input, weight, x, kwargs["stride"], kwargs["padding"], kwargs["dilation"]
    )
    np.testing.assert_allclose(out, grad_input, atol=1e-9)
