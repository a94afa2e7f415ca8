"""Controls that are not a layer's: the frame's classroom mode, animation steps, image mode's
zoom, the equivariance shift, a picture to draw a field on, and a Practice set."""

from __future__ import annotations

from dataclasses import dataclass

from settings.fields import Settings, choice, number, toggle
from settings.input import SAMPLES

MAX_SET = 999_999


@dataclass(frozen=True)
class FrameSettings(Settings):
    classroom: bool = toggle("classroom", "Classroom mode", help="Larger text and cells, for a projector.")


@dataclass(frozen=True)
class StepSettings(Settings):
    """The step an animation shows (one animation on the page)."""

    step: int = number("step", "Step", 0, 0, 10**6)


@dataclass(frozen=True)
class TransposeSteps(Settings):
    stamp_step: int = number("tstep", "Step", 0, 0, 10**6)
    correlation_step: int = number("cstep", "Step", 0, 0, 10**6)


@dataclass(frozen=True)
class ZoomSettings(Settings):
    """Image mode's zoomed block: its top-left output cell."""

    row: int = number("zr", "Zoom: first output row", 0, 0, 1024, row="zoom")
    col: int = number("zc", "Zoom: first output column", 0, 0, 1024, row="zoom")


@dataclass(frozen=True)
class ShiftSettings(Settings):
    """How far the equivariance check shifts the input."""

    down: int = number("dy", "Shift down", 1, -3, 3, row="shift", slider=True)
    right: int = number("dx", "Shift right", 1, -3, 3, row="shift", slider=True)


@dataclass(frozen=True)
class PictureSettings(Settings):
    sample: str = choice("sample", "On a picture", SAMPLES)


@dataclass(frozen=True)
class PracticeSettings(Settings):
    set_number: int = number(
        "set",
        "Set number",
        1,
        1,
        MAX_SET,
        help="The same number gives everyone the same exercises: share this page's link.",
    )
    count: int = number("n", "Exercises", 10, 1, 30)
