"""Class polls: a question for the whole class, from an exercise or from the figure on screen,
and the students' answers read into one form so the class's histogram counts equal answers once.

A poll is an `Exercise` (its question, answer, worked solution and link) stored as JSON in the
class store. Only the answer's numbers are kept, written the same way for everyone ("5x5",
"(2, 3)", "3.5"): what a student typed is never stored or shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from engine.trace.conv import ConvTrace
from engine.trace.pool import PoolTrace
from practice.answers import matches, read_numbers
from practice.exercise import Exercise, size_text
from text.numbers import format_number

KINDS = ("Output size", "Next value", "Where the window goes")


def can_poll(exercise: Exercise) -> bool:
    """Whether the class can answer it in a poll: numbers or options, not an answer in words."""
    return not exercise.ideas


def to_body(exercise: Exercise) -> dict[str, Any]:
    """The exercise as JSON-ready data for the store."""
    if not can_poll(exercise):
        raise ValueError(f"“{exercise.kind}” is answered in words, which a poll cannot count")
    body = {f.name: getattr(exercise, f.name) for f in fields(Exercise) if f.name != "ideas"}
    body |= {"answer": list(exercise.answer), "choices": list(exercise.choices)}
    body["params"] = dict(exercise.params)
    return body


def from_body(body: Mapping[str, Any]) -> Exercise:
    """The exercise a stored poll holds."""
    known = {f.name for f in fields(Exercise)} - {"ideas"}
    values = {key: value for key, value in body.items() if key in known}
    values["answer"] = tuple(values.get("answer", ()))
    values["choices"] = tuple(values.get("choices", ()))
    return Exercise(**values)


def _written(exercise: Exercise, numbers: tuple[float, ...]) -> str:
    texts = [format_number(n, digits=4) for n in numbers]
    if exercise.square and len(texts) == 2:
        return "x".join(texts)
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def read_poll_answer(exercise: Exercise, answer: str | list[str]) -> tuple[str, bool]:
    """(the answer as the class histogram shows it, whether it is right). ValueError with a hint
    when no answer can be read from it."""
    if exercise.choices:
        chosen = [answer] if isinstance(answer, str) else list(answer)
        chosen = [option for option in chosen if option in exercise.choices]
        if not chosen:
            raise ValueError("pick an option first")
        return "; ".join(sorted(chosen, key=exercise.choices.index)), exercise.is_right_choice(chosen)
    text = answer if isinstance(answer, str) else ""
    numbers = read_numbers(text, len(exercise.answer), exercise.example, exercise.square)
    return _written(exercise, numbers), matches(numbers, exercise.answer)


def figure_questions(
    trace: ConvTrace | PoolTrace,
    step: int,
    page: str,
    params: Mapping[str, str],
    size_formula: str,
    arithmetic: Callable[[int], str],
    step_key: str = "step",
) -> dict[str, Exercise]:
    """What the class can predict from the figure at `step` of `trace` (the page's link is
    `params`): the output size, and for the next step the value it writes and where its window
    goes. `arithmetic(s)` is step s's worked arithmetic."""
    rows, cols = (int(n) for n in trace.output.shape[-2:])
    questions = {
        "Output size": Exercise(
            kind="Output size",
            question="What size is the output of the layer on screen?",
            answer=(rows, cols),
            answer_text=size_text((rows, cols)),
            example="5x5",
            solution="```\n" + size_formula + "\n```",
            page=page,
            params=dict(params),
            square=True,
        )
    }
    following = step + 1
    if following >= len(trace.values):
        return questions
    channel, out_row, out_col = (int(v) for v in trace.out_index[following])
    at_next = dict(params) | {step_key: str(following)}
    where = f"output cell ({out_row}, {out_col})" + (
        f" of map {channel}" if trace.output.shape[0] > 1 else ""
    )
    value = float(trace.values[following])
    questions["Next value"] = Exercise(
        kind="Next value",
        question=f"Step {following} computes {where}. What value does it write?",
        answer=(value,),
        answer_text=format_number(value, digits=4),
        example="2.5",
        solution="```\n" + arithmetic(following) + "\n```",
        page=page,
        params=at_next,
    )
    top, left = (int(v) for v in trace.taps[following, 0, 0])
    questions["Where the window goes"] = Exercise(
        kind="Where the window goes",
        question=(
            f"At step {following} the window moves on. Which input cell is its top-left corner? "
            "Give its row and column in the drawn input, padding included, counting from 0."
        ),
        answer=(top, left),
        answer_text=f"({top}, {left})",
        example="(0, 2)",
        solution=f"Step {following} writes {where}; its window's top-left tap reads row {top}, "
        f"column {left} of the padded input.\n\n```\n{arithmetic(following)}\n```",
        page=page,
        params=at_next,
    )
    return questions
