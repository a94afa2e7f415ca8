"""Parameter counts: the seeds' numbers (DESIGN section 8)."""

import pytest

from engine.analysis.params import conv_parameters, dense_parameters


def test_seed_001_32_filters_of_5x5x3_have_2432_parameters():
    assert conv_parameters(3, 32, (5, 5)).total == 2_432


def test_seed_001_dense_layer_from_128x128x3_to_128x128x32_has_25_billion_weights():
    assert dense_parameters(128 * 128 * 3, 128 * 128 * 32).weights == 25_769_803_776


def test_seed_003_neurons_see_75_weights_and_180_on_deeper_volumes():
    assert conv_parameters(3, 1, (5, 5), bias=False).weights == 75  # 32x32x3 input, 5x5 filters
    assert conv_parameters(20, 1, (3, 3), bias=False).weights == 180  # 16x16x20 input, 3x3 filters


def test_alexnet_conv1_and_depthwise_groups():
    assert conv_parameters(3, 96, (11, 11)).total == 34_944
    assert conv_parameters(4, 4, (3, 3), groups=4).weights == 36  # depthwise: one 3x3 per channel


def test_channels_that_do_not_split_into_groups_are_refused():
    with pytest.raises(ValueError, match="3 input and 4 output channels cannot be split into 2 groups"):
        conv_parameters(3, 4, (3, 3), groups=2)


def test_layer_summaries_of_the_seeds():
    from engine.analysis.params import conv_layer_summary

    alexnet = conv_layer_summary((3, 227, 227), 96, 11, stride=4)
    assert (
        alexnet.output_shape == (96, 55, 55) and alexnet.conv.total == 34_944 and alexnet.leftover == (0, 0)
    )
    assert conv_layer_summary((3, 224, 224), 96, 11, stride=4).leftover == (1, 1)  # 54.25: one column unread
    seed_001 = conv_layer_summary((3, 128, 128), 32, 5, padding=2)
    assert seed_001.output_shape == (32, 128, 128)
    assert (seed_001.conv.total, seed_001.dense.weights) == (2_432, 25_769_803_776)
