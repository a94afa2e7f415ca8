"""The Transposed convolution page: formula, stamps, the correlation, bad settings."""

from tests.app.conftest import blocks, grid_titles
from tests.app.surface import sent


def test_output_size_formula_doubles_the_input(open_page):
    at = open_page("transposed", h="3", w="3", sh="2", sw="2", ph="1", pw="1", oph="1", opw="1")
    assert not at.exception and not at.error
    assert blocks(at)[0].splitlines()[0].endswith("= (3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6")


def test_each_input_cell_stamps_value_times_kernel(open_page):
    at = open_page("transposed", src="typed", grid="2 1; 0 3", kernel="1 2; 3 4", tstep="3")
    assert blocks(at)[1] == (
        "x[1, 1] = 3 adds x·w at rows 2…, cols 2… of the full output:\n3·1 = 3, 3·2 = 6\n3·3 = 9, 3·4 = 12"
    )


def test_the_correlation_view_reads_the_zero_inserted_input(open_page):
    at = open_page("transposed", src="typed", grid="2 1; 0 3", kernel="1 2; 3 4", cstep="0")
    # output (0, 0) = x[0, 0]·w[0, 0]: the rotated kernel's last cell over the first input cell
    assert blocks(at)[2].endswith("= 2")


def test_output_padding_not_below_the_stride_is_refused(open_page):
    at = open_page("transposed", oph="2", opw="2")
    assert any(
        "output_padding must be smaller than the stride or the dilation" in e.value.lower() for e in at.error
    )


def test_output_padding_below_the_dilation_gives_the_padded_output_and_its_gradient(open_page):
    # Valid in PyTorch: (7 − 1)·1 + 2·(3 − 1) + 1 + 1 = 12. The row and column output_padding
    # adds get no stamp, and no window of the matching convolution reads them.
    at = open_page("transposed", sh="1", sw="1", dh="2", dw="2", oph="1", opw="1")
    assert not at.exception and not at.error
    assert blocks(at)[0].splitlines()[0].endswith("= 12")


def test_the_stamps_and_the_correlation_are_surfaces_at_their_own_link_steps(open_page):
    at = open_page("transposed", src="typed", grid="2 1; 0 3", kernel="1 2; 3 4", tstep="3", cstep="5")
    stamps, correlation = sent(at, 0), sent(at, 1)
    assert (stamps["step"], correlation["step"]) == (3, 5)
    assert stamps["payload"]["steps"]["label"] == "x[{r}, {c}]"
    assert stamps["payload"]["steps"]["live"][3] == [["3", "6", "9", "12"]]  # x[1, 1]·W, the engine's numbers


def test_only_the_open_tab_is_built_and_the_link_names_it(open_page):
    first = open_page("transposed")
    assert len(first.get("bidi_component")) == 2 and not first.get("plotly_chart")
    grids = {
        "As a gradient": ["conv_transpose2d(x, w)", "dL/dX of conv2d(·, w), dL/dY = x"],
        "Checkerboards": ["stamps covering each output cell"],
    }
    for tab, titles in grids.items():
        at = open_page("transposed", tab=tab)
        assert not at.exception and not at.error
        assert grid_titles(at) == titles and not at.get("bidi_component")
        assert at.query_params["tab"] == tab
