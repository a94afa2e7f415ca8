"""Reading answers: every way a student writes a size or a number, and a hint for the rest."""

import pytest

from practice.answers import matches, read_numbers


@pytest.mark.parametrize("text", ["31", "31x31", "31 × 31", "(31, 31)", "31 by 31", " 31X31 ", "[31,31]"])
def test_a_square_size_reads_however_it_is_written(text):
    assert read_numbers(text, 2, "12x12", square=True) == (31, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,432", 2432),
        ("2 432", 2432),
        ("2_432", 2432),
        ("−3", -3),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("7/3", 7 / 3),
    ],
)
def test_one_number_reads_with_separators_signs_and_fractions(text, expected):
    assert read_numbers(text, 1, "42") == pytest.approx((expected,))


def test_a_dash_between_numbers_is_a_range_not_a_sign():
    assert read_numbers("rows 2-4, columns -1 to 1", 4, "") == (2, 4, -1, 1)


def test_a_non_square_size_needs_both_sides():
    with pytest.raises(ValueError, match="2 numbers, like 12x14, but yours has 1"):
        read_numbers("12", 2, "12x14", square=False)


@pytest.mark.parametrize("text", ["", "abc", "thirty-one", "<b>big</b>"])
def test_text_without_a_number_gets_a_hint_naming_the_form(text):
    with pytest.raises(ValueError, match="there is no number in your answer: write it like 12x12"):
        read_numbers(text, 2, "12x12", square=True)


def test_a_worked_calculation_instead_of_an_answer_gets_a_hint():
    with pytest.raises(ValueError, match=r"one number, like 42, but yours has 6 \(64, 2, 5, 2, 1, 31\)"):
        read_numbers("(64 + 2 - 5)/2 + 1 = 31", 1, "42")


def test_division_by_zero_is_a_hint_not_a_crash():
    with pytest.raises(ValueError, match="divides by zero"):
        read_numbers("3/0", 1, "42")


def test_matching_allows_the_two_decimals_answers_are_asked_to():
    assert matches((2.33,), (7 / 3,))
    assert not matches((2.3,), (7 / 3,))
    assert not matches((31, 30), (31, 31))
