"""Stacks past the per-request budget are refused before any work, naming the limit and the
user's numbers; the effective receptive field carries no weight gradient."""

import numpy as np
import pytest

from engine.analysis import receptive
from engine.analysis.receptive import Layer, effective_receptive_field
from engine.analysis.stack import architecture_table, parse_stack


@pytest.mark.parametrize(
    ("text", "shape", "message"),
    [
        ("conv 10000000000 3x3", (3, 224, 224), "channel count of 10000000000 is more than the 100,000"),
        ("conv " + "9" * 4000 + " 3x3", (3, 224, 224), r"999999…\(4000 digits\) is more than the 100,000"),
        ("conv 8 3x3 p999999999999", (3, 32, 32), "padding of 999999999999 is more than the 1,024"),
        ("conv 1 7x7 p1500", (3, 1024, 1024), "padding of 1500 is more than the 1,024"),
        ("conv 8 5000x3", (3, 32, 32), "kernel size of 5000"),
        ("conv 8 3x3 d2000", (3, 32, 32), "dilation of 2000"),
        (
            "conv 1 7x7 p1000",
            (3, 1024, 1024),
            "makes a 3,018x3,018 map; ConvLab computes maps of up to 2,097,152",
        ),
        ("conv 100000 3x3", (3, 1024, 1024), "100,000x1,022x1,022 volume"),
    ],
)
def test_a_stack_past_the_budget_is_refused_with_its_numbers(text, shape, message):
    with pytest.raises(ValueError, match=message):
        architecture_table(shape, parse_stack(text))


def test_the_textbook_networks_stay_inside_the_budget():
    rows = architecture_table(
        (3, 227, 227), parse_stack("conv 96 11x11 s4\npool max 3x3 s2\nconv 256 5x5 p2\nfc 4096")
    )
    assert rows[0].output_shape == (96, 55, 55)


def test_an_effective_field_past_the_work_budget_is_refused_before_it_starts(monkeypatch):
    monkeypatch.setattr(receptive, "MAX_FIELD_WORK", 1000)
    with pytest.raises(ValueError, match=r"takes 1,296 additions .* up to 1,000"):
        effective_receptive_field([Layer("conv", (3, 3))], (14, 14), 0, 0, 0)


def test_the_effective_field_of_one_layer_is_the_uniform_kernel_over_its_window():
    field = effective_receptive_field([Layer("conv", (3, 3), (1, 1), (1, 1))], (5, 5), 0, 0, 0)
    expected = np.zeros((5, 5))
    expected[:2, :2] = 1 / 9
    np.testing.assert_allclose(field, expected)
