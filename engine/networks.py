"""The networks ConvLab trains and shows: LeNet-5 as the chapter gives it, its ReLU/max-pool
variant, and a deep plain stack beside the same stack with skip connections.

LeNet-5 (LeCun et al., 1998, as the chapter simplifies it): 1@32x32 -> C1 six 5x5 filters
-> 6@28x28 -> S2 2x2 average pooling -> 6@14x14 -> C3 sixteen 5x5 filters -> 16@10x10 -> S4
-> 16@5x5 -> C5 120 5x5 filters -> 120@1x1 -> F6 84 -> output 10 logits (softmax in the loss),
tanh after every convolution and F6. The paper's trainable pooling coefficients, C3's partial
connection table and RBF output units are left out, as in the chapter.

Weights start as PyTorch's nn.Conv2d and nn.Linear start them: uniform in ±1/√fan_in.
"""

from __future__ import annotations

import math

import numpy as np

from engine.model import Activation, Conv2d, Flatten, Layer, Linear, Pool2d, Residual, Sequential


def _bound(fan_in: int) -> float:
    return 1.0 / math.sqrt(fan_in)


def conv_layer(
    name: str, rng: np.random.Generator, c_in: int, c_out: int, k: int, padding: int = 0
) -> Conv2d:
    """A k x k Conv2d with PyTorch's default initialisation."""
    b = _bound(c_in * k * k)
    weight = rng.uniform(-b, b, size=(c_out, c_in, k, k))
    return Conv2d(name, weight, rng.uniform(-b, b, size=c_out), padding=padding)


def linear_layer(name: str, rng: np.random.Generator, n_in: int, n_out: int) -> Linear:
    """A Linear with PyTorch's default initialisation."""
    b = _bound(n_in)
    return Linear(name, rng.uniform(-b, b, size=(n_out, n_in)), rng.uniform(-b, b, size=n_out))


def lenet5(rng: np.random.Generator, activation: str = "tanh", pool: str = "avg") -> Sequential:
    """LeNet-5: (N, 1, 32, 32) images -> (N, 10) logits. activation "tanh" and pool "avg" as
    the chapter; lenet5_relu gives the ReLU/max-pool variant."""
    return Sequential(
        [
            conv_layer("C1", rng, 1, 6, 5),
            Activation("C1 act", activation),
            Pool2d("S2", pool, 2),
            conv_layer("C3", rng, 6, 16, 5),
            Activation("C3 act", activation),
            Pool2d("S4", pool, 2),
            conv_layer("C5", rng, 16, 120, 5),
            Activation("C5 act", activation),
            Flatten("flatten"),
            linear_layer("F6", rng, 120, 84),
            Activation("F6 act", activation),
            linear_layer("output", rng, 84, 10),
        ]
    )


def lenet5_relu(rng: np.random.Generator) -> Sequential:
    """LeNet-5 with ReLU activations and 2x2 max pooling, as networks after AlexNet do."""
    return lenet5(rng, "relu", "max")


def deep_stack(
    rng: np.random.Generator,
    depth: int = 12,
    channels: int = 4,
    activation: str = "tanh",
    residual: bool = False,
) -> Sequential:
    """(N, 1, 32, 32) -> (N, 10): a 3x3 conv stem, 4x4 average pooling to 8x8, then `depth`
    3x3 'same' convolutions each followed by `activation` (each wrapped as x + F(x) when
    `residual`), then a linear read-out. The same seed gives both versions the same weights,
    so plain and residual differ only by the skip connections."""
    if depth < 1 or channels < 1:
        raise ValueError(f"a deep stack needs depth >= 1 and channels >= 1, got {depth} and {channels}")
    layers: list[Layer] = [
        conv_layer("stem", rng, 1, channels, 3, padding=1),
        Activation("stem act", activation),
        Pool2d("pool", "avg", 4),
    ]
    for i in range(1, depth + 1):
        body: list[Layer] = [
            conv_layer(f"conv{i}", rng, channels, channels, 3, 1),
            Activation(f"act{i}", activation),
        ]
        layers += [Residual(f"block{i}", body)] if residual else body
    layers += [Flatten("flatten"), linear_layer("output", rng, channels * 8 * 8, 10)]
    return Sequential(layers)
