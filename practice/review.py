"""The review questions that close the first chapter, with worked answers in the engine's numbers."""

from __future__ import annotations

import numpy as np

from engine.analysis.params import conv_parameters, dense_parameters
from engine.analysis.receptive import Layer, receptive_fields
from engine.geometry import conv_geometry
from practice.exercise import SIZE_EXAMPLE, Exercise, code, conv_params, size_text
from text.formulas import (
    output_size_formula,
)


def review_questions() -> tuple[Exercise, ...]:
    """The four review questions that close “Convolutional Networks”, with their worked answers."""
    filters = conv_parameters(3, 32, (5, 5))
    dense = dense_parameters(128 * 128 * 3, 128 * 128 * 32)
    rows, cols = conv_geometry((64, 64), (5, 5), 2, 1)
    dilated = receptive_fields([Layer("conv", (3, 3), dilation=(2, 2))], (16, 16))[0].rows.size
    weights = conv_parameters(1, 1, (3, 3)).weights
    plain = conv_parameters(1, 1, (5, 5)).weights
    return (
        Exercise(
            "Core advantages",
            "What are the two main advantages of a convolutional layer over a fully connected (dense) "
            "layer for images? Pick two.",
            (0, 1),
            "parameter sharing and local connectivity",
            "",
            "**Parameter sharing**: one small kernel is used at every position, so the count of weights "
            "does not grow with the image. **Local connectivity** (sparse interactions): each output reads "
            "only a small window, the pixels that matter for a local pattern. With numbers, from 128x128x3 "
            "to 128x128x32:\n\n"
            + code(
                f"32 filters 5x5x3: 32·(5·5·3) + 32 = {filters.total:,} parameters",
                f"dense: (128·128·3)·(128·128·32) = {dense.weights:,} weights",
            )
            + "\n\nA convolution is translation *equivariant* (shift the input, the output shifts), not "
            "invariant, as one of the textbook chapters says; pooling adds some invariance.",
            "why",
            choices=(
                "Parameter sharing: the same kernel weights are used at every position",
                "Local connectivity: each output reads only a small window of the input",
                "Its output is translation invariant: shifting the input leaves it unchanged",
                "It has more parameters, so it can learn more",
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
            + "\n\n(64 + 2 − 5) / 2 = 30.5 is not whole: the floor drops the last column and row of the "
            "padded input, which no window reads.",
            "convolution",
            conv_params((64, 64), np.ones((5, 5)), 2, 1),
            square=True,
        ),
        Exercise(
            "Pooling or stride",
            "What is the main purpose of a pooling layer, and how does its way of reducing the spatial "
            "size differ from a larger stride in a convolutional layer?",
            (0,),
            "pooling summarises each window by a fixed rule; a strided convolution learns how to downsample",
            "",
            "Pooling shrinks the maps (less computation, a larger receptive field for later layers) and "
            "makes the response tolerant to small shifts. It has **no weights**: max, min or average "
            "pooling applies a fixed rule to each window of each channel separately. A strided "
            "convolution shrinks the map by the same stride but **learns** its weights and mixes channels. "
            "A 2x2 max pooling with stride 2 on 64 channels has 0 parameters; a 2x2 convolution with "
            f"stride 2 from 64 to 64 channels has {conv_parameters(64, 64, (2, 2)).total:,}.",
            "pooling",
            choices=(
                "Pooling summarises each window by a fixed rule and learns nothing; a strided "
                "convolution learns its weights",
                "Pooling keeps the spatial size; only a stride can reduce it",
                "Pooling learns its weights; a strided convolution only skips positions",
                "A strided convolution keeps every input cell; pooling drops some",
            ),
        ),
        Exercise(
            "Dilation and the receptive field",
            "A 3x3 kernel has dilation 2. How many input cells wide is its receptive field, and how many "
            f"weights does it have (a 5x5 kernel has {plain})? Answer with the two numbers.",
            (dilated, weights),
            f"{dilated} cells wide, {weights} weights",
            "5, 25",
            code(
                f"span = dilation·(k − 1) + 1 = 2·(3 − 1) + 1 = {dilated}",
                f"weights = 3·3 = {weights}, against 5·5 = {plain}",
            )
            + "\n\nDilation spreads the kernel's taps apart: the same 5x5 field with 9 weights instead "
            "of 25, so fields grow fast in deep stacks (1, 2, 4, 8…) at no cost. It skips the cells "
            "between the taps, which later layers or a mix of dilations must fill in.",
            "receptive",
            {"net": "one 3x3 with dilation 2"},
        ),
    )
