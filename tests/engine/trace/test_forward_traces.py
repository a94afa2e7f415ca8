"""Traces hold every step, in row-major order, and their values equal the fast operations."""

import numpy as np
import pytest
from hypothesis import given

from engine import avg_pool2d, conv2d, conv_transpose2d, max_pool2d, min_pool2d
from engine.trace.conv import trace_conv2d
from engine.trace.pool import trace_pool2d
from engine.trace.transpose import trace_conv_transpose2d
from tests.engine.strategies import any_pool_case, conv_cases, transpose_cases

POOLS = {"max": max_pool2d, "min": min_pool2d, "avg": avg_pool2d}


def test_conv_trace_step_holds_the_textbook_arithmetic():
    x = np.arange(1.0, 10.0).reshape(1, 3, 3)
    trace = trace_conv2d(x, np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), bias=np.array([0.5]), padding=1)
    assert len(trace) == 16  # 4x4 output, one step per cell
    step = trace.step(5)  # row-major: output (0, 1, 1) reads input rows 0-1, cols 0-1
    assert step.index == (0, 1, 1)
    np.testing.assert_array_equal(step.taps[..., 0], [[1, 1], [2, 2]])
    np.testing.assert_array_equal(step.products, [[[1, 4], [12, 20]]])
    assert (step.partial_sums[0], step.bias, step.value) == (37.0, 0.5, 37.5)
    step = trace.step(0)  # output (0, 0, 0) reads three padding cells and x[0, 0]
    np.testing.assert_array_equal(step.tap_is_padding, [[True, True], [True, False]])
    assert step.value == 4.0 + 0.5


def test_trace_arrays_are_read_only():
    trace = trace_conv2d(np.ones((1, 3, 3)), np.ones((1, 1, 2, 2)))
    with pytest.raises(ValueError, match="read-only"):
        trace.values[0] = 1.0


def test_conv_trace_records_which_cell_each_padding_cell_copies():
    trace = trace_conv2d(np.ones((1, 3, 4)), np.ones((1, 1, 3, 3)), padding=(1, 2), padding_mode="reflect")
    np.testing.assert_array_equal(trace.source_rows, [1, 0, 1, 2, 1])
    np.testing.assert_array_equal(trace.source_cols, [2, 1, 0, 1, 2, 3, 2, 1])
    zeros = trace_conv2d(np.ones((1, 3, 4)), np.ones((1, 1, 3, 3)), padding=1)
    np.testing.assert_array_equal(zeros.source_rows, [-1, 0, 1, 2, -1])


@given(conv_cases())
def test_conv_trace_values_equal_conv2d(case):
    x, weight, bias, kwargs = case
    trace = trace_conv2d(x[0], weight, bias, **kwargs)
    np.testing.assert_allclose(trace.output, conv2d(x[0], weight, bias, **kwargs), atol=1e-9)
    # each step's products are its inputs times the kernel, and its taps read the padded input
    s = len(trace) // 2
    channels = trace.channels[s][:, None, None]
    rows, cols = trace.taps[s][..., 0], trace.taps[s][..., 1]
    np.testing.assert_array_equal(trace.inputs[s], trace.padded_input[channels, rows, cols])


@given(any_pool_case())
def test_pool_trace_values_equal_the_pools_and_winners_hold_the_value(case):
    x, kwargs = case
    for kind in ("max", "min"):
        trace = trace_pool2d(x[0], kind, **kwargs)
        np.testing.assert_array_equal(trace.output, POOLS[kind](x[0], **kwargs))
        rows, cols = trace.winner_coords().T
        channels = trace.out_index[:, 0]
        np.testing.assert_array_equal(trace.padded_input[channels, rows, cols], trace.values)
        assert not trace.tap_is_padding[
            np.arange(len(trace)), *np.divmod(trace.winner, trace.cols.kernel)
        ].any()


@given(any_pool_case(dilated=False))
def test_avg_trace_divides_the_window_sum_by_its_count(case):
    x, kwargs = case
    trace = trace_pool2d(x[0], "avg", count_include_pad=False, **kwargs)
    np.testing.assert_allclose(trace.output, avg_pool2d(x[0], count_include_pad=False, **kwargs))
    real_cells = (~trace.tap_is_padding).sum(axis=(-2, -1))
    np.testing.assert_array_equal(trace.divisors, real_cells)


@given(transpose_cases())
def test_transpose_trace_stamps_sum_to_conv_transpose2d(case):
    x, weight, bias, kwargs = case
    trace = trace_conv_transpose2d(x[0], weight, bias, **kwargs)
    np.testing.assert_allclose(trace.output, conv_transpose2d(x[0], weight, bias, **kwargs), atol=1e-9)
    assert len(trace) == x[0].size


def test_traces_follow_one_sample():
    with pytest.raises(ValueError, match=r"a trace follows one sample: input must be \(C, H, W\)"):
        trace_conv2d(np.ones((2, 1, 3, 3)), np.ones((1, 1, 2, 2)))
