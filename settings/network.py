"""The Network page's controls: which trained LeNet-5 reads which held-out digit, the activation
clicked (layer, map, row, col), and the network trained in the session."""

from __future__ import annotations

from dataclasses import dataclass

from settings.fields import Settings, choice, number

MODELS = ("tanh", "relu")  # the shipped LeNet-5s: tanh + average pooling, ReLU + max pooling
TEST_DIGITS = 1_000  # held-out digits in assets/digits.npz
LAYERS = ("C1", "S2", "C3", "S4", "C5", "F6", "output")
TRAINABLE = ("LeNet-5 tanh", "LeNet-5 ReLU", "deep plain", "deep residual")
MAX_STEPS_PER_CLICK = 10  # a click's training stays within ~3 s of one core (benchmarks/network.py)


@dataclass(frozen=True)
class NetworkSettings(Settings):
    """The model, the digit it reads (held-out index, or a drawing) and the activation clicked."""

    source: str = choice(
        "nsrc", "Digit", ("held-out", "drawn"), radio=True, help="A held-out MNIST digit, or your own."
    )
    model: str = choice(
        "model",
        "Trained LeNet-5",
        MODELS,
        radio=True,
        help="tanh with average pooling, as the chapter draws it; or ReLU with max pooling.",
    )
    digit: int = number(
        "digit",
        f"Held-out digit (0 to {TEST_DIGITS - 1})",
        0,
        0,
        TEST_DIGITS - 1,
        shown=lambda v: v.get("nsrc") != "drawn",
    )
    layer: str = choice("layer", "Layer", LAYERS, help="The layer of the activation to explain.")
    channel: int = number("ch", "Map", 0, 0, 119, row="cell")
    row: int = number("row", "Row", 14, 0, 27, row="cell")
    col: int = number("col", "Col", 14, 0, 27, row="cell")


@dataclass(frozen=True)
class TrainSettings(Settings):
    """A network trained from a seeded start in the session."""

    network: str = choice(
        "net",
        "Network to train",
        TRAINABLE,
        help="LeNet-5 with tanh or ReLU; a 12-layer stack of 3x3 convolutions, plain or with skip "
        "connections (the same seed gives both the same weights).",
    )
    seed: int = number("tseed", "Seed", 0, 0, 10**6, row="train")
    steps: int = number(
        "tsteps",
        "Steps per click",
        5,
        1,
        MAX_STEPS_PER_CLICK,
        row="train",
        help="Each step is a batch of 32.",
    )
