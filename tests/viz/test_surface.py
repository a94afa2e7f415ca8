"""The animation surface's payloads, built from real engine traces."""

import json

import numpy as np
import pytest

from engine.trace.backward import trace_conv2d_backward, trace_pool2d_backward
from engine.trace.conv import trace_conv2d, trace_pad_conv2d
from engine.trace.pool import trace_pool2d
from engine.trace.transpose import trace_conv_transpose2d, trace_equivalent_correlation
from settings.presets import input_preset, kernel_preset
from text.numbers import format_number
from viz.surface import (
    conv_payload,
    grad_input_payload,
    grad_weight_payload,
    pool_backward_payload,
    pool_payload,
    transpose_payload,
)

RNG = np.random.default_rng(7)


def panel(payload, panel_id):
    return next(p for p in payload["panels"] if p["id"] == panel_id)


def window_origins(payload, panel_id):
    """(S, 2) the origin each step's window has on a panel, indexed as the browser does."""
    K, R, C = payload["steps"]["shape"]
    window = panel(payload, panel_id)["window"]
    return np.array(
        [(window["rows"][r], window["cols"][c]) for _ in range(K) for r in range(R) for c in range(C)]
    )


def output_texts(payload):
    out = panel(payload, "output")
    return [text for g in out["grids"] for text in payload["grids"][g]["text"]]


def test_a_10x10_input_at_stride_2_draws_every_cell_and_marks_the_last_row_and_column_unread():
    trace = trace_conv2d(np.arange(100.0).reshape(1, 10, 10), np.ones((1, 1, 3, 3)), stride=2)
    payload = conv_payload(trace)
    drawn = payload["grids"][panel(payload, "input0")["grids"][0]]
    assert (drawn["rows"], drawn["cols"]) == (10, 10) and len(drawn["text"]) == 100
    unread = {divmod(i, 10) for i in drawn["unread"]}
    assert unread == {(9, c) for c in range(10)} | {(r, 9) for r in range(10)}
    assert "row 9" in payload["notice"] and "column 9" in payload["notice"]


def test_conv_values_are_the_engine_output_and_windows_are_the_trace_taps():
    x = RNG.integers(-3, 4, (1, 6, 7)).astype(float)
    trace = trace_conv2d(
        x, RNG.normal(size=(1, 1, 3, 2)), np.array([0.5]), stride=(1, 2), padding=1, dilation=2
    )
    payload = conv_payload(trace)
    assert output_texts(payload) == [format_number(v) for v in trace.output.ravel()]
    np.testing.assert_array_equal(window_origins(payload, "input0"), trace.taps[:, 0, 0])
    window = panel(payload, "input0")["window"]
    assert (window["kh"], window["kw"], window["dh"], window["dw"]) == (3, 2, 2, 2)
    padding = payload["grids"][0]["padding"]
    assert sorted(padding) == np.flatnonzero(trace.is_padding).tolist()


def test_the_default_7x7_pooling_with_kernel_2_draws_all_49_cells_and_the_7th_row_and_column_unread():
    trace = trace_pool2d(RNG.integers(0, 9, (1, 7, 7)).astype(float), "max", 2)
    payload = pool_payload(trace)
    drawn = payload["grids"][0]
    assert len(drawn["text"]) == 49
    assert {divmod(i, 7) for i in drawn["unread"]} == {(6, c) for c in range(7)} | {(r, 6) for r in range(7)}
    assert output_texts(payload) == [format_number(v) for v in trace.output.ravel()]
    assert payload["steps"]["winner"] == trace.winner.tolist()
    np.testing.assert_array_equal(window_origins(payload, "input0"), trace.taps[:, 0, 0])


def test_max_pool_padding_is_drawn_as_minus_infinity_and_marked_padding():
    payload = pool_payload(trace_pool2d(np.ones((1, 4, 4)), "max", 3, stride=1, padding=1))
    drawn = payload["grids"][0]
    assert drawn["text"][0] == "−∞" and 0 in drawn["padding"]
    assert drawn["unread"] == []


def test_avg_pool_sends_each_windows_divisor():
    trace = trace_pool2d(np.ones((1, 5, 5)), "avg", 2, padding=1, count_include_pad=False)
    payload = pool_payload(trace)
    assert payload["steps"]["divisor"] == [format_number(v) for v in trace.divisors]
    assert "winner" not in payload["steps"]


def test_a_volume_has_one_input_and_kernel_panel_per_channel_and_the_partial_sums():
    trace = trace_conv2d(RNG.normal(size=(3, 4, 4)), RNG.normal(size=(2, 3, 3, 3)), np.array([1.0, -1.0]))
    payload = conv_payload(trace)
    ids = [p["id"] for p in payload["panels"]]
    assert ids == ["input0", "input1", "input2", "kernel0", "kernel1", "kernel2", "output"]
    assert [panel(payload, f"input{j}")["page"] for j in range(3)] == [[0, 0], [1, 1], [2, 2]]
    kernel = payload["grids"][panel(payload, "kernel2")["grids"][1]]  # filter 1, channel 2
    assert kernel["text"] == [format_number(v) for v in trace.weight[1, 2].ravel()]
    assert payload["steps"]["partial"][5] == [format_number(v) for v in trace.partial_sums[5]]
    assert output_texts(payload) == [format_number(v) for v in trace.output.ravel()]


def test_depthwise_input_panels_page_to_the_channel_each_filter_reads():
    trace = trace_conv2d(RNG.normal(size=(2, 4, 4)), RNG.normal(size=(4, 1, 3, 3)), groups=2)
    payload = conv_payload(trace)
    assert panel(payload, "input0")["page"] == [0, 0, 1, 1]


def test_transposed_stamps_send_each_stamps_contribution_and_where_it_lands():
    trace = trace_conv_transpose2d(
        RNG.normal(size=(1, 3, 3)), RNG.normal(size=(1, 1, 3, 3)), stride=2, padding=1
    )
    payload = transpose_payload(trace)
    assert payload["steps"]["live"][4][0] == [format_number(v) for v in trace.contributions[4, 0].ravel()]
    np.testing.assert_array_equal(window_origins(payload, "output0"), trace.targets[:, 0, 0])
    full = payload["grids"][panel(payload, "output0")["grids"][0]]
    assert full["text"] == [format_number(v) for v in trace.full[0].ravel()]
    assert full["reveal"][0] == 0 and full["reveal"][-1] == 8  # a cell shows once its last stamp is in
    assert len(full["padding"]) == trace.full[0].size - trace.output[0].size  # the cropped ring
    assert payload["predict"]["size"] == list(trace.output.shape[-2:])


def test_the_backward_correlations_draw_as_convolutions_with_their_own_titles():
    x, w = RNG.normal(size=(2, 5, 5)), RNG.normal(size=(2, 2, 3, 3))
    trace = trace_conv2d_backward(x, w, RNG.normal(size=(2, 3, 3)), stride=2, padding=1)
    weight = grad_weight_payload(trace)
    assert output_texts(weight) == [format_number(v) for v in trace.grad_weight_values.ravel()]
    assert panel(weight, "kernel0")["titles"][0].startswith("dL/dY")
    grad_input = grad_input_payload(trace)
    assert output_texts(grad_input) == [format_number(v) for v in trace.grad_input.output.ravel()]
    assert (
        panel(grad_input, "kernel0")["role"] == "kernel" and panel(grad_input, "output")["role"] == "gradient"
    )


def test_pool_backward_routes_each_upstream_gradient():
    trace = trace_pool2d_backward(RNG.normal(size=(1, 4, 4)), RNG.normal(size=(1, 2, 2)), "max", 2)
    payload = pool_backward_payload(trace)
    assert payload["steps"]["live"][3][0] == [format_number(v) for v in trace.shares[3].ravel()]


def test_equivalent_correlation_marks_inserted_zeros_as_padding():
    trace = trace_equivalent_correlation(np.ones((1, 2, 2)), np.ones((1, 1, 3, 3)), stride=2)
    payload = conv_payload(trace)
    assert sorted(payload["grids"][0]["padding"]) == np.flatnonzero(trace.is_padding).tolist()


@pytest.mark.parametrize("size", [7, 32])
def test_a_32x32_animation_fits_the_100_kb_budget(size):
    x = input_preset("random integers", (size, size), np.random.default_rng(0))[None]
    trace = trace_pad_conv2d(x, kernel_preset("Sobel x")[None, None], np.array([0.0]), (1,) * 4)
    assert len(json.dumps(conv_payload(trace))) <= 100_000  # json.dumps' defaults, as Streamlit sends it
