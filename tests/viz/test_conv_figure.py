"""The animated convolution figure: valid Plotly, one frame per step, frames carry only what moves."""

import numpy as np
import plotly.graph_objects as go
import pytest

from engine.trace.conv import trace_pad_conv2d
from viz.conv_figure import conv_animation
from viz.spec import SpecFigure, with_initial_step
from viz.theme import CLASSROOM, SCREEN


@pytest.fixture(scope="module")
def spec():
    x = np.arange(49.0).reshape(1, 7, 7)
    w = np.array([[[[1.0, 0.0, -1.0]] * 3]])
    return conv_animation(trace_pad_conv2d(x, w, np.array([0.5]), (1, 1, 1, 1), "zeros", 2, 2), SCREEN)


def test_spec_is_valid_plotly(spec):
    go.Figure(spec)  # raises on any attribute Plotly does not know
    go.Figure(with_initial_step(spec, 5))


def test_one_frame_per_output_cell_named_by_step(spec):
    assert [f["name"] for f in spec["frames"]] == [str(s) for s in range(9)]  # 3x3 output
    assert len(spec["layout"]["sliders"][0]["steps"]) == 9


def test_frames_carry_only_the_moving_traces(spec):
    moving = spec["frames"][0]["traces"]
    assert len(moving) == 3  # window, pending cover, arithmetic
    assert all(spec["data"][i]["type"] == "scatter" for i in moving)
    for frame in spec["frames"]:
        assert frame["traces"] == moving
        assert all("z" not in trace for trace in frame["data"])  # never a heatmap grid per frame


def test_window_highlight_follows_the_dilated_taps(spec):
    # step 4 is output (1, 1): stride 2, dilation 2 reads padded rows/cols 2, 4, 6
    highlight = spec["frames"][4]["data"][0]
    np.testing.assert_array_equal(highlight["x"][:9], [2, 4, 6] * 3)
    np.testing.assert_array_equal(highlight["y"][:9], [2, 2, 2, 4, 4, 4, 6, 6, 6])


def test_arithmetic_text_shows_the_products_of_the_step(spec):
    text = spec["frames"][4]["data"][2]["text"][0]
    # padded (2,2) = x[1,1] = 8, (2,6) = x[1,5] = 12 ...: 8·1 + 10·0 + 12·(−1) = −4 per row, three rows, + 0.5
    assert text.startswith("out[1, 1] = 8·1 + 10·0 + 12·(-1)<br>")
    assert text.endswith("+ bias 0.5 = -11.5")


def test_row_zero_is_on_top_and_ranges_are_fixed(spec):
    y_range = spec["layout"]["yaxis"]["range"]
    assert y_range[0] > y_range[1]  # reversed: row 0 at the top
    assert spec["layout"]["yaxis"]["scaleanchor"] == "x"  # square cells
    assert spec["layout"]["xaxis"]["fixedrange"] and spec["layout"]["yaxis"]["fixedrange"]


def test_initial_step_variant_shares_frames_and_moves_the_slider(spec):
    variant = with_initial_step(spec, 5)
    assert variant["frames"] is spec["frames"]
    assert variant["layout"]["sliders"][0]["active"] == 5
    moving = spec["frames"][5]["traces"]
    assert variant["data"][moving[2]]["text"] == spec["frames"][5]["data"][2]["text"]
    assert spec["layout"]["sliders"][0]["active"] == 0  # the cached original is untouched


def test_spec_figure_hands_streamlit_the_prebuilt_spec(spec):
    assert SpecFigure(spec).to_dict() is spec


def test_classroom_mode_uses_larger_text():
    x, w = np.ones((1, 3, 3)), np.ones((1, 1, 2, 2))
    trace = trace_pad_conv2d(x, w)
    small, large = conv_animation(trace, SCREEN), conv_animation(trace, CLASSROOM)
    assert large["layout"]["font"]["size"] > small["layout"]["font"]["size"]
    assert large["layout"]["width"] > small["layout"]["width"]
