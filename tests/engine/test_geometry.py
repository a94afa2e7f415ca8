"""Output sizes and tiling: the seeds' worked cases (DESIGN section 8) and PyTorch's edge rules."""

import numpy as np
import pytest

from engine import conv2d, conv_geometry, conv_transpose_output_size, pool_geometry
from engine.geometry import conv_axis, same_padding
from engine.pool_geometry import pool_axis


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "expected"),
    [
        (7, 3, 1, 0, 5),  # seed 003: 7x7 input, 3x3 filter, stride 1
        (7, 3, 2, 0, 3),  # ... stride 2
        (7, 3, 3, 1, 3),  # seed 003: 7x7 padded by 1, stride 3
        (7, 5, 1, 2, 7),  # 5x5 with padding 2 keeps 7x7
        (227, 11, 4, 0, 55),  # AlexNet conv1
        (5, 3, 1, 1, 5),  # seed 003's 1-D example, W5 F3 P1 S1
        (5, 3, 2, 1, 3),  # ... S2
    ],
)
def test_convolution_output_size_matches_the_seeds(size, kernel, stride, padding, expected):
    rows, cols = conv_geometry((size, size), (kernel, kernel), stride, padding)
    assert (rows.out, cols.out) == (expected, expected)
    assert rows.leftover == 0


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "out", "leftover"),
    [
        (64, 5, 2, 1, 31, 1),  # seed 000, review question 2: (64 + 2 − 5)/2 + 1 = 31.5 -> 31x31
        (224, 11, 4, 0, 54, 1),  # (224 − 11)/4 + 1 = 54.25: the last input column is never read
        (5, 3, 3, 1, 2, 1),  # seed 003: W5 F3 P1 S3 does not tile, (5 − 3 + 2)/3 + 1 = 2.33
        (10, 3, 2, 0, 4, 1),  # seed 003: W10 F3 P0 S2, (10 − 3)/2 + 1 = 4.5
    ],
)
def test_settings_that_do_not_tile_report_the_cells_no_window_reads(
    size, kernel, stride, padding, out, leftover
):
    axis = conv_axis(size, kernel, stride, 1, padding, padding, "wide")
    assert (axis.out, axis.leftover) == (out, leftover)
    assert axis.unvisited()[-leftover:] == tuple(range(axis.padded - leftover, axis.padded))


def test_dilation_leaves_holes_that_no_window_reads():
    # kernel 2 with dilation 3, stride 3 on 7 cells: taps 0,3 then 3,6; cells 1, 2, 4, 5 are never read
    axis = conv_axis(7, 2, 3, 3, 0, 0, "wide")
    assert axis.out == 2
    assert axis.unvisited() == (1, 2, 4, 5)


def test_dilated_kernel_output_size_uses_the_span():
    # seed 000: d_out = ⌊(d_in + 2p − k − (k − 1)(d − 1)) / s⌋ + 1 = ⌊(7 + 2 − 3 − 2)/2⌋ + 1 = 3
    rows, _ = conv_geometry((7, 7), (3, 3), stride=2, padding=1, dilation=2)
    assert (rows.span, rows.out) == (5, 3)


def test_seed_001_volume_example_is_14_by_14_not_16():
    # seed 001 says a 5x5x3 filter over 32x32x3, no padding, stride 2 gives 16x16x3; it is 14x14 per filter
    out = conv2d(np.zeros((3, 32, 32)), np.zeros((7, 3, 5, 5)), stride=2)
    assert out.shape == (7, 14, 14)


def test_four_5x5_filters_on_32x32x3_give_4_maps_of_28x28():
    assert conv2d(np.zeros((3, 32, 32)), np.zeros((4, 3, 5, 5))).shape == (4, 28, 28)


@pytest.mark.parametrize(
    ("kernel", "dilation", "split"),
    [(3, 1, (1, 1)), (4, 1, (1, 2)), (2, 3, (1, 2)), (4, 2, (3, 3)), (1, 5, (0, 0))],
)
def test_same_padding_puts_the_odd_cell_after_as_pytorch(kernel, dilation, split):
    assert same_padding(kernel, dilation) == split


def test_same_padding_with_stride_is_refused():
    with pytest.raises(ValueError, match=r'padding="same".*stride \(2, 2\)'):
        conv_geometry((8, 8), (3, 3), stride=2, padding="same")


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "expected"),
    [
        (5, 2, 2, 0, 3),  # ⌈(5 − 2)/2⌉ + 1 = 3: the last window hangs over the edge
        (6, 2, 2, 0, 3),  # tiles exactly: no extra window
        (5, 3, 2, 1, 3),  # ⌈(5 + 2 − 3)/2⌉ + 1 = 3, and the third window starts at 4 < 5 + 1: kept
        (4, 2, 2, 1, 3),  # ⌈(4 + 2 − 2)/2⌉ + 1 = 3, and the third window starts at 4 < 4 + 1: kept
        (2, 3, 3, 1, 1),  # ⌈(2 + 2 − 3)/3⌉ + 1 = 2, but window 2 starts at 3 ≥ 2 + 1: dropped
    ],
)
def test_ceil_mode_rounds_up_but_drops_a_window_starting_in_the_padding(
    size, kernel, stride, padding, expected
):
    assert pool_axis(size, kernel, stride, padding, 1, True, "wide").out == expected


def test_pooling_stride_defaults_to_the_kernel():
    rows, cols = pool_geometry((6, 9), (2, 3))
    assert (rows.stride, cols.stride, rows.out, cols.out) == (2, 3, 3, 3)


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "output_padding", "dilation", "expected"),
    [
        (3, 3, 2, 1, 1, 1, 6),  # doubles the size: (3 − 1)·2 − 2 + 2 + 1 + 1
        (2, 2, 2, 0, 0, 1, 4),
        (4, 3, 1, 0, 0, 2, 8),  # (4 − 1) + 2·2 + 1
    ],
)
def test_transposed_output_size(size, kernel, stride, padding, output_padding, dilation, expected):
    assert conv_transpose_output_size((size, size), kernel, stride, padding, output_padding, dilation) == (
        expected,
        expected,
    )


def test_a_window_longer_than_the_input_needs_ceil_mode_and_room_for_one_window():
    rows, cols = pool_geometry((1, 6), (2, 4), 3, ceil_mode=True)
    assert (rows.out, rows.overhang, cols.out, cols.overhang) == (1, 1, 2, 1)
    with pytest.raises(ValueError, match="kernel 2 spans 2 cells, but the input is only 1 high"):
        pool_geometry((1, 6), (2, 4), 3)
    # PyTorch: ⌊(1 − 5 + 0) / 1⌋ + 1 = −3 windows, "Output size is too small"
    with pytest.raises(ValueError, match=r"even in ceil mode no window fits \(⌈\(1 − 5\) / 1⌉ \+ 1 = −3\)"):
        pool_geometry((1, 6), (5, 1), 1, ceil_mode=True)
