"""The review questions that close the first chapter, with worked answers in the engine's numbers."""

from __future__ import annotations

import numpy as np

from engine.analysis.params import conv_parameters, dense_parameters
from engine.analysis.receptive import Layer, receptive_fields
from engine.geometry import conv_geometry
from practice.exercise import SIZE_EXAMPLE, Exercise, Idea, code, conv_params, size_text
from settings.fields import link, read_link
from settings.stack import StackSettings
from text.chapters import CHAPTER_SIX, NETWORKS
from text.formulas import output_size_formula


def review_questions() -> tuple[Exercise, ...]:
    """The four review questions that close “Convolutional Networks”, with their worked answers."""
    filters = conv_parameters(3, 32, (5, 5))
    dense = dense_parameters(128 * 128 * 3, 128 * 128 * 32)
    rows, cols = conv_geometry((64, 64), (5, 5), 2, 1)
    dilated = receptive_fields([Layer("conv", (3, 3), dilation=(2, 2))], (16, 16))[0].rows.size
    weights = conv_parameters(1, 1, (3, 3)).weights
    plain = conv_parameters(1, 1, (5, 5)).weights
    strided = conv_parameters(64, 64, (2, 2))
    pooling_parameters = 0  # a fixed rule per window: nothing to learn
    return (
        Exercise(
            "Core advantages",
            "What are the two main advantages of a convolutional layer over a fully connected (dense) "
            "layer for images? Answer in your own words: a phrase for each.",
            (),
            "parameter sharing and local connectivity",
            "a phrase for each advantage",
            "**Parameter sharing**: one small kernel is used at every position, so the count of weights "
            "does not grow with the image. **Local connectivity** (sparse interactions): each output reads "
            "only a small window, the pixels that matter for a local pattern. With numbers, from 128x128x3 "
            "to 128x128x32:\n\n"
            + code(
                f"32 filters 5x5x3: 32·(5·5·3) + 32 = {filters.total:,} parameters",
                f"dense: (128·128·3)·(128·128·32) = {dense.weights:,} weights",
            )
            + f"\n\nA convolution is translation *equivariant* (shift the input, the output shifts), not "
            f"invariant as {CHAPTER_SIX} says; pooling adds some invariance.",
            "why",
            ideas=(
                Idea("parameter sharing", (r"shar", r"same (kernel|weights|filter)", r"reus", r"tied")),
                Idea(
                    "local connectivity",
                    (r"local", r"sparse", r"small (window|region|patch|area)", r"neighbo"),
                ),
            ),
        ),
        Exercise(
            "Output size",
            "An input feature map is 64x64 pixels. A convolutional layer with a 5x5 kernel, stride 2 "
            "and padding 1 is applied. What is the spatial size (height x width) of the output?",
            (rows.out, cols.out),
            size_text((rows.out, cols.out)),
            SIZE_EXAMPLE,
            code(output_size_formula(rows, "high"), output_size_formula(cols, "wide"))
            + f"\n\n{CHAPTER_SIX} writes H2 = (H1 − F + 2P)S + 1: the stride divides, it does not "
            "multiply. (64 + 2 − 5) / 2 = 30.5 is not whole: the floor drops the last column and row of the "
            "padded input, which no window reads.",
            "convolution",
            conv_params((64, 64), np.ones((5, 5)), 2, 1),
            square=True,
        ),
        Exercise(
            "Pooling or stride",
            "What is the main purpose of a pooling layer, and how does its way of reducing the spatial "
            "size differ from a larger stride in a convolutional layer? Put the difference in numbers: "
            "how many parameters does a 2x2 max pooling with stride 2 on 64 channels have, and how many "
            "does a 2x2 convolution with stride 2 from 64 to 64 channels (with biases) have?",
            (pooling_parameters, strided.total),
            f"{pooling_parameters} and {strided.total:,}",
            "12, 3456",
            "Pooling shrinks the maps (less computation, a larger receptive field for later layers) and "
            "makes the response tolerant to small shifts. It has **no weights**: max, min or average "
            "pooling applies a fixed rule to each window of each channel separately (average pooling is "
            f"as common as max; {NETWORKS} names max and min). A strided convolution shrinks the map by "
            "the same stride but **learns** its weights and mixes channels:\n\n"
            + code(
                f"2x2 max pooling, stride 2, 64 channels: {pooling_parameters} parameters",
                f"2x2 convolution, stride 2, 64 -> 64: 64·(2·2·64) + 64 = {strided.total:,}",
            ),
            "pooling",
        ),
        Exercise(
            "Dilation and the receptive field",
            "A 3x3 kernel has dilation 2. How many input cells wide is its receptive field, and how many "
            f"weights does it have (a 5x5 kernel has {plain})? Answer with the two numbers.",
            (dilated, weights),
            f"{dilated} cells wide, {weights} weights",
            "7, 49",
            code(
                f"span = dilation·(k − 1) + 1 = 2·(3 − 1) + 1 = {dilated}",
                f"weights = 3·3 = {weights}, against 5·5 = {plain}",
            )
            + "\n\nDilation spreads the kernel's taps apart: the same 5x5 field with 9 weights instead "
            "of 25, so fields grow fast in deep stacks (1, 2, 4, 8…) at no cost. It skips the cells "
            "between the taps, which later layers or a mix of dilations must fill in.",
            "receptive",
            link(StackSettings.from_values(read_link(StackSettings, {"net": "one 3x3 with dilation 2"}))),
        ),
    )
