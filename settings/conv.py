"""A convolution's stride, padding (a rule or per side), padding mode and dilation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.geometry import PADDING_MODES, PADDING_RULES, padding_for
from settings.fields import Settings, Values, choice, cols, number, rows


def _custom(values: Values) -> bool:
    return values.get("padding") == "custom"


@dataclass(frozen=True)
class ConvSettings(Settings):
    """nn.Conv2d's spatial settings, padding given as a rule (valid, same, full) or per side."""

    stride_h: int = rows("s", "Stride", 1, 1, 8)
    stride_w: int = cols("s", "Stride", 1, 1, 8)
    padding_rule: str = choice(
        "padding",
        "Padding",
        PADDING_RULES,
        radio=True,
        help='"same" keeps the size (stride 1 only), "full" computes every window that touches the '
        "input, custom sets each side.",
    )
    pad_top: int = number("pt", "Top", 0, 0, 8, row="pv", shown=_custom)
    pad_bottom: int = number("pb", "Bottom", 0, 0, 8, row="pv", shown=_custom)
    pad_left: int = number("pl", "Left", 0, 0, 8, row="ph", shown=_custom)
    pad_right: int = number("pr", "Right", 0, 0, 8, row="ph", shown=_custom)
    padding_mode: str = choice(
        "mode",
        "Padding mode",
        PADDING_MODES,
        help="What the padding cells hold: zeros, a mirror of the input without its edge (reflect), "
        "copies of the edge (replicate) or the opposite side (circular).",
    )
    dilation_h: int = rows("d", "Dilation", 1, 1, 4)
    dilation_w: int = cols("d", "Dilation", 1, 1, 4)

    @property
    def stride(self) -> tuple[int, int]:
        return self.stride_h, self.stride_w

    @property
    def dilation(self) -> tuple[int, int]:
        return self.dilation_h, self.dilation_w

    @property
    def custom_padding(self) -> tuple[int, int, int, int]:
        """(left, right, top, bottom), F.pad's order."""
        return self.pad_left, self.pad_right, self.pad_top, self.pad_bottom

    def pad(self, kernel_size: tuple[int, int]) -> tuple[int, int, int, int]:
        """F.pad amounts (left, right, top, bottom) for a kernel of `kernel_size`."""
        return padding_for(self.padding_rule, kernel_size, self.dilation, self.custom_padding, self.stride)

    def to_kwargs(self, kernel_size: tuple[int, int]) -> dict[str, Any]:
        """The engine's arguments after the input and weights (engine.trace_pad_conv2d's order)."""
        return {
            "pad": self.pad(kernel_size),
            "padding_mode": self.padding_mode,
            "stride": self.stride,
            "dilation": self.dilation,
        }
