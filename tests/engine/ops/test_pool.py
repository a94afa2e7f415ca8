"""Pooling: hand-worked values, PyTorch's edge rules, and the fast paths equal their loop twins."""

import numpy as np
from hypothesis import given

from engine import avg_pool2d, avg_pool2d_loop, max_pool2d, max_pool2d_loop, min_pool2d, min_pool2d_loop
from tests.engine.strategies import any_pool_case

# CS231n's (seed 003) max pooling example: 2x2 filters, stride 2
X4 = np.array([[[1.0, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]])


def test_max_pooling_keeps_the_largest_of_each_window():
    np.testing.assert_array_equal(max_pool2d(X4, 2), [[[6, 8], [3, 4]]])


def test_min_and_average_pooling_by_hand():
    np.testing.assert_array_equal(min_pool2d(X4, 2), [[[1, 2], [1, 0]]])
    np.testing.assert_array_equal(avg_pool2d(X4, 2), [[[13 / 4, 21 / 4], [8 / 4, 8 / 4]]])


def test_max_pool_pads_with_minus_infinity():
    negative = -np.ones((1, 2, 2))
    # zero padding would make every window's max 0; −∞ padding keeps the input's −1
    np.testing.assert_array_equal(max_pool2d(negative, 2, stride=1, padding=1), -np.ones((1, 3, 3)))


def test_max_pool_ties_go_to_the_first_cell_in_row_major_order():
    x = np.array([[[0.0, 7.0], [7.0, 7.0]]])
    _, indices = max_pool2d(x, 2, return_indices=True)
    assert indices.item() == 1  # (0, 1), the first 7 reading row by row
    _, indices = min_pool2d(np.array([[[3.0, 0.0], [0.0, 0.0]]]), 2, return_indices=True)
    assert indices.item() == 1


def test_average_divisor_counts_padding_only_when_asked():
    ones = np.ones((1, 2, 2))
    # the top-left 2x2 window at padding 1 holds one input cell and three padding cells
    assert avg_pool2d(ones, 2, stride=1, padding=1)[0, 0, 0] == 1 / 4
    assert avg_pool2d(ones, 2, stride=1, padding=1, count_include_pad=False)[0, 0, 0] == 1.0


def test_ceil_mode_overhang_is_never_counted():
    ones = np.ones((1, 1, 5))
    # kernel 2 stride 2 on 5 cells in ceil mode: windows [0,1], [2,3], [4,(5)]; the last one is a
    # mean over its single real cell even with count_include_pad, as in PyTorch
    np.testing.assert_array_equal(avg_pool2d(ones, (1, 2), ceil_mode=True), [[[1.0, 1.0, 1.0]]])
    np.testing.assert_array_equal(
        max_pool2d(np.arange(5.0).reshape(1, 1, 5), (1, 2), ceil_mode=True), [[[1, 3, 4]]]
    )


def test_overlapping_pooling_as_in_alexnet():
    x = np.arange(25.0).reshape(1, 5, 5)
    # 3x3 windows at stride 2 share their border row and column
    np.testing.assert_array_equal(max_pool2d(x, 3, stride=2), [[[12, 14], [22, 24]]])


@given(any_pool_case())
def test_max_and_min_pool_equal_their_loop_twins_indices_included(case):
    x, kwargs = case
    for fast, loop in [(max_pool2d, max_pool2d_loop), (min_pool2d, min_pool2d_loop)]:
        values, indices = fast(x, return_indices=True, **kwargs)
        loop_values, loop_indices = loop(x, return_indices=True, **kwargs)
        np.testing.assert_array_equal(values, loop_values)
        np.testing.assert_array_equal(indices, loop_indices)


@given(any_pool_case(dilated=False), any_pool_case(dilated=False))
def test_avg_pool_equals_its_loop_twin(case, other):
    for (x, kwargs), count_include_pad in [(case, True), (other, False)]:
        np.testing.assert_allclose(
            avg_pool2d(x, count_include_pad=count_include_pad, **kwargs),
            avg_pool2d_loop(x, count_include_pad=count_include_pad, **kwargs),
            atol=1e-12,
        )


def test_ceil_mode_pools_the_part_of_a_window_longer_than_the_input():
    # issue 14's case, from PyTorch: F.max_pool2d(torch.arange(6.).reshape(1, 1, 6), (2, 4), 3,
    # ceil_mode=True) is [[[3., 5.]]]: windows of 2 rows on a 1-row input, columns 0..3 and 3..(6)
    x = np.arange(6.0).reshape(1, 1, 6)
    np.testing.assert_array_equal(max_pool2d(x, (2, 4), 3, ceil_mode=True), [[[3.0, 5.0]]])
    np.testing.assert_array_equal(min_pool2d(x, (2, 4), 3, ceil_mode=True), [[[0.0, 3.0]]])


def test_average_of_a_window_longer_than_the_input_divides_by_the_cells_that_exist():
    x = np.arange(6.0).reshape(1, 1, 6)
    # PyTorch's CPU kernel clips the count to input + padding: 1 row x 4 cols, then 1 x 3 (3, 4, 5)
    np.testing.assert_array_equal(avg_pool2d(x, (2, 4), 3, ceil_mode=True), [[[6 / 4, 12 / 3]]])
    # padding 1 on a 1-row input: a 4-row window spans rows −1..2; the count takes rows −1, 0, 1
    # (padding, input, padding) but not the overhang row 2; columns −1..1 then 2..3 (2 is input)
    ones = np.ones((1, 1, 3))
    np.testing.assert_array_equal(
        avg_pool2d(ones, (4, 3), 3, padding=1, ceil_mode=True), [[[2 / (3 * 3), 1 / (3 * 2)]]]
    )
    np.testing.assert_array_equal(
        avg_pool2d(ones, (4, 3), 3, padding=1, ceil_mode=True, count_include_pad=False), [[[1.0, 1.0]]]
    )
