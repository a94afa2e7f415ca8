"""A stack of layers as text, with its input shape, and the unit whose receptive field is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from settings.fields import Fill, Settings, Values, choice, number, text
from settings.presets import STACK_PRESETS

DEFAULT_STACK = "three stacked 3x3"


def _fill_from_preset(values: Values) -> dict[str, Any]:
    """A preset writes its layers and its input shape."""
    name = values.get("net", DEFAULT_STACK)
    (channels, height, width), layers = STACK_PRESETS.get(name, STACK_PRESETS[DEFAULT_STACK])
    return {"stack": layers, "ic": channels, "ih": height, "iw": width}


_DEFAULT_SHAPE, _DEFAULT_TEXT = STACK_PRESETS[DEFAULT_STACK]


@dataclass(frozen=True)
class StackSettings(Settings):
    """The layer stack editor shared by Receptive field and Architectures."""

    preset: str = choice("net", "Network preset", tuple(STACK_PRESETS), DEFAULT_STACK)
    text: str = text(
        "stack",
        "Layers, one per line",
        _DEFAULT_TEXT,
        lines=9,
        help="conv 64 3x3 s1 p1 d1 relu · pool max 2x2 s2 · fc 84. Add, delete or move lines to edit.",
    )
    channels: int = number("ic", "Input C", _DEFAULT_SHAPE[0], 1, 512, row="shape")
    height: int = number("ih", "H", _DEFAULT_SHAPE[1], 1, 1024, row="shape")
    width: int = number("iw", "W", _DEFAULT_SHAPE[2], 1, 1024, row="shape")

    FILLS: ClassVar[dict[str, Fill]] = {"net": _fill_from_preset}

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return self.channels, self.height, self.width


@dataclass(frozen=True)
class UnitSettings(Settings):
    """One unit of one spatial layer (1-based layer; 0 means the last)."""

    layer: int = number("layer", "Layer", 0, 0, 200, row="unit")
    row: int = number("ur", "Unit row", 0, 0, 1024, row="unit")
    col: int = number("uc", "Unit column", 0, 0, 1024, row="unit")
