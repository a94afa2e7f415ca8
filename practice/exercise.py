"""An exercise: its question, answer, worked solution and the link that opens it on its page."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

import numpy as np

from practice.answers import matches, read_numbers
from settings.conv import ConvSettings
from settings.fields import link
from settings.input import InputSettings
from settings.kernel import KernelSettings
from settings.pool import PoolSettings
from settings.stack import StackSettings
from text.numbers import format_number, grid_to_text

SIZE_EXAMPLE = "12x12 (or 12 when both sides agree)"

T = TypeVar("T")


@dataclass(frozen=True)
class Exercise:
    kind: str  # what it practises, e.g. "Output size"
    question: str  # markdown
    answer: tuple[float, ...]  # the numbers asked for, in order; for a choice question, the right options
    answer_text: str  # the answer as it reads, e.g. "31x31"
    example: str  # how an answer is written, for the input's hint
    solution: str  # markdown: the worked solution with the exercise's numbers
    page: str  # url_path of the page that shows this configuration
    params: Mapping[str, str] = field(default_factory=dict)  # that page's URL values
    square: bool = False  # one number stands for both sides of a square size
    choices: tuple[str, ...] = ()  # options of a choice question
    ideas: tuple[Idea, ...] = ()  # an answer in words: each idea must be said (answer is then ())

    def __post_init__(self) -> None:  # shared by every session through the cache: read-only
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def is_right(self, text: str) -> bool:
        """Whether the typed answer is right; ValueError with a hint when it cannot be read."""
        if self.ideas:
            return says_every_idea(text, self.ideas)
        return matches(read_numbers(text, len(self.answer), self.example, self.square), self.answer)

    @property
    def placeholder(self) -> str:
        """How an answer is written, never the answer itself (a drawn example may hit it)."""
        try:
            gives_it_away = not self.choices and self.is_right(self.example)
        except ValueError:
            gives_it_away = False
        if gives_it_away:
            return "your answer"
        return f"e.g. {self.example}" if re.search(r"\d", self.example) else self.example

    def is_right_choice(self, chosen: list[str]) -> bool:
        return sorted(self.choices.index(option) for option in chosen) == list(self.answer)


@dataclass(frozen=True)
class Idea:
    """One idea an answer in words must contain: `name` as the solution says it, and the word
    stems (regular expressions) any of which says it."""

    name: str
    stems: tuple[str, ...]


def says_every_idea(text: str, ideas: tuple[Idea, ...]) -> bool:
    """Whether `text` says every idea. ValueError when it is too short to be read as words."""
    text = text.strip()[:400].lower()
    if len(re.findall(r"[a-z]{2,}", text)) < 2:
        raise ValueError("this one is answered in words: a phrase for each idea asked for")
    return all(any(re.search(stem, text) for stem in idea.stems) for idea in ideas)


def code(*lines: str) -> str:
    """Lines as a fenced block, so formulas keep their alignment."""
    return "```\n" + "\n".join(lines) + "\n```"


def matrix_text(name: str, values: np.ndarray) -> str:
    """name = and the matrix, right-aligned, one row per line."""
    cells = [[format_number(v) for v in row] for row in np.asarray(values)]
    width = max(len(cell) for row in cells for cell in row)
    return "\n".join([f"{name} ="] + ["  " + " ".join(cell.rjust(width) for cell in row) for row in cells])


def size_text(size: tuple[int, int]) -> str:
    """(H, W) as "HxW"."""
    return f"{size[0]}x{size[1]}"


def pick(rng: np.random.Generator, options: Sequence[T]) -> T:
    """One of `options`, drawn from `rng`."""
    return options[int(rng.integers(len(options)))]


def draw_size(rng: np.random.Generator, low: int, high: int) -> tuple[int, int]:
    """(H, W) between low and high; square half the time."""
    H = int(rng.integers(low, high + 1))
    return (H, H) if rng.random() < 0.5 else (H, int(rng.integers(low, high + 1)))


def pick_interesting(rng: np.random.Generator, values: np.ndarray) -> int:
    """The index of one of `values`, a non-zero one when there is any (a 0 is too easy to guess)."""
    candidates = np.flatnonzero(values)
    candidates = candidates if len(candidates) else np.arange(len(values))
    return int(pick(rng, tuple(candidates)))


def settings_text(k: int, s: int, p: int, d: int = 1) -> str:
    """The kernel size, stride, padding and (above 1) dilation, in words."""
    text = f"a {k}x{k} kernel, stride {s}, padding {p}"
    return text + (f", dilation {d}" if d > 1 else "")


def square_conv(s: int, p: int, d: int = 1) -> ConvSettings:
    """The same stride, padding (every side) and dilation along rows and columns."""
    return ConvSettings(
        stride_h=s, stride_w=s, padding_rule="custom", pad_top=p, pad_bottom=p, pad_left=p, pad_right=p,
        dilation_h=d, dilation_w=d,
    )  # fmt: skip


def square_pool(kind: str, k: int, s: int, p: int, ceil: bool = False) -> PoolSettings:
    """A square window, stride and padding, the stride set apart from the window."""
    return PoolSettings(
        kind=kind, kernel_h=k, kernel_w=k, stride_is_kernel=False, stride_h=s, stride_w=s, padding_h=p,
        padding_w=p, ceil_mode=ceil,
    )  # fmt: skip


def preset_input(size: tuple[int, int]) -> InputSettings:
    """Random integers of `size` (the seed's default)."""
    return InputSettings(source="preset", preset="random integers", height=size[0], width=size[1])


def typed_input(grid: np.ndarray) -> InputSettings:
    """The values of (H, W) `grid`, typed."""
    return InputSettings(source="typed", typed=grid_to_text(grid))


def typed_kernel(kernel: np.ndarray, bias: float = 0.0) -> KernelSettings:
    """The values of (kH, kW) `kernel`, typed (the preset reads custom)."""
    return KernelSettings(preset="custom", text=grid_to_text(kernel), bias=bias)


def conv_params(size: tuple[int, int], kernel: np.ndarray, s: int, p: int, d: int = 1) -> dict[str, str]:
    """The Convolution page's link for a preset input of `size` and a typed kernel."""
    return link(preset_input(size), typed_kernel(kernel), square_conv(s, p, d))


def stack_params(text: str, channels: int = 1, size: int = 32) -> dict[str, str]:
    """A layer stack's link (Receptive field, Architectures) on a channels x size x size input."""
    return link(StackSettings(text=text, channels=channels, height=size, width=size))
