"""The Architectures page: the classic networks' shapes and totals, flags, export, bad stacks."""

import pytest

from tests.app.conftest import blocks


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_lenet_5_has_61706_parameters_and_ten_outputs(open_page):
    at = open_page("architectures", net="LeNet-5")
    assert not at.exception and not at.error
    assert (metric(at, "Parameters"), metric(at, "Output")) == ("61,706", "10")
    table = at.dataframe[0].value
    assert table["output"].tolist() == ["6x28x28", "6x14x14", "16x10x10", "16x5x5", "120x1x1", "84", "10"]


def test_vgg_16_totals_and_receptive_field(open_page):
    at = open_page("architectures", net="VGG-16")
    assert metric(at, "Parameters") == "138,357,544"
    assert metric(at, "Receptive field of the last spatial layer") == "212x212"


def test_alexnet_at_224_is_flagged_with_the_cells_it_drops(open_page):
    at = open_page("architectures", net="AlexNet", ih="224", iw="224")
    assert any(
        "does not tile its 224x224 input: the last 1 rows and 1 columns" in w.value for w in at.warning
    )


def test_convolutions_are_compared_with_fully_connected_layers(open_page):
    at = open_page("architectures", net="three stacked 3x3")
    assert any("Fully connected layers between the same volumes would hold" in md.value for md in at.markdown)


def test_shape_arithmetic_is_shown_with_the_numbers(open_page):
    at = open_page("architectures", net="LeNet-5")
    assert any(block.startswith("1: conv 6 5x5 s1\nH_out = ") and "= 28" in block for block in blocks(at))


def test_a_layer_after_a_fully_connected_one_is_refused(open_page):
    at = open_page("architectures", stack="conv 8 3x3\nfc 10\nconv 8 3x3")
    assert any("only fc layers can follow one" in e.value for e in at.error)


def test_counts_read_with_thousands_separators_and_no_cell_says_none(open_page):
    table = open_page("architectures", net="VGG-16").dataframe[0].value
    first_fc = table[table["layer"].str.contains("fc 4096")].iloc[0]
    assert first_fc["weights"] == "102,760,448"  # 512·7·7 = 25,088 inputs times 4,096 outputs
    assert first_fc["parameters"] == "102,764,544" and first_fc["dense layer instead"] == "—"
    cells = [str(cell) for cell in table.to_numpy().ravel()]
    assert not [cell for cell in cells if cell in ("None", "nan", "NaN", "<NA>")]


def test_the_table_is_as_tall_as_its_rows_so_the_last_layer_shows(open_page, monkeypatch):
    import streamlit as st

    shown, draw = [], st.dataframe
    monkeypatch.setattr(st, "dataframe", lambda data, **kw: shown.append((data, kw)) or draw(data, **kw))
    open_page("architectures", net="VGG-16")
    rows, options = shown[0]
    assert len(rows) == 21 and rows[-1]["layer"] == "21: fc 1000"  # VGG-16: 13 conv, 5 pool, 3 fc
    height = options.get("height", "auto")
    assert height == "content" or (isinstance(height, int) and height >= 35 * (len(rows) + 1))


@pytest.mark.parametrize("channels", ["10000000000", "9" * 4000])
def test_a_huge_channel_count_gets_a_message_not_a_traceback(open_page, channels):
    at = open_page("architectures", stack=f"conv {channels} 3x3")
    assert not at.exception
    assert any("is more than the 100,000 ConvLab computes" in e.value for e in at.error)
