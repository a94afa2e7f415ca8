"""A multi-channel layer: its input volume (random integers or a picture's RGB) and its filters."""

from __future__ import annotations

from dataclasses import dataclass

from settings.fields import Settings, choice, cols, number, rows, toggle
from settings.input import SAMPLES

MAX_CHANNELS = 4


def group_options(channels: int, filters: int) -> tuple[int, ...]:
    """Groups that divide both the input channels and the filters."""
    return tuple(g for g in range(1, channels + 1) if channels % g == 0 and filters % g == 0)


@dataclass(frozen=True)
class VolumeSettings(Settings):
    """C_in channels of H x W, K filters of kH x kW spanning C_in/groups channels, biases or not."""

    source: str = choice(
        "vsrc",
        "Input volume",
        ("random", "image"),
        radio=True,
        help="Random integers from a seed, or a sample picture split into red, green and blue.",
    )
    sample: str = choice("sample", "Sample picture", SAMPLES, shown=lambda v: v.get("vsrc") == "image")
    input_channels: int = number(
        "cin", "Input channels C_in", 3, 1, MAX_CHANNELS, shown=lambda v: v.get("vsrc") != "image"
    )
    height: int = number("h", "Height", 5, 1, 16, row="size")
    width: int = number("w", "Width", 5, 1, 16, row="size")
    seed: int = number(
        "seed",
        "Seed",
        0,
        0,
        10**6,
        help="Input values (when random), weights and biases come from this seed.",
    )
    filters: int = number("filters", "Filters K", 2, 1, MAX_CHANNELS)
    kernel_h: int = rows("k", "Kernel", 3, 1, 5)
    kernel_w: int = cols("k", "Kernel", 3, 1, 5)
    groups: int = choice(
        "groups",
        "Groups",
        tuple(range(1, MAX_CHANNELS + 1)),
        help="Each filter sees C_in/groups channels; groups = C_in = K is a depthwise convolution.",
    )
    with_bias: bool = toggle("vbias", "Biases", True)

    @property
    def channels(self) -> int:
        """C_in: a picture has three (red, green, blue)."""
        return 3 if self.source == "image" else self.input_channels

    @property
    def size(self) -> tuple[int, int]:
        return self.height, self.width

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self.kernel_h, self.kernel_w
