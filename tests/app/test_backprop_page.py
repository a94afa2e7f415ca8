"""The Backpropagation page: the seeds' correlations with real numbers, and the numerical check."""

import numpy as np
import pytest

from engine import conv2d_backward, pad
from practice.generate import exercise_set
from settings.presets import input_preset, kernel_preset
from tests.app.conftest import SCRIPTS, blocks, grid_titles, run_with_link
from tests.app.surface import panel, sent

CASE = {
    "h": "5",
    "w": "5",
    "sh": "2",
    "sw": "2",
    "padding": "custom",
    "pt": "1",
    "pb": "1",
    "pl": "1",
    "pr": "1",
}


def codes(at):
    return blocks(at)


def test_the_issue_case_5x5_kernel_3x3_stride_2_padding_1(open_page):
    at = open_page("backprop", **CASE, wstep="4", xstep="24")
    assert not at.exception and not at.error
    x = input_preset("random integers", (5, 5), np.random.default_rng(0))
    w = kernel_preset("Sobel x")
    _, grad_weight, _ = conv2d_backward(
        pad(x[None], (1, 1, 1, 1)), w[None, None], np.ones((1, 3, 3)), stride=2
    )
    weight_text, input_text = codes(at)[0], codes(at)[1]
    assert weight_text.startswith("dL/dW[1, 1] = ") and weight_text.endswith(
        f"= {int(grad_weight[0, 0, 1, 1])}"
    )
    assert input_text.startswith("dL/dX̃[3, 3] = ")


def test_check_it_yourself_agrees_with_backpropagation(open_page):
    for target in ("weight", "input cell"):
        at = open_page(
            "backprop",
            **CASE,
            tab="Check it yourself",
            check=target,
            ci="1",
            cj="2",
            upstream="loss",
            target="2",
        )
        check = next(text for text in codes(at) if "central difference" in text)
        difference = float(check.splitlines()[-1].split("= ")[1])
        assert difference < 1e-6, check


def test_bias_gradient_is_the_sum_of_the_upstream_gradient(open_page):
    at = open_page("backprop", **CASE)
    assert any(text.startswith("dL/db = Σ dL/dY = 1 + 1 + ") and text.endswith("= 9") for text in codes(at))


def test_one_hot_upstream_outside_the_output_is_refused(open_page):
    at = open_page("backprop", upstream="one-hot", hotr="9")
    assert any("cell (9, 0) is outside the 5x5 output" in e.value.lower() for e in at.error)


def test_pooling_backward_routes_to_the_winner(open_page):
    at = open_page("backprop", tab="Pooling")
    assert any(text.startswith("dL/dY[0, 0] = 1:\nall of it goes to the max") for text in codes(at))


def test_each_page_keeps_its_own_open_tab_though_their_links_share_the_key(open_in_app):
    at = open_in_app("backprop", tab="Pooling")
    at.switch_page(SCRIPTS["transposed"]).run()
    at.session_state["tab"] = "Checkerboards"  # the student opens another tab there
    at.run()
    at.switch_page(SCRIPTS["backprop"]).run()
    assert any(text.startswith("dL/dY[0, 0] = 1:\nall of it goes to the max") for text in codes(at))
    at.switch_page(SCRIPTS["transposed"]).run()
    assert at.session_state["tab"] == "Checkerboards"


def test_a_practice_gradient_opens_its_animation_at_the_cell_whatever_tab_was_left_open(open_in_app):
    gradient = next(e for e in exercise_set(1, 40) if e.kind == "One gradient value")
    assert gradient.params["tab"] == "Convolution"
    at = open_in_app("backprop", tab="Pooling")
    at.switch_page(SCRIPTS["practice"]).run()
    at.switch_page(SCRIPTS["backprop"])
    at = run_with_link(at, gradient.params)  # "Open this on the Backpropagation page"
    step_key = next(key for key in gradient.params if key.endswith("step"))
    assert at.session_state["tab"] == "Convolution"
    assert at.number_input(key=step_key).value == int(gradient.params[step_key])


@pytest.mark.parametrize(("kind", "word"), [("an input cell", "dL/dX̃"), ("a weight", "dL/dW")])
def test_fan_out_names_the_gradient_it_explains(open_page, kind, word):
    at = open_page("backprop", tab="Fan-out", fan=kind)
    assert any(f"so {word}[2, 2] = dL/dY[" in md.value for md in at.markdown)


def test_skip_connection_keeps_the_derivative_above_one(open_page):
    at = open_page("backprop", tab="Deep stacks and skip connections", depth="20", theta="1.0")
    caption = next(c.value for c in at.caption if "dC_res/dθ" in c.value)
    assert float(caption.split("dC_res/dθ = ")[1]) > 1


def test_the_backward_correlations_are_surfaces_named_without_padding_when_there_is_none(open_page):
    at = open_page("backprop")  # default: no padding, stride 1
    weight, grad_input = sent(at, 0)["payload"], sent(at, 1)["payload"]
    assert weight["steps"]["label"] == "dL/dW[{r}, {c}]" and weight["steps"]["shape"] == [1, 3, 3]
    assert grad_input["steps"]["label"] == "dL/dX[{r}, {c}]"
    assert weight["steps"]["bias"] == grad_input["steps"]["bias"] == []  # no "+ bias" in a gradient
    titles = [title for p in weight["panels"] + grad_input["panels"] for title in p["titles"]]
    assert not any("padded input" in title or "(padded)" in title for title in titles), titles
    assert panel(grad_input, "output")["titles"] == ["dL/dX"]


def test_with_padding_the_input_gradient_is_named_for_the_padded_frame(open_page):
    at = open_page("backprop", padding="custom", pt="1", pb="1", pl="1", pr="1")
    assert sent(at, 1)["payload"]["steps"]["label"] == "dL/dX̃[{r}, {c}]"
    assert any(text.startswith("dL/dX̃[0, 0] = ") for text in codes(at))


def test_only_the_open_tab_is_built_and_the_link_names_it(open_page):
    first = open_page("backprop")
    assert len(first.get("bidi_component")) == 2  # dL/dW and dL/dX; not pooling's animation
    assert not any("dC_res/dθ" in c.value for c in first.caption)
    assert grid_titles(first) == ["Output Y", "dL/dY"] and not first.get("plotly_chart")  # SVG, no Plotly
    pooling = open_page("backprop", tab="Pooling")
    assert len(pooling.get("bidi_component")) == 1
    assert not any(text.startswith("dL/db") for text in codes(pooling))
    assert pooling.query_params["tab"] == "Pooling"
    assert [h.value for h in pooling.sidebar.subheader] == ["Input", "Loss"]  # what pooling reads
    skip = open_page("backprop", tab="Deep stacks and skip connections")
    assert not skip.sidebar.subheader and not skip.sidebar.number_input and not skip.get("bidi_component")
