"""Where a single-channel input comes from: a preset pattern, typed values or a picture."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from settings.fields import Fill, Settings, Values, choice, number, text
from settings.presets import INPUT_PRESETS, input_preset
from text.numbers import grid_to_text

SOURCES = ("preset", "typed", "image")
SAMPLES = ("cameraman", "astronaut", "cat", "coffee", "coins")
MAX_ANIMATED = 32  # larger inputs are shown as pictures
MAX_IMAGE = 256
PICTURE_SIDE = 64  # the smallest side at which a sample picture is still recognisable


def _not_typed(values: Values) -> bool:
    return values.get("src") != "typed"


def _on_source_change(values: Values) -> dict[str, Any]:
    """Switching to typed values starts from the current preset, so there is something to edit;
    switching to a picture makes it at least 64x64, since a 7x7 photo shows nothing."""
    if values.get("src") == "image":
        return {key: max(int(values.get(key, 7)), PICTURE_SIDE) for key in ("h", "w")}
    return _typed_from_preset(values)


def _typed_from_preset(values: Values) -> dict[str, Any]:
    if values.get("src") != "typed":
        return {}
    size = (int(values.get("h", 7)), int(values.get("w", 7)))
    rng = np.random.default_rng(int(values.get("seed", 0)))
    return {"grid": grid_to_text(input_preset(str(values.get("preset", INPUT_PRESETS[0])), size, rng))}


@dataclass(frozen=True)
class InputSettings(Settings):
    """The input map: `source` decides which of the other fields are used."""

    source: str = choice(
        "src", "Input", SOURCES, radio=True, help="A preset pattern, values you type, or an image."
    )
    height: int = number("h", "Height", 7, 1, MAX_IMAGE, row="size", shown=_not_typed)
    width: int = number("w", "Width", 7, 1, MAX_IMAGE, row="size", shown=_not_typed)
    preset: str = choice("preset", "Pattern", INPUT_PRESETS, shown=lambda v: v.get("src") == "preset")
    seed: int = number(
        "seed",
        "Seed",
        0,
        0,
        10**6,
        help="Random values come from this seed: the same seed gives the same numbers.",
        shown=lambda v: v.get("src") != "image",
    )
    typed: str = text(
        "grid",
        "Values (rows separated by ; or new lines)",
        "1 2 3; 4 5 6; 7 8 9",
        lines=5,
        shown=lambda v: v.get("src") == "typed",
    )
    sample: str = choice("sample", "Sample picture", SAMPLES, shown=lambda v: v.get("src") == "image")

    CHANGES: ClassVar[dict[str, Fill]] = {"src": _on_source_change}

    @property
    def size(self) -> tuple[int, int]:
        return self.height, self.width
