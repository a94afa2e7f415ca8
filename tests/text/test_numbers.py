"""Typed grids are parsed number by number, never evaluated, and refused with the user's text."""

import numpy as np
import pytest

from settings.presets import INPUT_PRESETS, KERNEL_PRESETS, input_preset, kernel_preset
from text.numbers import exact_number, grid_to_text, parse_grid


def test_rows_split_on_semicolons_or_new_lines_values_on_commas_or_spaces():
    np.testing.assert_array_equal(
        parse_grid("1, 0 -1; 2 0 -2\n1 0  -1", "kernel", (7, 7)), [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the kernel is empty"),
        ("1 2; 3", "the rows have 2, 1"),
        ("1 2; 3 __import__('os')", "row 2 of the kernel holds \"__import__('os')\", which is not a number"),
        ("1 nan", "finite numbers"),
        ("1e400", "finite numbers"),
        ("1 1 1 1 1 1 1 1", "1x8, larger than the 7x7 allowed here"),
    ],
)
def test_malformed_text_is_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_grid(text, "kernel", (7, 7))


def test_text_round_trips_exactly():
    grid = np.array([[1 / 9, -2.0], [0.1, 3.0]])
    np.testing.assert_array_equal(
        parse_grid("; ".join(" ".join(exact_number(v) for v in row) for row in grid), "g", (2, 2)), grid
    )
    assert grid_to_text(np.array([[1.0, -2.0]])) == "1 -2"


@pytest.mark.parametrize("name", INPUT_PRESETS)
def test_every_input_preset_fills_the_requested_non_square_size(name):
    grid = input_preset(name, (5, 9), np.random.default_rng(0))
    assert grid.shape == (5, 9) and np.isfinite(grid).all()


def test_digit_glyph_draws_the_three():
    three = input_preset("digit 3", (7, 5))
    assert three[1].tolist() == [0, 9, 9, 9, 0] and three[3].tolist() == [0, 0, 9, 9, 0]


def test_kernel_presets_are_the_textbook_ones():
    np.testing.assert_array_equal(kernel_preset("Sobel x"), [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    assert kernel_preset("box blur").sum() == pytest.approx(1.0)
    assert kernel_preset("random", (2, 4)).shape == (2, 4)
    assert set(KERNEL_PRESETS) >= {
        "identity",
        "box blur",
        "Gaussian blur",
        "sharpen",
        "Sobel x",
        "Sobel y",
        "Laplacian",
        "emboss",
    }
