"""A single kernel: a preset that fills editable values, the bias and the flip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from settings.fields import Fill, Settings, Values, choice, number, text, toggle
from settings.presets import KERNEL_PRESETS, kernel_preset
from text.numbers import grid_to_text, parse_grid

RANDOM_KERNELS = {"random 3x3": (3, 3), "random 5x5": (5, 5), "random 2x4": (2, 4), "random 7x7": (7, 7)}
KERNEL_CHOICES = (*(name for name in KERNEL_PRESETS if name != "random"), *RANDOM_KERNELS, "custom")
MAX_KERNEL = (11, 11)  # AlexNet's first layer


def preset_kernel_text(name: str, seed: int) -> str:
    """The kernel text a preset stands for (random ones drawn from the input's seed)."""
    if name in RANDOM_KERNELS:
        return grid_to_text(kernel_preset("random", RANDOM_KERNELS[name], np.random.default_rng(seed)))
    if name == "custom":
        return grid_to_text(kernel_preset("Sobel x"))
    return grid_to_text(kernel_preset(name))


def _fill_kernel(values: Values) -> dict[str, Any]:
    name = str(values.get("kpreset", "Sobel x"))
    if name == "custom":
        return {}
    return {"kernel": preset_kernel_text(name, int(values.get("seed", 0)))}


def _mark_custom(values: Values) -> dict[str, Any]:
    """Edited values no longer match their preset: the preset reads "custom"."""
    preset = str(values.get("kpreset", "Sobel x"))
    if preset == "custom" or values.get("kernel") == preset_kernel_text(preset, int(values.get("seed", 0))):
        return {}
    return {"kpreset": "custom"}


@dataclass(frozen=True)
class KernelSettings(Settings):
    """The kernel's text (what is computed with), the preset it came from, bias and flip."""

    preset: str = choice("kpreset", "Kernel preset", KERNEL_CHOICES, "Sobel x")
    text: str = text(
        "kernel", f"Kernel values (1 to {MAX_KERNEL[0]} per side)", preset_kernel_text("Sobel x", 0), lines=4
    )
    bias: float = number("bias", "Bias b", 0.0, -100.0, 100.0, step=0.5)
    flip: bool = toggle(
        "flip",
        "True convolution (flip the kernel)",
        help="Deep-learning libraries compute cross-correlation: the kernel slides as it is. "
        "Mathematical convolution first rotates the kernel by 180 degrees. For a symmetric "
        "kernel the two agree; for Sobel or emboss they differ in sign or direction.",
    )

    FILLS: ClassVar[dict[str, Fill]] = {"kpreset": _fill_kernel}
    CHANGES: ClassVar[dict[str, Fill]] = {"kernel": _mark_custom}

    def weights(self) -> np.ndarray:
        """(kH, kW) kernel as used: rotated by 180 degrees for a true convolution."""
        grid = parse_grid(self.text, "kernel", MAX_KERNEL)
        return grid[::-1, ::-1].copy() if self.flip else grid

    def typed_weights(self) -> np.ndarray:
        """(kH, kW) kernel as typed (before any flip)."""
        return parse_grid(self.text, "kernel", MAX_KERNEL)
