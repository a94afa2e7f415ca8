"""The Convolution page, as a person uses it: controls, links, bad input, clicks."""

import ast

import pytest

from tests.app.conftest import blocks
from tests.app.surface import browser_reports, grid_of, sent, surfaces


def arithmetic(at):
    return blocks(at)[0]


def formulas(at):
    return blocks(at)[1]


def test_default_page_animates_a_7x7_input_with_sobel_x(open_page):
    at = open_page("convolution")
    assert not at.exception and not at.error
    assert len(surfaces(at)) == 1 and not at.get("plotly_chart")
    payload = sent(at)["payload"]
    assert payload["steps"]["shape"] == [1, 5, 5]
    assert grid_of(payload, "input0")["rows"] == 7
    assert grid_of(payload, "kernel0")["text"][:3] == ["-1", "0", "1"]  # Sobel x's first row
    assert arithmetic(at).startswith("out[0, 0] = ")
    assert formulas(at).splitlines()[0].endswith("= ⌊4 / 1⌋ + 1 = 5")  # 7 − 3 + 1 = 5 rows


def test_kernel_preset_fills_the_values_and_changes_the_output(open_page):
    at = open_page("convolution")
    before = arithmetic(at)
    at.selectbox(key="kpreset").set_value("identity").run()
    assert at.text_area(key="kernel").value == "0 0 0; 0 1 0; 0 0 0"
    assert arithmetic(at) != before and "·1 + " in arithmetic(at)


def test_a_link_reopens_the_same_configuration_and_step(open_page):
    at = open_page(
        "convolution",
        h="7",
        w="7",
        sh="2",
        sw="2",
        padding="custom",
        pt="1",
        pb="1",
        pl="1",
        pr="1",
        dh="2",
        dw="2",
        step="4",
    )
    assert arithmetic(at).startswith("out[1, 1] = ")
    assert "⌊(7 + 1 + 1 − 2·(3 − 1) − 1) / 2⌋ + 1 = ⌊4 / 2⌋ + 1 = 3" in formulas(at)
    assert at.number_input(key="step").value == 4


@pytest.mark.parametrize(
    "params", [{"h": "999"}, {"h": "abc"}, {"mode": "mirror"}, {"step": "-3"}, {"foo": "<script>"}]
)
def test_malformed_link_values_fall_back_to_defaults_with_a_notice(open_page, params):
    at = open_page("convolution", **params)
    assert not at.exception and not at.error
    key, value = next(iter(params.items()))
    assert any(f"{key}={value}" in info.value for info in at.info)
    assert arithmetic(at).startswith("out[0, 0] = ")  # the page still works, with defaults


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"h": "3", "w": "3", "kernel": "1 1 1 1 1; 1 1 1 1 1"},
            "kernel 5 spans 5 cells, but the input is only 3 wide",
        ),
        ({"kernel": "1 2; 3 x"}, "row 2 of the kernel holds 'x', which is not a number"),
        ({"padding": "same", "sh": "2"}, 'padding="same" keeps the size only with stride 1'),
        ({"h": "3", "w": "3", "padding": "custom", "pt": "3", "mode": "reflect"}, "reflect padding of 3"),
        (
            {"h": "4", "w": "4", "dh": "3"},
            "kernel 3 with dilation 3 spans 7 cells, but the input is only 4 high",
        ),
    ],
)
def test_impossible_settings_explain_themselves_and_controls_stay(open_page, params, message):
    at = open_page("convolution", **params)
    assert not at.exception
    assert any(message.lower() in error.value.lower() for error in at.error), [e.value for e in at.error]
    assert at.selectbox(key="kpreset") is not None  # the controls are still there to fix it


def test_a_step_the_surface_reports_moves_the_step_box_and_the_arithmetic(open_page):
    at = browser_reports(open_page("convolution"), step=7)  # a click on out[1, 2], Pause, a key
    assert at.number_input(key="step").value == 7
    assert arithmetic(at).startswith("out[1, 2] = ")
    assert sent(at)["step"] == 7 and at.query_params["step"] == "7"


def test_the_step_box_moves_the_surface(open_page):
    at = open_page("convolution")
    at.number_input(key="step").set_value(12).run()
    assert sent(at)["step"] == 12
    assert arithmetic(at).startswith("out[2, 2] = ")


def test_a_10x10_input_at_stride_2_draws_every_cell_and_marks_the_unread_ones(open_page):
    at = open_page("convolution", h="10", w="10", sh="2", sw="2")
    payload = sent(at)["payload"]
    cells = grid_of(payload, "input0")
    assert (cells["rows"], cells["cols"]) == (10, 10)
    assert cells["unread"] == [r * 10 + 9 for r in range(9)] + list(range(90, 100))  # row 9, column 9
    assert "row 9; column 9" in payload["notice"]


def test_predictions_are_scored_for_the_session(open_page):
    at = open_page("convolution")
    at = browser_reports(at, prediction={"step": 1, "kind": "where", "answer": "0,1", "correct": True})
    at = browser_reports(at, prediction={"step": 2, "kind": "value", "answer": "3", "correct": False})
    assert any("1 of 2 right" in caption.value for caption in at.caption)


def test_classroom_mode_reaches_the_surface(open_in_app):
    at = open_in_app("convolution")
    assert sent(at)["classroom"] is False
    at.toggle(key="classroom").set_value(True).run()
    assert sent(at)["classroom"] is True


def test_typed_values_are_convolved(open_page):
    at = open_page("convolution", src="typed", grid="1 2 3; 4 5 6; 7 8 9", kernel="1 0; 0 -1")
    assert not at.error
    assert arithmetic(at) == "out[0, 0] = 1·1 + 2·0\n+ 4·0 + 5·(-1)\n+ bias 0 = -4"


def test_true_convolution_flips_the_kernel(open_page):
    at = open_page("convolution", src="typed", grid="1 2 3; 4 5 6; 7 8 9", kernel="1 0; 0 -1", flip="true")
    assert arithmetic(at) == "out[0, 0] = 1·(-1) + 2·0\n+ 4·0 + 5·1\n+ bias 0 = 4"


def test_pictures_open_in_image_mode_with_a_zoomed_animation(open_page):
    at = open_page("convolution", src="image", sample="coins", h="64", w="64", zr="10", zc="20")
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 1  # the picture with its feature map
    payload = sent(at)["payload"]
    assert payload["steps"]["shape"] == [1, 8, 8] and payload["steps"]["offset"] == [0, 10, 20]
    assert arithmetic(at).startswith("out[10, 20] = ")


def test_a_grid_too_large_to_animate_switches_to_image_mode_and_says_why(open_page):
    at = open_page("convolution", h="40", w="40")
    assert any("too large to animate" in info.value for info in at.info)
    assert len(at.get("plotly_chart")) == 1 and sent(at)["payload"]["steps"]["shape"] == [1, 8, 8]


def test_a_link_naming_only_a_kernel_preset_computes_with_that_preset(open_page):
    at = open_page("convolution", kpreset="identity", src="typed", grid="1 2 3; 4 5 6; 7 8 9", padding="same")
    assert at.text_area(key="kernel").value == "0 0 0; 0 1 0; 0 0 0"
    assert arithmetic(at).endswith("= 1")  # out[0, 0] of the identity is the input's (0, 0)


def test_editing_the_kernel_marks_the_preset_custom(open_page):
    at = open_page("convolution")
    at.text_area(key="kernel").set_value("1 0; 0 1").run()
    assert at.selectbox(key="kpreset").value == "custom"
    assert arithmetic(at).count("·") == 4


def test_the_pytorch_code_of_a_picture_builds_its_input(open_page):
    at = open_page("convolution", src="image", h="40", w="40")
    assert not any(block.value.startswith("import torch") for block in at.code)  # built only when opened
    at.session_state["pytorch_open"] = True
    at.run()
    code = next(block.value for block in at.code if block.value.startswith("import torch"))
    tree = ast.parse(code)
    x = next(node for node in tree.body if isinstance(node, ast.Assign) and node.targets[0].id == "x")
    assert [arg.value for arg in x.value.left.args[:4]] == [1, 1, 40, 40]  # torch.rand(1, 1, H, W) * 255


def test_alexnets_first_layer_animates_its_11x11_kernel_on_the_real_geometry(open_page):
    ones = "; ".join([" ".join(["1"] * 11)] * 11)
    at = open_page("convolution", h="227", w="227", sh="4", sw="4", kpreset="custom", kernel=ones)
    assert not at.exception and not at.error
    payload = sent(at)["payload"]
    kernel = grid_of(payload, "kernel0")
    assert (kernel["rows"], kernel["cols"]) == (11, 11)
    assert payload["predict"]["size"] == [8, 8]  # a zoomed 8x8 block of the 55x55 map
    assert grid_of(payload, "input0")["rows"] == 7 * 4 + 11  # the part of the picture its windows read
    assert "= ⌊216 / 4⌋ + 1 = 55" in formulas(at)
