"""The Pooling page, as a person uses it."""

import pytest

from tests.app.conftest import blocks, grid_titles
from tests.app.surface import grid_of, sent


def arithmetic(at):
    return blocks(at)[0]


def test_default_max_pooling_tiles_with_stride_equal_to_the_kernel(open_page):
    at = open_page("pooling")
    assert not at.exception and not at.error
    assert arithmetic(at).startswith("out[0, 0] = max(")
    assert blocks(at)[1].splitlines()[0].endswith("= ⌊5 / 2⌋ + 1 = 3")  # 7x7, 2x2 windows, stride 2


def test_average_pooling_shows_the_divisor_with_and_without_padding(open_page):
    params = {"kind": "avg", "kh": "2", "kw": "2", "ph": "1", "pw": "1", "src": "typed", "grid": "4 8; 12 16"}
    assert arithmetic(open_page("pooling", **params)).endswith(
        "/ 4 = 1"
    )  # 4 / 4: three padding zeros counted
    assert arithmetic(open_page("pooling", incpad="false", **params)).endswith("/ 1 = 4")


def test_min_pooling_pads_with_plus_infinity(open_page):
    at = open_page("pooling", kind="min", ph="1", pw="1", src="typed", grid="4 8; 12 16")
    assert arithmetic(at) == "out[0, 0] = min(+∞, +∞,\n    +∞, 4) = 4"


def test_ceil_mode_keeps_the_partial_window_and_says_so(open_page):
    at = open_page("pooling", h="5", w="5", ceil="true")
    assert "⌈3 / 2⌉ + 1 = 3" in blocks(at)[1]  # floor mode would give ⌊3 / 2⌋ + 1 = 2


def test_overlapping_windows_are_pointed_out(open_page):
    at = open_page("pooling", kh="3", kw="3", skernel="false", sh="2", sw="2")
    assert any("The windows overlap" in info.value for info in at.info)


def test_pooling_is_compared_with_a_strided_convolution(open_page):
    at = open_page("pooling")
    assert grid_titles(at) == ["Input", "max pooling", "2x2 convolution, stride (2, 2)"]
    assert not at.get("plotly_chart")  # grids drawn as SVG: the page loads no Plotly
    assert any("Pooling has no weights" in md.value for md in at.markdown)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kh": "3", "kw": "3", "ph": "2"}, "at most half the kernel, got padding 2 with kernel 3"),
        ({"h": "2", "w": "2", "kh": "3"}, "kernel 3 spans 3 cells, but the input is only 2 high"),
        ({"h": "1", "w": "1", "kh": "1", "kw": "2", "pw": "1", "dw": "2"}, "reads only padding"),
    ],
)
def test_impossible_pooling_explains_itself(open_page, params, message):
    at = open_page("pooling", **params)
    assert not at.exception
    assert any(message.lower() in error.value.lower() for error in at.error), [e.value for e in at.error]


def test_pictures_pool_in_image_mode(open_page):
    at = open_page("pooling", src="image", sample="cat", h="64", w="64", zr="4", zc="6")
    assert not at.exception and not at.error
    assert arithmetic(at).startswith("out[4, 6] = max(")
    payload = sent(at)["payload"]
    assert payload["steps"]["shape"] == [1, 8, 8] and payload["steps"]["offset"] == [0, 4, 6]
    assert grid_of(payload, "input0")["rows"] == 16  # the 8x8 windows of 2x2 read a 16x16 block


def test_the_default_7x7_input_is_drawn_whole_with_its_last_row_and_column_unread(open_page):
    payload = sent(open_page("pooling"))["payload"]
    cells = grid_of(payload, "input0")
    assert (cells["rows"], cells["cols"]) == (7, 7)
    assert cells["unread"] == [r * 7 + 6 for r in range(6)] + list(range(42, 49))
    assert payload["steps"]["shape"] == [1, 3, 3]
