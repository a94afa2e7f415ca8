"""The Volumes page, as a person uses it."""

import re

import pytest

from tests.app.conftest import blocks
from tests.app.surface import browser_reports, panel, sent


def arithmetic(at):
    return blocks(at)[0]


def test_default_volume_sums_three_channels_and_the_bias(open_page):
    at = open_page("volumes")
    assert not at.exception and not at.error
    lines = arithmetic(at).splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["channel 0", "channel 1", "channel 2"]
    assert lines[3].startswith("out[0, 0, 0] = ") and "+ bias" in lines[3]


def test_parameters_are_counted_with_the_users_numbers(open_page):
    at = open_page("volumes", cin="3", filters="4", kh="5", kw="5", h="16", w="16")
    shapes = blocks(at)[1]
    assert "K·(kH·kW·C_in/groups) + K = 4·(5·5·3/1) + 4 = 300 weights + 4 biases = 304 parameters" in shapes
    assert "3·16·16 = 768 inputs × 4·12·12 = 576 outputs = 442,368 weights" in shapes


def test_depthwise_groups_give_each_filter_one_channel(open_page):
    at = open_page("volumes", cin="4", filters="4", groups="4")
    assert "filter 3 sees channels 3" in at.caption[0].value
    assert arithmetic(at).splitlines()[0].startswith("channel 0: ")
    assert len(arithmetic(at).splitlines()) == 2  # one channel, then the sum with the bias


def test_groups_that_do_not_divide_fall_back_to_one(open_page):
    at = open_page("volumes", cin="3", filters="2", groups="2")
    assert not at.exception
    assert "Groups = 1" in at.caption[0].value


def test_the_textbook_layers_are_listed_with_their_counts(open_page):
    (table,) = [e.proto.body for e in open_page("volumes").get("html") if 'class="cl-table"' in e.proto.body]
    rows = [re.findall(r"<t[hd]>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    columns = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert "25,769,803,776" in [row["dense weights"] for row in columns]
    assert "(96, 55, 55)" in [row["output (K, H, W)"] for row in columns]
    assert len(columns) == 5


def test_a_picture_splits_into_red_green_and_blue(open_page):
    at = open_page("volumes", vsrc="image", sample="coffee", h="6", w="6")
    assert not at.error and "channel 2:" in arithmetic(at)


def test_impossible_settings_explain_themselves(open_page):
    at = open_page("volumes", h="3", w="3", kh="5", kw="5")
    assert any("kernel 5 spans 5 cells, but the input is only 3 high" in e.value.lower() for e in at.error)


def test_without_biases_no_bias_is_counted(open_page):
    at = open_page("volumes", cin="3", filters="4", kh="5", kw="5", h="16", w="16", vbias="false")
    shapes = blocks(at)[1]
    assert "K·(kH·kW·C_in/groups) = 4·(5·5·3/1) = 300 weights, no biases = 300 parameters" in shapes
    assert "bias" not in arithmetic(at)


def test_a_step_the_surface_reports_moves_the_arithmetic_and_the_3d_view(open_page):
    at = open_page("volumes")
    assert not at.get("plotly_chart")  # the 3-D view is drawn only while its expander is open
    at.session_state["volume_3d_open"] = True  # what the student's click on it sets
    at.run()
    payload = sent(at)["payload"]
    filters, rows, cols = payload["steps"]["shape"]
    assert len(panel(payload, "input0")["titles"]) == 3  # a channel panel per input channel
    before = at.get("plotly_chart")[0].proto.spec
    last = filters * rows * cols - 1
    at = browser_reports(at, step=last)
    assert arithmetic(at).splitlines()[-1].startswith(f"out[{filters - 1}, {rows - 1}, {cols - 1}] = ")
    assert at.query_params["step"] == str(last) and sent(at)["step"] == last
    assert at.get("plotly_chart")[0].proto.spec != before  # the 3-D view follows the step


def test_typed_values_are_one_filter_over_the_whole_volume(open_page):
    at = open_page(
        "volumes", vsrc="typed", vgrid="1 2; 3 4 / 5 6; 7 8", vfilter="1 0; 0 1 / 0 -1; 2 0", vb="0.5"
    )
    assert not at.exception and not at.error and not at.info
    lines = arithmetic(at).splitlines()
    # channel 0: 1·1 + 4·1 = 5; channel 1: 6·(-1) + 7·2 = 8; 5 + 8 + 0.5 = 13.5
    assert lines[0].endswith("= 5") and lines[1].endswith("= 8")
    assert lines[2].startswith("out[0, 0, 0] = ") and lines[2].endswith("= 13.5")
    assert (
        "K·(kH·kW·C_in/groups) + K = 1·(2·2·2/1) + 1 = 8 weights + 1 biases = 9 parameters" in blocks(at)[1]
    )
    assert not any(box.label == "Filters K" for box in at.number_input)  # the typed filter decides


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"vgrid": "1 2; 3 <b>x</b>"}, "holds '<b>x<'"),  # the / of </b> separates channels
        ({"vgrid": "1 2; 3 4 / 5 6 7; 8 9 1"}, "the channels are 2x2, 2x3"),
        ({"vgrid": " / ".join(["1"] * 17), "vfilter": " / ".join(["1"] * 17)}, "17 channels"),
        ({"vgrid": " / ".join(["1 2 3 4 5 6 7 8 9"] * 16 * 8)}, "channels"),
        ({"vgrid": "1 2; 3 nan"}, "channel 0's values must be finite"),
        ({"vgrid": "1 2; 3 1e300"}, "finite numbers no larger than"),
        ({"vfilter": "1 0; 0 1"}, "the filter has 1 channel(s) but the input volume has 2"),
        ({"vfilter": "1 0 0 0 0 0; 0 1 0 0 0 0 / 1 0; 0 1"}, "larger than the 5x5 allowed here"),
        ({"vb": "[click](http://evil)"}, "the bias '[click](http"),
        ({"vb": "inf"}, "finite number"),
    ],
)
def test_hostile_typed_values_say_what_is_wrong_and_the_default_volume_stands_in(open_page, params, named):
    at = open_page("volumes", vsrc="typed", **params)
    assert not at.exception
    (error,) = at.error
    assert named.lower() in error.value.replace("\\", "").lower()
    assert not re.search(r"(?<!\\)[<\[]", error.value)  # escaped: shown as typed, never as markup
    lines = arithmetic(at).splitlines()
    default = ["channel 0", "channel 1", "channel 2"]
    assert [line.split(":")[0] for line in lines[:3]] == default


def test_a_typed_volume_longer_than_allowed_is_refused_before_it_is_read(open_page):
    at = open_page("volumes", vsrc="typed", vgrid="1 " * 7_000)
    assert not at.exception and "14,000 characters long; at most 12,000" in at.error[0].value
