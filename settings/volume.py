"""A multi-channel layer: its input volume (random integers, a picture's RGB, or typed values)
and its filters (from the seed, or one typed filter and its bias)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from settings.fields import Settings, choice, cols, number, rows, text, toggle
from settings.input import SAMPLES
from text.numbers import MAX_MAGNITUDE, parse_grid

MAX_CHANNELS = 4  # channels and filters drawn from the seed
MAX_TYPED_CHANNELS = 16  # a typed volume: LeNet-5's C5 reads 16 channels
MAX_TYPED_VALUES = 1_024  # cells of a typed volume (16 channels of 8x8)
MAX_SIDE = 16
MAX_KERNEL = 5
MAX_TYPED_CHARS = 12_000  # of each typed text: a 16x5x5 window at 6 decimals, and room to spare
CHANNEL_BREAK = "/"


def _typed(values) -> bool:
    return values.get("vsrc") == "typed"


def _not_typed(values) -> bool:
    return values.get("vsrc") != "typed"


def group_options(channels: int, filters: int) -> tuple[int, ...]:
    """Groups that divide both the input channels and the filters."""
    return tuple(g for g in range(1, channels + 1) if channels % g == 0 and filters % g == 0)


@dataclass(frozen=True)
class VolumeSettings(Settings):
    """C_in channels of H x W, K filters of kH x kW spanning C_in/groups channels, biases or not."""

    source: str = choice(
        "vsrc",
        "Input volume",
        ("random", "image", "typed"),
        radio=True,
        help="Random integers from a seed, a sample picture split into red, green and blue, or "
        "values you type (one filter).",
    )
    sample: str = choice("sample", "Sample picture", SAMPLES, shown=lambda v: v.get("vsrc") == "image")
    input_channels: int = number(
        "cin", "Input channels C_in", 3, 1, MAX_CHANNELS, shown=lambda v: v.get("vsrc") == "random"
    )
    height: int = number("h", "Height", 5, 1, MAX_SIDE, row="size", shown=_not_typed)
    width: int = number("w", "Width", 5, 1, MAX_SIDE, row="size", shown=_not_typed)
    seed: int = number(
        "seed",
        "Seed",
        0,
        0,
        10**6,
        help="Input values (when random), weights and biases come from this seed.",
        shown=_not_typed,
    )
    filters: int = number("filters", "Filters K", 2, 1, MAX_CHANNELS, shown=_not_typed)
    kernel_h: int = rows("k", "Kernel", 3, 1, MAX_KERNEL, shown=_not_typed)
    kernel_w: int = cols("k", "Kernel", 3, 1, MAX_KERNEL, shown=_not_typed)
    groups: int = choice(
        "groups",
        "Groups",
        tuple(range(1, MAX_CHANNELS + 1)),
        help="Each filter sees C_in/groups channels; groups = C_in = K is a depthwise convolution.",
        shown=_not_typed,
    )
    typed_input: str = text(
        "vgrid",
        f"Input volume (channels separated by {CHANNEL_BREAK}, rows by ;)",
        "1 2 3; 4 5 6; 7 8 9 / 0 1 0; 1 0 1; 0 1 0",
        lines=5,
        max_chars=MAX_TYPED_CHARS,
        shown=_typed,
        help=f"Up to {MAX_TYPED_CHANNELS} channels of the same size, at most {MAX_SIDE}x{MAX_SIDE} "
        f"and {MAX_TYPED_VALUES:,} values in all.",
    )
    typed_filter: str = text(
        "vfilter",
        f"The filter (a kernel per input channel, separated by {CHANNEL_BREAK})",
        "1 0; 0 -1 / 0 1; 1 0",
        lines=4,
        max_chars=MAX_TYPED_CHARS,
        shown=_typed,
        help=f"One kernel of at most {MAX_KERNEL}x{MAX_KERNEL} for each channel of the input volume.",
    )
    typed_bias: str = text("vb", "The filter's bias", "0", max_chars=40, shown=_typed)
    with_bias: bool = toggle("vbias", "Biases", True)

    def typed_values(self) -> tuple[np.ndarray, np.ndarray, float]:
        """The typed input (C, H, W), the one filter (1, C, kH, kW) and its bias; ValueError
        saying what is wrong with the user's own text."""
        volume = _parse_volume(self.typed_input, "input volume", (MAX_SIDE, MAX_SIDE))
        if volume.shape[0] > MAX_TYPED_CHANNELS or volume.size > MAX_TYPED_VALUES:
            C, H, W = volume.shape
            raise ValueError(
                f"the input volume is {C} channels of {H}x{W} = {volume.size:,} values; at most "
                f"{MAX_TYPED_CHANNELS} channels and {MAX_TYPED_VALUES:,} values are allowed here"
            )
        kernel = _parse_volume(self.typed_filter, "filter", (MAX_KERNEL, MAX_KERNEL))
        if kernel.shape[0] != volume.shape[0]:
            raise ValueError(
                f"the filter has {kernel.shape[0]} channel(s) but the input volume has "
                f"{volume.shape[0]}: type one kernel per input channel, separated by {CHANNEL_BREAK}"
            )
        try:
            bias = float(self.typed_bias)
        except ValueError:
            raise ValueError(f"the bias {self.typed_bias.strip()[:20]!r} is not a number") from None
        if not math.isfinite(bias) or abs(bias) > MAX_MAGNITUDE:
            raise ValueError(f"the bias must be a finite number no larger than {MAX_MAGNITUDE:g} in size")
        return volume, kernel[None], bias

    @property
    def channels(self) -> int:
        """C_in: a picture has three (red, green, blue); typed values as many as typed."""
        if self.source == "typed":
            return len(self.typed_input.split(CHANNEL_BREAK))
        return 3 if self.source == "image" else self.input_channels

    @property
    def size(self) -> tuple[int, int]:
        return self.height, self.width

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self.kernel_h, self.kernel_w


def _parse_volume(text_value: str, name: str, max_size: tuple[int, int]) -> np.ndarray:
    """ "1 2; 3 4 / 5 6; 7 8" -> (C, H, W): channels split at CHANNEL_BREAK, each one grid."""
    if len(text_value) > MAX_TYPED_CHARS:
        raise ValueError(
            f"the {name} is {len(text_value):,} characters long; at most {MAX_TYPED_CHARS:,} are allowed here"
        )
    parts = text_value.split(CHANNEL_BREAK)
    if len(parts) > MAX_TYPED_CHANNELS:
        raise ValueError(
            f"the {name} has {len(parts)} channels; at most {MAX_TYPED_CHANNELS} are allowed here"
        )
    grids = [parse_grid(part, f"{name}'s channel {c}", max_size) for c, part in enumerate(parts)]
    shapes = {grid.shape for grid in grids}
    if len(shapes) > 1:
        sizes = ", ".join(f"{h}x{w}" for h, w in (grid.shape for grid in grids))
        raise ValueError(f"every channel of the {name} needs the same size; the channels are {sizes}")
    return np.stack(grids)


def typed_text(volume: np.ndarray, digits: int) -> str:
    """(C, H, W) values as the typed text `_parse_volume` reads back, each rounded to `digits`
    decimals and written in full (no exponent, no trailing zeros)."""
    return f" {CHANNEL_BREAK} ".join(
        "; ".join(" ".join(decimal_text(v, digits) for v in row) for row in channel) for channel in volume
    )


def decimal_text(value: float, digits: int) -> str:
    """`value` rounded to `digits` decimals, written in full: 0.1235, 12.5, 0 (never -0 or 1e-05)."""
    text_value = f"{round(float(value), digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text_value in ("-0", "") else text_value
