"""The Receptive field page: presets, picking a unit, clicking one, and bad stacks."""

import json

from tests.app.conftest import SCRIPTS


def summary(at):
    return next(md.value for md in at.markdown if "sees input rows" in md.value)


def test_vgg_16_last_unit_sees_212_cells_with_jump_32(open_page):
    at = open_page("receptive", net="VGG-16")
    assert not at.exception and not at.error
    text = summary(at)
    assert "sees input rows **6 to 217**" in text and "**212x212** field" in text and "**32**" in text
    assert "**138,357,544**" in text  # the stack's parameters (fully connected layers included)


def test_the_recurrence_table_shows_the_numbers(open_page):
    table = open_page("receptive", net="three stacked 3x3").dataframe[0].value
    assert table["receptive field r"].tolist() == [
        "1 + 1·(3 − 1)·1 = 3",
        "3 + 1·(3 − 1)·1 = 5",
        "5 + 1·(3 − 1)·1 = 7",
    ]


def test_clicking_a_unit_follows_it(open_page):
    at = open_page("receptive", net="three stacked 3x3")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    index = (
        int(spec["data"][0]["customdata"].index([1, 0, 0]))
        if isinstance(spec["data"][0]["customdata"], list)
        else 0
    )
    at.session_state["field_chart"] = {"selection": {"points": [{"curve_number": 0, "point_index": index}]}}
    at.run()
    assert (at.number_input(key="layer").value, at.number_input(key="ur").value) == (1, 0)
    assert "Unit (0, 0) of layer 1 sees input rows **0 to 2**" in summary(at)


def test_dilation_2_sees_as_far_as_a_5x5(open_page):
    dilated = summary(open_page("receptive", net="one 3x3 with dilation 2"))
    larger = summary(open_page("receptive", net="one 5x5"))
    assert "**5x5** field" in dilated and "**5x5** field" in larger


def test_a_stack_that_shrinks_below_one_cell_names_the_layer(open_page):
    at = open_page("receptive", stack="conv 8 3x3\nconv 8 9x9", ih="8", iw="8")
    assert any(
        "layer 2 (conv 9x9 s1): kernel 9 spans 9 cells, but the input is only 6 high" in e.value.lower()
        for e in at.error
    )


def test_unreadable_lines_are_refused_with_the_line(open_page):
    at = open_page("receptive", stack="conv 8 3x3\n__import__('os')")
    assert any("line 2 starts with" in e.value.lower() for e in at.error)


def test_a_stack_past_the_budget_gets_a_message_not_a_traceback(open_page):
    at = open_page("receptive", stack="conv 8 3x3 p999999999999")
    assert not at.exception
    assert any("padding of 999999999999 is more than the 1,024" in e.value for e in at.error)
    at = open_page("receptive", stack="\n".join(["conv 8 3x3 p1"] * 40), ih="1024", iw="1024")
    assert not at.exception
    assert any("additions" in e.value and "up to 100,000,000" in e.value for e in at.error)


def test_a_student_coming_from_the_network_page_gets_this_pages_layer(open_in_app):
    # Both pages name their layer `layer` in the link: the Network page's is "C3", this one's a
    # number. Moving between them in one session left "C3" where this page compared numbers.
    at = open_in_app("network", layer="C3")
    assert at.selectbox(key="layer").value == "C3"
    at.query_params.clear()
    at.switch_page(SCRIPTS["receptive"]).run()
    assert not at.exception and not at.error
    layer = at.number_input(key="layer")
    assert layer.value == layer.max == 3  # the default stack's last layer, as on a first visit
