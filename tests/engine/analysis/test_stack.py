"""Layer stacks as text, and architecture tables that match the published networks."""

import pytest

from engine.analysis.stack import architecture_table, parse_stack
from settings.presets import STACK_PRESETS


def table(name):
    shape, text = STACK_PRESETS[name]
    return architecture_table(shape, parse_stack(text))


@pytest.mark.parametrize(
    ("name", "parameters"),
    [
        ("LeNet-5", 61_706),  # LeCun et al. (1998), the classic count with the C5 layer as a 5x5 conv
        ("AlexNet", 62_378_344),  # single-tower AlexNet on 227x227 (the count torchvision-style tools print)
        ("VGG-16", 138_357_544),  # Simonyan & Zisserman (2015), "138M" in their Table 2
    ],
)
def test_published_parameter_totals(name, parameters):
    assert sum(row.parameters.total for row in table(name)) == parameters


def test_lenet_5_shapes_follow_the_seed():
    shapes = [row.output_shape for row in table("LeNet-5")]
    assert shapes == [(6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120, 1, 1), (84,), (10,)]


def test_alexnet_at_224_drops_a_column_the_table_flags():
    rows = architecture_table((3, 224, 224), parse_stack("conv 96 11x11 s4"))
    assert rows[0].output_shape == (96, 54, 54) and rows[0].leftover == (1, 1)


def test_pool_stride_defaults_to_its_kernel_and_fc_flattens():
    rows = architecture_table((2, 8, 8), parse_stack("pool 2x2\nfc 10"))
    assert rows[0].output_shape == (2, 4, 4)
    assert rows[1].input_shape == (2, 4, 4) and rows[1].parameters.total == 32 * 10 + 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("conv 3x3", "needs its number of output channels"),
        ("conv 8 3x3 q2", "cannot read 'q2'"),
        ("import os", 'line 1 starts with \'import\': a layer is "conv", "pool" or "fc"'),
        ("", "the stack is empty"),
        ("fc 10\nconv 8 3x3", "only fc layers can follow one"),
        (
            "conv 8 3x3\nconv 8 3x3\nconv 8 3x3\nconv 8 3x3",
            r"layer 4 \(conv 3x3 s1\): kernel 3 spans 3 cells, but the input is only 2 high",
        ),
    ],
)
def test_bad_stacks_explain_themselves(text, message):
    with pytest.raises(ValueError, match=message):
        architecture_table((1, 8, 8), parse_stack(text))
