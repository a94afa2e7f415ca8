"""An exercise: its question, answer, worked solution and the link that opens it on its page."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

import numpy as np

from practice.answers import matches, read_numbers
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
    text = f"a {k}x{k} kernel, stride {s}, padding {p}"
    return text + (f", dilation {d}" if d > 1 else "")


def conv_params(size: tuple[int, int], kernel: np.ndarray, s: int, p: int, d: int = 1) -> dict[str, str]:
    """The Convolution page's URL values for a preset input of `size` and a typed kernel."""
    return (
        preset_params(size)
        | {"kernel": grid_to_text(kernel)}
        | both("s", s)
        | custom_padding(p)
        | both("d", d)
    )


def both(key: str, value: int) -> dict[str, str]:
    """URL values of a pair control with the same value for rows and columns: sh=2, sw=2."""
    return {f"{key}h": str(value), f"{key}w": str(value)}


def custom_padding(p: int) -> dict[str, str]:
    return {"padding": "custom"} | {side: str(p) for side in ("pt", "pb", "pl", "pr")}


def preset_params(size: tuple[int, int]) -> dict[str, str]:
    return {"src": "preset", "preset": "random integers", "h": str(size[0]), "w": str(size[1])}


def pool_params(kind: str, k: int, s: int, p: int) -> dict[str, str]:
    """The Pooling page's URL values for a square window, stride and padding."""
    return {"kind": kind, "skernel": "false"} | both("k", k) | both("s", s) | both("p", p)


def typed_params(grid: np.ndarray) -> dict[str, str]:
    return {"src": "typed", "grid": grid_to_text(grid)}
