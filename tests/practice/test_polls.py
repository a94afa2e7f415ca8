import json

import numpy as np
import pytest

from engine.trace.conv import trace_conv2d
from engine.trace.pool import trace_pool2d
from practice.exercise import Exercise, Idea
from practice.polls import figure_questions, from_body, read_poll_answer, to_body

GRID = np.arange(25, dtype=float).reshape(1, 5, 5)
KERNEL = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # out = x[r, c] - x[r+1, c+1] = -6 everywhere


def questions(step=0):
    trace = trace_conv2d(GRID, KERNEL, stride=1, padding=1)
    return figure_questions(
        trace, step, "convolution", {"h": "5"}, "H_out = 5 + 2 - 2 + 1 = 6", lambda s: f"arith {s}"
    )


def test_a_poll_survives_the_store_as_json_and_reads_back_the_same_exercise():
    exercise = questions()["Next value"]
    assert from_body(json.loads(json.dumps(to_body(exercise)))) == exercise


def test_an_answer_in_words_cannot_be_a_poll():
    worded = Exercise("Why", "Why?", (), "", "", "", "convolution", ideas=(Idea("x", ("x",)),))
    with pytest.raises(ValueError, match="answered in words"):
        to_body(worded)


def test_the_figure_asks_the_size_the_next_value_and_the_next_window_with_the_engines_numbers():
    asked = questions(step=0)
    assert asked["Output size"].answer == (6, 6)  # (5 + 2·1 − 2)/1 + 1
    # step 1 is output (0, 1): window rows 0-1, cols 1-2 of the padded input
    assert asked["Next value"].answer == (0.0 - 1.0,)  # padding 0 at (0,1) minus x[0,1] = 1
    assert asked["Where the window goes"].answer == (0, 1)
    assert asked["Next value"].params == {"h": "5", "step": "1"}
    assert asked["Next value"].solution == "```\narith 1\n```"
    last = questions(step=35)
    assert list(last) == ["Output size"]  # no next step after the last one


def test_pooling_figures_ask_the_same_way():
    trace = trace_pool2d(GRID, "max", 2, 2)
    asked = figure_questions(trace, 0, "pooling", {}, "H_out = 2", lambda s: "")
    assert asked["Output size"].answer == (2, 2)
    assert asked["Next value"].answer == (8.0,)  # max of rows 0-1, cols 2-3
    assert asked["Where the window goes"].answer == (0, 2)


@pytest.mark.parametrize(
    ("typed", "shown", "right"),
    [("6x6", "6x6", True), ("(6, 6)", "6x6", True), ("6", "6x6", True), ("7 by 7", "7x7", False)],
)
def test_equal_sizes_are_counted_as_one_answer_however_they_are_written(typed, shown, right):
    assert read_poll_answer(questions()["Output size"], typed) == (shown, right)


def test_values_and_cells_are_written_one_way_and_markup_never_survives():
    asked = questions()
    assert read_poll_answer(asked["Next value"], " -1.00 ") == ("-1", True)
    assert read_poll_answer(asked["Where the window goes"], "row 0, col 1") == ("(0, 1)", True)
    shown, right = read_poll_answer(asked["Next value"], "<b>3</b>")
    assert (shown, right) == ("3", False)
    with pytest.raises(ValueError, match="no number"):
        read_poll_answer(asked["Next value"], "<script>alert()</script>")
