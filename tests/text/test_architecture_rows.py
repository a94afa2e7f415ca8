"""The Architectures table's text: counts grouped for reading, plain for a CSV file."""

from engine.analysis.stack import architecture_table, parse_stack
from text.formulas import architecture_rows


def lenet_rows():
    layers = parse_stack("conv 6 5x5\npool avg 2x2\nconv 16 5x5\npool avg 2x2\nconv 120 5x5\nfc 84\nfc 10")
    return architecture_table((1, 32, 32), layers)


def test_counts_are_grouped_for_reading_and_missing_ones_are_a_dash():
    rows = architecture_rows(lenet_rows())
    assert rows[4]["weights"] == "48,000"  # 120 filters of 5·5·16
    assert rows[1]["dense layer instead"] == "—" and rows[1]["parameters"] == "0"
    assert all(value is not None for row in rows for value in row.values())


def test_the_csv_keeps_plain_integers_and_empty_cells():
    rows = architecture_rows(lenet_rows(), grouped=False)
    assert rows[4]["weights"] == 48_000 and rows[1]["dense layer instead"] == ""
