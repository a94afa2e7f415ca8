"""A class's link keys: the code a student joins with (the projected QR code's link) and a
lesson to go through."""

from __future__ import annotations

from dataclasses import dataclass

from settings.fields import Settings, text


@dataclass(frozen=True)
class JoinSettings(Settings):
    code: str = text(
        "join", "Class code", "", max_chars=12, help="The six letters and digits on the projector."
    )
    lesson: str = text("lesson", "Lesson", "", max_chars=12)
