"""What the store hands out: a class's state, its question and answers, lessons, kept Practice attempts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class NoSuchClassError(LookupError):
    """The code names no class: mistyped, ended by its instructor, or expired."""


@dataclass(frozen=True)
class Question:
    id: str
    body: dict[str, Any]  # what the UI stored: the exercise, its answer, its solution
    revealed: bool


@dataclass(frozen=True)
class ClassState:
    """What a student's session polls: where the class is, and the open question."""

    code: str
    link: str  # the page and query the instructor shows ("" before the first)
    prompt: str
    version: int  # grows with every link the instructor publishes
    question: Question | None


@dataclass(frozen=True)
class Answer:
    answer: str  # as the UI normalised it (e.g. "5x5"), never raw markup
    correct: bool
    count: int


@dataclass(frozen=True)
class LessonStep:
    link: str
    prompt: str


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    steps: tuple[LessonStep, ...]


@dataclass(frozen=True)
class PracticeAttempt:
    """One browser's latest attempt at one Practice exercise."""

    exercise_key: str
    answer: str  # as the student wrote it, cut to MAX_ANSWER characters
    right: bool
    tries: int
    revealed: bool
