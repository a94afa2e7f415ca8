"""Receptive fields: closed forms equal brute force from the forward windows, and published sizes."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.analysis.receptive import Layer, effective_receptive_field, receptive_fields, unit_region


def conv(k, s=1, p=0, d=1):
    return Layer("conv", (k, k), (s, s), (p, p), (d, d))


def pool(k, s):
    return Layer("pool", (k, k), (s, s))


# Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks",
# Distill (2019), Table 1: alexnet_v2 r = 195, effective stride 32, effective padding 64;
# vgg_16 r = 212, 32, 90 (at the last pooling layer).
ALEXNET = [
    conv(11, 4),
    pool(3, 2),
    conv(5, 1, 2),
    pool(3, 2),
    conv(3, 1, 1),
    conv(3, 1, 1),
    conv(3, 1, 1),
    pool(3, 2),
]
VGG16 = [layer for repeats in (2, 2, 3, 3, 3) for layer in [conv(3, 1, 1)] * repeats + [pool(2, 2)]]


@pytest.mark.parametrize(
    ("layers", "size", "jump", "padding"), [(ALEXNET, 195, 32, 64), (VGG16, 212, 32, 90)]
)
def test_published_receptive_fields_of_classic_networks(layers, size, jump, padding):
    last = receptive_fields(layers, (227, 227))[-1]
    assert (last.rows.size, last.rows.jump, -last.rows.start) == (size, jump, padding)


def test_three_stacked_3x3_see_7x7_and_dilation_2_matches_5x5():
    # Simonyan & Zisserman (2015): three 3x3 layers have the receptive field of one 7x7
    assert receptive_fields([conv(3)] * 3, (9, 9))[-1].rows.size == 7
    # seed 000 review question 4: a 3x3 kernel with dilation 2 sees as far as a 5x5, with 9 weights
    assert (
        receptive_fields([conv(3, d=2)], (9, 9))[0].rows.size
        == receptive_fields([conv(5)], (9, 9))[0].rows.size
    )


def brute_force_span(layers, size, unit):
    """First and last input cell reached from `unit` by following every tap down the stack."""
    sizes = [size]
    for layer in layers:
        sizes.append(layer.axis(sizes[-1], 0).out)
    cells = {unit}
    for layer, below in zip(reversed(layers), reversed(sizes[:-1])):
        axis = layer.axis(below, 0)
        cells = {tap - axis.pad_before for u in cells for tap in axis.taps(u)}
    return min(cells), max(cells)


layer_strategy = st.builds(
    lambda kind, k, s, p, d: Layer(
        kind, (k, k), (s, s), (min(p, k // 2), min(p, k // 2)), (d if kind == "conv" else 1,) * 2
    ),
    st.sampled_from(["conv", "pool"]),
    st.integers(1, 4),
    st.integers(1, 3),
    st.integers(0, 2),
    st.integers(1, 3),
)


@given(st.lists(layer_strategy, min_size=1, max_size=4), st.integers(16, 60), st.data())
def test_closed_forms_equal_brute_force_from_the_windows(layers, size, data):
    try:
        fields = receptive_fields(layers, (size, size))
    except ValueError:
        return  # maps shrank below one cell: refused (tested below)
    index = data.draw(st.integers(0, len(layers) - 1))
    unit = data.draw(st.integers(0, fields[index].rows.units - 1))
    assert fields[index].rows.span(unit) == brute_force_span(layers[: index + 1], size, unit)


def test_unit_region_clips_to_the_input():
    field = receptive_fields([conv(3, 1, 1)] * 2, (5, 5))[-1]
    region = unit_region(field, 0, 4)
    assert region.rows == (-2, 2) and region.cols == (2, 6)
    assert region.clipped((5, 5)).rows == (0, 2) and region.clipped((5, 5)).cols == (2, 4)


def test_effective_receptive_field_weighs_the_centre_most():
    erf = effective_receptive_field([conv(3)] * 3, (9, 9), 2, 1, 1)
    assert erf[4, 4] == erf.max() and erf[4, 4] > 6 * erf[1, 4] > 0
    rows, cols = np.nonzero(erf)
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (1, 7, 1, 7)  # the 7x7 field of unit (1, 1)
    assert np.isclose(erf.sum(), 1.0)  # uniform weights 1/9: every path's share adds to one


def test_effective_field_of_a_dilated_kernel_has_holes():
    erf = effective_receptive_field([conv(3, d=2)], (7, 7), 0, 0, 0)
    assert (erf[0:5:2, 0:5:2] > 0).all() and (erf[1:5:2, :] == 0).all() and (erf[:, 1:5:2] == 0).all()


def test_a_stack_that_shrinks_below_one_cell_names_the_layer():
    with pytest.raises(
        ValueError, match=r"layer 4 \(conv 3x3 s1\): kernel 3 spans 3 cells, but the input is only 2 high"
    ):
        receptive_fields([conv(3)] * 4, (8, 8))
