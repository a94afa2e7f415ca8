"""The Why convolutions page: the matrix is the convolution; equivariance, and where stride breaks it."""

from streamlit.elements.lib import policies

from tests.app.conftest import SCRIPTS, blocks


def explanation(at, start):
    return next(md.value for md in at.markdown if md.value.startswith(start))


def test_the_matrix_reproduces_conv2d_and_its_transpose(open_page):
    at = open_page("why", h="5", w="5", ph="1", pw="1")
    assert not at.exception and not at.error
    checks = blocks(at)[0].splitlines()
    assert checks[0].endswith("= 0.0e+00") and checks[1].endswith("= 0.0e+00")
    text = explanation(at, "Flatten the 5x5 input")
    assert "a 25x25 matrix A" in text and "at most 9 non-zeros per row" in text and "**625** entries" in text


def test_shifts_by_a_multiple_of_the_stride_commute_with_the_convolution(open_page):
    text = explanation(open_page("why", dy="2", dx="0", sh="2", sw="2"), "With stride")
    assert "the two agree away from the borders" in text


def test_a_shift_that_is_not_a_multiple_of_the_stride_breaks_equivariance(open_page):
    text = explanation(open_page("why", dy="1", dx="0", sh="2", sw="2"), "With stride")
    assert "do not agree" in text and "equivariant only to shifts by multiples of its stride" in text


def test_the_page_says_equivariant_not_invariant(open_page):
    assert any("*equivariant*, not invariant" in md.value for md in open_page("why").markdown)


def test_a_shift_larger_than_the_input_is_explained(open_page):
    at = open_page("why", src="typed", grid="1 2; 3 4", ph="1", pw="1", dx="-3")
    assert not at.exception


def test_a_one_row_input_padded_by_one_is_shown(open_page):
    at = open_page("why", src="typed", grid="1 2 3", ph="1")
    assert not at.exception and not at.error
    assert "1x3 input" in explanation(at, "Flatten")


def test_a_size_too_large_for_this_page_is_brought_inside_without_a_duplicate_value_warning(
    open_in_app, monkeypatch
):
    # Streamlit logs the warning once per process, and notes here that it did
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    at = open_in_app("convolution")  # its 7x7 input is larger than this page's 6x6
    at.switch_page(SCRIPTS["why"]).run()
    assert at.number_input(key="h").value == 6 and not at.exception
    assert not policies._shown_default_value_warning
